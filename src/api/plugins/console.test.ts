// The console files at `/`: content types, caching of hashed assets, the page fallback, and that
// no console answer ever stands in for an API route.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerConsole } from './console.js';
import { registerErrorHandling } from './error-handler.js';

const dirs: string[] = [];

function builtConsole(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-console-dist-'));
  dirs.push(root);
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Sluice</title>');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1);');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc123.css'), 'body{}');
  fs.writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return root;
}

async function serverFor(root: string): Promise<FastifyInstance> {
  const app = Fastify({ routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });
  registerErrorHandling(app);
  app.get('/api/Things', async () => ({ things: [] }));
  app.get('/health', async () => ({ status: 'Healthy' }));
  registerConsole(app, { root });
  await app.ready();
  return app;
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('console files', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await serverFor(builtConsole());
  });
  afterAll(async () => app.close());

  it('serves index.html at / with a content security policy and no long-term caching', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.body).toContain('<title>Sluice</title>');
  });

  it('serves hashed assets with their content type, cached for a year', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body).toBe('console.log(1);');
    const css = await app.inject({ method: 'GET', url: '/assets/index-abc123.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const svg = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toBe('no-cache');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    const again = await app.inject({
      method: 'GET',
      url: '/assets/index-abc123.js',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('falls back to index.html for page paths, but not for missing files with an extension', async () => {
    const page = await app.inject({ method: 'GET', url: '/processes/123' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Sluice</title>');
    const missing = await app.inject({ method: 'GET', url: '/assets/gone-000.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('never leaves its directory', async () => {
    for (const url of [
      '/../package.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2fsecret.js',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.body).not.toContain('"name"');
      expect(res.body).not.toContain('root:');
    }
  });

  it('does not shadow API routes: known ones answer, unknown ones get the API 404 body', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/things' })).json()).toEqual({
      things: [],
    });
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({
      status: 'Healthy',
    });
    for (const url of ['/api/Nothing/here', '/API/missing.js', '/swagger/nothing']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual([
        { statusCode: 404, value: 'Route not found.', target: `GET ${url}` },
      ]);
    }
  });
});

describe('console not built', () => {
  it('still starts and answers / with a 503 text saying how to build it; the API still works', async () => {
    const app = await serverFor(path.join(os.tmpdir(), 'sluice-no-console-here'));
    try {
      const res = await app.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body).toContain('npm run build');
      expect((await app.inject({ method: 'GET', url: '/api/Things' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/Other' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
