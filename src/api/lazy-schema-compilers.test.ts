import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lazySchemaCompilers, lowerCaseHeaderNames } from './lazy-schema-compilers.js';

const AJV: FastifyServerOptions['ajv'] = {
  customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true },
};

function serverWith(options: FastifyServerOptions): FastifyInstance {
  const app = Fastify(options);
  app.post(
    '/things/:id',
    {
      schema: {
        params: Type.Object({ id: Type.Integer() }),
        querystring: Type.Object({ tags: Type.Optional(Type.Array(Type.String())) }),
        headers: Type.Object({ exportPassword: Type.String({ minLength: 3 }) }),
        body: Type.Object({ name: Type.String(), count: Type.Optional(Type.Number()) }),
        response: {
          200: Type.Object({
            id: Type.Integer(),
            tags: Type.Array(Type.String()),
            name: Type.String(),
            password: Type.String(),
          }),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: number };
      const { tags = [] } = request.query as { tags?: string[] };
      const { name } = request.body as { name: string };
      // `secret` is not in the response schema: the serializer leaves it out.
      return { id, tags, name, password: request.headers.exportpassword, secret: 'x' };
    },
  );
  return app;
}

describe('lazy schema compilers', () => {
  let eager: FastifyInstance;
  let lazy: FastifyInstance;
  beforeAll(async () => {
    eager = serverWith({ ajv: AJV });
    lazy = serverWith({ ajv: AJV, schemaController: { compilersFactory: lazySchemaCompilers } });
    await Promise.all([eager.ready(), lazy.ready()]);
  });
  afterAll(async () => {
    await Promise.all([eager.close(), lazy.close()]);
  });

  const requests = [
    { url: '/things/7?tags=a&tags=b', headers: { exportpassword: 'abcd' }, body: { name: 'n' } },
    { url: '/things/7?tags=one', headers: { ExportPassword: 'abcd' }, body: { name: 'n' } },
    { url: '/things/x', headers: { exportpassword: 'abcd' }, body: { name: 'n' } },
    { url: '/things/7', headers: {}, body: { name: 'n' } },
    { url: '/things/7', headers: { exportpassword: 'ab' }, body: { name: 5, count: 'many' } },
    { url: '/things/7', headers: { exportpassword: 'abcd' }, body: { count: '3' } },
  ];

  it('answers every request as fastify’s own compilers do', async () => {
    for (const request of requests) {
      const [a, b] = await Promise.all(
        [eager, lazy].map((app) => app.inject({ method: 'POST', ...request })),
      );
      expect({ url: request.url, status: b!.statusCode, body: b!.json() as unknown }).toEqual({
        url: request.url,
        status: a!.statusCode,
        body: a!.json() as unknown,
      });
    }
  });

  it('lower-cases header names without touching the route schema', () => {
    const schema = Type.Object({
      exportPassword: Type.String(),
      Other: Type.Optional(Type.String()),
    });
    const lowered = lowerCaseHeaderNames(schema) as typeof schema;
    expect(Object.keys(lowered.properties)).toEqual(['exportpassword', 'other']);
    expect(lowered.required).toEqual(['exportpassword']);
    expect(Object.keys(schema.properties)).toEqual(['exportPassword', 'Other']);
  });
});
