import swagger, { type SwaggerOptions } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApiDocs } from './api-docs.js';

const SWAGGER: SwaggerOptions = {
  openapi: {
    openapi: '3.0.3',
    info: { title: 'Things', version: '1' },
    components: { securitySchemes: { Bearer: { type: 'http', scheme: 'bearer' } } },
  },
};

/** The same small API, its description and Swagger UI registered as `docs` says. */
async function serverWith(docs: (app: FastifyInstance) => Promise<void>): Promise<FastifyInstance> {
  const app = Fastify({ routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send([{ statusCode: 404, value: 'Route not found.', target: request.url }]),
  );
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('api-supported-versions', '1.0');
    return payload;
  });
  await docs(app);
  app.get(
    '/api/things/:id',
    {
      schema: {
        tags: ['Things'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ full: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ id: Type.String(), name: Type.String() }) },
      },
    },
    async () => ({ id: 'x', name: 'y' }),
  );
  app.post(
    '/api/things',
    {
      schema: {
        tags: ['Things'],
        security: [{ Bearer: [] }],
        headers: Type.Object({ exportPassword: Type.Optional(Type.String()) }),
        body: Type.Object({ name: Type.String() }),
      },
      config: { anything: true },
    },
    async () => ({}),
  );
  app.get('/api/hidden', { schema: { hide: true } }, async () => ({}));
  app.get('/api/plain', async () => ({}));
  await app.ready();
  return app;
}

describe('API description and Swagger UI built at the first request', () => {
  let eager: FastifyInstance;
  let lazy: FastifyInstance;
  beforeAll(async () => {
    eager = await serverWith(async (app) => {
      await app.register(swagger, SWAGGER);
      await app.register(swaggerUi, {
        routePrefix: '/swagger',
        uiConfig: { url: '/swagger/v1/swagger.json' },
      });
      app.get('/swagger/v1/swagger.json', { schema: { hide: true } }, async () => app.swagger());
    });
    lazy = await serverWith(async (app) =>
      registerApiDocs(app, {
        swagger: SWAGGER,
        descriptionUrl: '/swagger/v1/swagger.json',
        uiPrefix: '/swagger',
      }),
    );
  });
  afterAll(async () => {
    await Promise.all([eager.close(), lazy.close()]);
  });

  it('answers as @fastify/swagger and @fastify/swagger-ui registered with the server do', async () => {
    for (const [method, url] of [
      ['GET', '/swagger/v1/swagger.json'],
      ['GET', '/swagger'],
      ['GET', '/swagger/'],
      ['GET', '/SWAGGER'],
      ['GET', '/swagger/static/index.html'],
      ['GET', '/swagger/static/swagger-initializer.js'],
      ['GET', '/swagger/static/swagger-ui.css'],
      ['GET', '/swagger/static/no-such-file.js'],
      ['GET', '/swagger/json'],
      ['GET', '/swagger/yaml'],
      ['GET', '/swagger/nothing'],
      ['HEAD', '/swagger'],
    ] as const) {
      const [a, b] = await Promise.all([eager, lazy].map((app) => app.inject({ method, url })));
      const view = (res: typeof a) => ({
        url,
        method,
        status: res!.statusCode,
        type: res!.headers['content-type'],
        location: res!.headers.location,
        version: res!.headers['api-supported-versions'],
        body: res!.body,
      });
      expect(view(b)).toEqual(view(a));
    }
  });

  it('describes the routes added after it, not the hidden ones', async () => {
    const description = (await lazy.inject({ url: '/swagger/v1/swagger.json' })).json<{
      paths: Record<string, unknown>;
    }>();
    expect(Object.keys(description.paths).sort()).toEqual([
      '/api/plain',
      '/api/things',
      '/api/things/{id}',
    ]);
  });

  it('answers a repeated asset request with the same etag as a not-modified', async () => {
    const first = await lazy.inject({ url: '/swagger/static/swagger-ui.css' });
    const again = await lazy.inject({
      url: '/swagger/static/swagger-ui.css',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });
});
