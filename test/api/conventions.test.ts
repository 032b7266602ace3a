// PROCESIO's HTTP conventions (API.md §0) through the real server: case-insensitive routes, the
// error body for every transport failure, body media, versions and the OpenAPI description.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

let server: TestServer;
let url: string;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  token = (await login(url)).access_token!;
});
afterAll(async () => server.close());

describe('conventions', () => {
  it('matches route paths in any case and answers api-supported-versions on every response', async () => {
    for (const route of ['/api/Workspaces', '/API/WORKSPACES', '/api/workspaces/']) {
      const res = await call(url, 'GET', route, { headers: bearer(token) });
      expect(res.status, route).toBe(200);
      expect(res.headers.get('api-supported-versions')).toBe('1.19');
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
    expect((await call(url, 'GET', '/nowhere')).headers.get('api-supported-versions')).toBe('1.19');
  });

  it('answers an unknown route with 404 in the PROCESIO error shape', async () => {
    const res = await call(url, 'DELETE', '/api/Nothing/here?x=1');
    expect(res.status).toBe(404);
    expect(res.body).toEqual([
      { statusCode: 404, value: 'Route not found.', target: 'DELETE /api/Nothing/here' },
    ]);
  });

  it('reads a JSON body sent without a Content-Type and with any charset', async () => {
    // A byte body makes fetch send no Content-Type at all.
    const plain = await fetch(`${url}/api/Users/password/forgot`, {
      method: 'POST',
      body: Buffer.from(JSON.stringify({ email: 'a@b.c' })),
    });
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual({ message: expect.any(String) });
    const charset = await call(url, 'POST', '/api/Users/password/forgot', {
      headers: { 'content-type': 'application/json; charset=ISO-8859-1' },
      body: JSON.stringify({ email: 'a@b.c' }),
    });
    expect(charset.status).toBe(200);
  });

  it('refuses a media type the route does not take with 415', async () => {
    const res = await call(url, 'POST', '/api/Users/password/forgot', {
      headers: { 'content-type': 'text/plain' },
      body: 'email=a@b.c',
    });
    expect(res.status).toBe(415);
    expect(res.body).toEqual([
      { statusCode: 415, value: expect.stringContaining('text/plain'), target: 'Content-Type' },
    ]);
  });

  it('refuses malformed JSON with 400, never 500', async () => {
    const res = await call(url, 'POST', '/api/Users/password/forgot', {
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { statusCode: 502, value: 'The request body is not valid JSON.', target: 'body' },
    ]);
  });

  it('refuses a JSON body over the limit with 413', async () => {
    const res = await call(url, 'POST', '/api/Users/password/forgot', {
      json: { email: 'x'.repeat(11 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual([
      { statusCode: 413, value: 'Request body is too large.', target: 'body' },
    ]);
  });

  it('refuses two properties that differ only in case with 400', async () => {
    const res = await call(url, 'POST', '/api/Users/password/forgot', {
      body: '{"email":"a@b.c","EMAIL":"d@e.f"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { statusCode: 502, value: expect.stringContaining('differ only in case'), target: 'EMAIL' },
    ]);
  });

  it('refuses a wrongly typed property with 400 naming it', async () => {
    const res = await call(url, 'POST', '/api/Users/password/update', {
      json: { token: 'x', password: { nested: true } },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { statusCode: 502, value: expect.stringContaining('password'), target: 'password' },
    ]);
  });

  it('serves /gui/Version (GET and POST) and /health anonymously', async () => {
    const expected = { version: expect.any(String), apiVersion: '1.19', name: 'Sluice' };
    expect((await call(url, 'GET', '/gui/Version')).body).toEqual(expected);
    expect((await call(url, 'POST', '/gui/version', { json: { anything: 1 } })).body).toEqual(
      expected,
    );
    expect(
      (
        await call(url, 'POST', '/gui/Version', {
          headers: { 'content-type': 'text/plain' },
          body: 'ignored',
        })
      ).status,
    ).toBe(200);
    expect((await call(url, 'GET', '/health')).body).toEqual({ status: 'ok' });
  });

  it('reports each component in /api/Status', async () => {
    const res = await call(url, 'GET', '/api/Status', { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      apiVersion: '1.19',
      components: {
        database: { status: 'ok', dialect: 'sqlite', latencyMs: expect.any(Number) },
        queue: { status: 'ok', adapter: 'inline', waiting: 0, delayed: 0, active: 0 },
        scheduler: { status: 'ok', lagMs: expect.any(Number) },
        workers: { status: 'ok', count: 1 },
      },
    });
  });
});

describe('OpenAPI', () => {
  it('describes every route with both security schemes at /swagger/v1/swagger.json', async () => {
    const res = await call(url, 'GET', '/swagger/v1/swagger.json');
    expect(res.status).toBe(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'Bearer',
      'KeyName',
      'KeyValue',
    ]);
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const route of [
      'POST /api/Authentication',
      'POST /api/Authentication/refreshToken',
      'POST /api/Authentication/logOut',
      'DELETE /api/Authentication/logOut',
      'POST /api/Users/password/change',
      'POST /api/Users/password/forgot',
      'POST /api/Users/password/update',
      'GET /api/Users/me',
      'GET /api/Workspaces',
      'GET /api/ApiKey',
      'POST /api/ApiKey',
      'DELETE /api/ApiKey',
      'DELETE /api/ApiKey/{id}',
      'GET /api/Status',
      'GET /gui/Version',
      'POST /gui/Version',
      'GET /health',
    ]) {
      expect(routes).toContain(route);
    }
  });

  it('serves Swagger UI at /swagger', async () => {
    const res = await fetch(`${url}/swagger`, { redirect: 'follow' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger');
  });
});
