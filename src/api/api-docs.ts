// Owns the API's description (OpenAPI, from the route schemas) and Swagger UI. Both come from a
// fastify instance of their own, built at the first request for either rather than with the
// server: @fastify/swagger, its YAML writer and Swagger UI's assets cost start-up time and memory
// that few servers ever use. The server records its routes as they are added; the docs instance
// gets the same routes (schemas and settings, without handlers), so the description is the one
// @fastify/swagger would have made on the server itself. The server forwards the Swagger UI
// requests to that instance in memory, so its own hooks, headers and 404 body still apply.
import type { SwaggerOptions } from '@fastify/swagger';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';

export interface ApiDocsOptions {
  /** @fastify/swagger's options (the `openapi` document head). */
  swagger: SwaggerOptions;
  /** Where the OpenAPI description is served as JSON. */
  descriptionUrl: string;
  /** Where Swagger UI is served, e.g. `/swagger`. */
  uiPrefix: string;
}

/** Headers that describe one connection or are recomputed by the server that answers. */
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'date',
]);

const documentOnly = () => undefined;

async function buildDocs(
  routes: readonly RouteOptions[],
  options: ApiDocsOptions,
): Promise<FastifyInstance> {
  const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([
    import('@fastify/swagger'),
    import('@fastify/swagger-ui'),
  ]);
  const docs = Fastify({
    // The server's routing, so Swagger UI's URLs match as they do there; schemas are only read.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    schemaController: { compilersFactory: lazySchemaCompilers },
  });
  await docs.register(swagger, options.swagger);
  await docs.register(swaggerUi, {
    routePrefix: options.uiPrefix,
    uiConfig: { url: options.descriptionUrl },
  });
  for (const route of routes) {
    // Hidden routes (these docs' own among them) are not described; HEAD routes are added by
    // fastify for each GET, here as on the server, and @fastify/swagger leaves them out.
    if (route.method === 'HEAD' || route.schema?.hide) continue;
    docs.route({
      method: route.method,
      url: route.url,
      schema: route.schema,
      config: route.config,
      handler: documentOnly,
    });
  }
  await docs.ready();
  return docs;
}

/**
 * Registers the description's route and Swagger UI's, and starts recording the routes added
 * after this call: register it before the API's routes.
 */
export function registerApiDocs(app: FastifyInstance, options: ApiDocsOptions): void {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  let docs: Promise<FastifyInstance> | undefined;
  const built = () => (docs ??= buildDocs(routes, options));

  app.get(
    options.descriptionUrl,
    { schema: { hide: true }, config: { security: { auth: 'anonymous', workspace: false } } },
    async () => (await built()).swagger(),
  );

  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const answer = await (
      await built()
    ).inject({
      method: request.method as 'GET' | 'HEAD',
      url: request.url,
      headers: request.headers,
    });
    // A missing asset gets the server's own 404 body, as it did from @fastify/static.
    if (answer.statusCode === 404) return reply.callNotFound();
    reply.code(answer.statusCode);
    for (const [name, value] of Object.entries(answer.headers))
      if (value !== undefined && !NOT_FORWARDED.has(name)) reply.header(name, value);
    // An empty answer (a redirect, a not-modified) stays without a body or a content type.
    return answer.rawPayload.length > 0 ? reply.send(answer.rawPayload) : reply.send();
  };
  // The routes @fastify/swagger-ui serves under its prefix.
  const prefix = options.uiPrefix;
  for (const url of [prefix, `${prefix}/static/*`, `${prefix}/json`, `${prefix}/yaml`])
    app.get(url, { schema: { hide: true } }, forward);

  app.addHook('onClose', async () => {
    if (docs) await (await docs.catch(() => null))?.close();
  });
}
