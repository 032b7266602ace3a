// Owns the HTTP server: fastify with PROCESIO's conventions (case-insensitive routes, the error
// body, body media, principals, workspaces), the OpenAPI description and every route area.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ActionCatalogueService } from '../services/action-catalogue.service.js';
import type { ActionTestRunService } from '../services/action-test-run.service.js';
import type { ApiKeyService } from '../services/api-key.service.js';
import type { AuthService } from '../services/auth.service.js';
import type { CredentialService } from '../services/credential.service.js';
import type { CredentialProbeService } from '../services/credential-probe.service.js';
import type { DataTypeService } from '../services/data-type.service.js';
import type { FileService } from '../services/file.service.js';
import type { IdentityService } from '../services/identity.service.js';
import type { InstanceService } from '../services/instance.service.js';
import type { ProcessService } from '../services/process.service.js';
import type { ScheduleService } from '../services/schedule.service.js';
import type { StatusService } from '../services/status.service.js';
import type { AnalyticsService } from '../services/analytics.service.js';
import type { BundleService } from '../services/bundle.service.js';
import type { WebhookService } from '../services/webhook.service.js';
import { API_VERSION, SLUICE_VERSION } from '../version.js';
import { registerApiDocs } from './api-docs.js';
import './http-types.js';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';
import { registerAuthentication } from './plugins/authentication.js';
import { registerConsole } from './plugins/console.js';
import { registerErrorHandling } from './plugins/error-handler.js';
import { registerMultipart } from './plugins/multipart.js';
import { registerRequestBodies } from './plugins/request-bodies.js';
import { registerActionRoutes } from './routes/actions.routes.js';
import { registerApiKeyRoutes } from './routes/api-key.routes.js';
import { registerAuthenticationRoutes } from './routes/authentication.routes.js';
import { registerCredentialRoutes } from './routes/credentials.routes.js';
import { registerDataTypeRoutes } from './routes/data-types.routes.js';
import { registerFileRoutes } from './routes/files.routes.js';
import { registerInstanceRoutes } from './routes/instances.routes.js';
import { registerProjectRoutes } from './routes/projects.routes.js';
import { registerScheduleRoutes } from './routes/schedules.routes.js';
import { registerStatusRoutes } from './routes/status.routes.js';
import { registerUserRoutes } from './routes/users.routes.js';
import { registerWorkspaceRoutes } from './routes/workspaces.routes.js';
import { registerResourceRoutes } from './routes/resources.routes.js';
import { registerTransportRoutes } from './routes/transport.routes.js';
import { registerWebhookRoutes } from './routes/webhooks.routes.js';

export interface ApiServices {
  auth: AuthService;
  identity: IdentityService;
  apiKeys: ApiKeyService;
  status: StatusService;
  processes: ProcessService;
  dataTypes: DataTypeService;
  instances: InstanceService;
  files: FileService;
  credentials: CredentialService;
  actionCatalogue: ActionCatalogueService;
  actionTests: ActionTestRunService;
  credentialProbes: CredentialProbeService;
  schedules: ScheduleService;
  webhooks: WebhookService;
  analytics: AnalyticsService;
  bundles: BundleService;
}

export interface ServerOptions {
  logger: Logger;
  bodyLimitBytes: number;
  /** Largest uploaded file (multipart part), in bytes. */
  fileLimitBytes: number;
  trustProxy: boolean;
}

export async function buildServer(
  services: ApiServices,
  options: ServerOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 500 },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
    // Each route's schemas compile at its first request, not at start (see lazy-schema-compilers).
    schemaController: { compilersFactory: lazySchemaCompilers },
    requestIdHeader: 'x-request-id',
    return503OnClosing: true,
  }) as unknown as FastifyInstance;

  registerErrorHandling(app);
  registerRequestBodies(app);
  await registerMultipart(app, { fileLimitBytes: options.fileLimitBytes });
  registerAuthentication(app, services);

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('api-supported-versions', API_VERSION);
    return payload;
  });

  // The description and Swagger UI are built at their first request (see api-docs.ts).
  registerApiDocs(app, {
    descriptionUrl: '/swagger/v1/swagger.json',
    uiPrefix: '/swagger',
    swagger: {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Sluice API (PROCESIO-compatible)',
          version: SLUICE_VERSION,
          description:
            'Sluice serves the PROCESIO public REST API. Errors are `[{statusCode, value, target}]`.',
        },
        components: {
          securitySchemes: {
            Bearer: {
              type: 'http',
              scheme: 'bearer',
              bearerFormat: 'JWT',
              description: 'Access token from POST /api/Authentication.',
            },
            KeyName: { type: 'apiKey', in: 'header', name: 'key', description: 'API key name.' },
            KeyValue: {
              type: 'apiKey',
              in: 'header',
              name: 'value',
              description: 'API key value.',
            },
          },
        },
      },
    },
  });

  registerAuthenticationRoutes(app, services);
  registerUserRoutes(app, services);
  registerWorkspaceRoutes(app, services);
  registerApiKeyRoutes(app, services);
  registerStatusRoutes(app, services);
  registerProjectRoutes(app, services);
  registerDataTypeRoutes(app, services);
  registerInstanceRoutes(app, services);
  registerFileRoutes(app, services);
  registerCredentialRoutes(app, services);
  registerActionRoutes(app, services);
  registerScheduleRoutes(app, services);
  registerWebhookRoutes(app, services);
  registerResourceRoutes(app, services);
  registerTransportRoutes(app, { ...services, fileLimitBytes: options.fileLimitBytes });
  registerConsole(app);

  return app;
}
