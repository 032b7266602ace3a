// The composition root: the only place that picks adapters (SQLite or PostgreSQL, mailer, blob
// store) from configuration and wires them into the services and the HTTP server.
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createActionRegistry } from './actions/catalogue.js';
import { buildServer } from './api/server.js';
import { JwtSigner } from './auth/jwt.js';
import type { Config } from './config/config.js';
import { EnvelopeSecretBox } from './crypto/envelope.secret-box.js';
import { MasterKeys } from './crypto/master-key.js';
import { LocalBlobStore } from './files/local.blob-store.js';
import { SmtpMailer } from './mail/smtp.mailer.js';
import { createLogger } from './observability/logger.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { HealthCheck } from './ports/health.js';
import type { Mailer } from './ports/mailer.js';
import { InlineWorkQueue } from './queue/inline/inline.queue.js';
import { Ticker, type TickTask } from './scheduler/ticker.js';
import { EgressPolicy } from './net/egress.js';
import { ActionServiceFactory } from './services/action-services.js';
import { ApiKeyService } from './services/api-key.service.js';
import { AuthService } from './services/auth.service.js';
import { CredentialService } from './services/credential.service.js';
import { DataTypeService } from './services/data-type.service.js';
import { FileService } from './services/file.service.js';
import { RetentionService } from './services/retention.service.js';
import { IdentityService } from './services/identity.service.js';
import { LoginLimiter } from './services/login-limiter.js';
import { NodePresence } from './services/node-presence.js';
import { ProcessService } from './services/process.service.js';
import { StatusService } from './services/status.service.js';
import { createRuntime } from './services/runtime.js';
import { cacheIdentityReads } from './storage/cached-identity.js';
import { openStorage, type Storage } from './storage/storage.js';

export interface AppOptions {
  config: Config;
  logger?: Logger;
  clock?: Clock;
  /** Overrides the mailer chosen from SLUICE_SMTP_URL (tests). */
  mailer?: Mailer | null;
}

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly storage: Storage;
  readonly server: FastifyInstance;
  readonly identity: IdentityService;
  readonly credentials: CredentialService;
  readonly retention: RetentionService;
  /** Migrates, bootstraps, starts the periodic duties and listens. Returns the base URLs. */
  start(): Promise<{ urls: string[]; generatedAdminPassword: string | null }>;
  close(): Promise<void>;
}

/** Opens storage and runs migrations: what `sluice migrate` does. */
export async function migrate(config: Config): Promise<string[]> {
  const storage = openStorage(config.database);
  try {
    return await storage.migrate();
  } finally {
    await storage.close();
  }
}

export async function createApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const storage = openStorage(config.database);
  const signer = JwtSigner.fromFile(
    config.jwtKeyFile || path.join(config.dataDir, 'jwt-ed25519.pem'),
  );
  const smtp =
    options.mailer === undefined && config.smtpUrl
      ? new SmtpMailer(config.smtpUrl, config.smtpFrom)
      : null;
  const mailer = options.mailer === undefined ? smtp : options.mailer;

  // Every authenticated request reads its login, user, realm and memberships: kept for 2 s.
  const identityStores = cacheIdentityReads(storage, 2000);
  const identity = new IdentityService(identityStores.identity, clock);
  let baseUrl = `http://${config.host}:${config.port}`;
  const auth = new AuthService({
    identity: identityStores.identity,
    sessions: identityStores.sessions,
    signer,
    limiter: new LoginLimiter({
      maxPerUser: config.loginMaxFailures,
      maxPerAddress: config.loginMaxFailuresPerAddress,
      windowSeconds: config.loginWindowSeconds,
    }),
    clock,
    settings: {
      accessTokenSeconds: config.accessTokenSeconds,
      refreshTokenSeconds: config.refreshTokenSeconds,
      publicUrl: () => config.publicUrl || baseUrl,
    },
    mailer,
    log: (message, fields) => logger.info(fields ?? {}, message),
  });
  const apiKeys = new ApiKeyService(
    storage.apiKeys,
    identityStores.identity,
    clock,
    config.apiKeyLimit,
  );
  const actions = createActionRegistry();
  // Deleting a process stops its unfinished instances (the runtime is created below).
  let stopInstancesOf: (workspaceId: string, processId: string) => Promise<void> = async () =>
    undefined;
  // A changed data model drops the compiled plans that captured it (the runtime is created below).
  let forgetPlans: (workspaceId: string | null) => void = () => undefined;
  const dataTypes = new DataTypeService(storage.dataTypes, clock, {
    onChanged: (workspaceId) => forgetPlans(workspaceId),
  });
  const workspaceTypes = (workspaceId: string) => dataTypes.resolver(workspaceId);
  const processes = new ProcessService(storage.processes, identityStores.identity, actions, clock, {
    dataTypes: workspaceTypes,
    onDeleted: (workspaceId, processId) => stopInstancesOf(workspaceId, processId),
  });

  // The embedded shape: this process serves the API and runs the work.
  const presence = new NodePresence(storage.nodes, ['serve', 'worker'], clock);
  // Periodic duties of every serve process; later parts of the assembly add theirs.
  const periodicTasks: TickTask[] = [presence.heartbeat];
  const ticker = new Ticker(periodicTasks, 1000, (task, error) =>
    logger.warn({ err: error, task }, 'periodic task failed'),
  );
  const database: HealthCheck = {
    name: 'database',
    check: async () => ({
      status: 'ok',
      dialect: storage.dialect,
      latencyMs: Math.round((await storage.ping()) * 100) / 100,
    }),
  };
  const queue = new InlineWorkQueue(storage.db, storage.dialect);
  const queueHealth: HealthCheck = {
    name: 'queue',
    check: async () => ({ status: 'ok', adapter: queue.adapter, ...(await queue.stats()) }),
  };
  const secrets = new EnvelopeSecretBox(storage.workspaceKeys, MasterKeys.load(config), clock);
  const credentials = new CredentialService(storage.credentials, secrets, clock);
  const blobs = new LocalBlobStore(path.join(config.dataDir, 'files'));
  const actionServices = new ActionServiceFactory({
    credentials,
    instances: storage.instances,
    blobs,
    fileLimitBytes: config.fileLimitBytes,
    egress: EgressPolicy.allowing(config.egressAllow),
  });
  const runtime = createRuntime({
    storage,
    processes: {
      async head(workspaceId, processId) {
        const process = await processes.head(workspaceId, processId);
        return process
          ? {
              id: process.id,
              workspaceId: process.workspaceId,
              title: process.title,
              active: process.active,
              version: process.version,
            }
          : null;
      },
      async flow(workspaceId, processId, version) {
        return (await processes.version(workspaceId, processId, version))?.document ?? null;
      },
      async exists(workspaceId, processId) {
        return (await storage.processes.existing(workspaceId, [processId])).has(processId);
      },
    },
    registry: actions,
    queue,
    clock,
    log: {
      warn: (message, fields) => logger.warn(fields ?? {}, message),
      error: (message, fields) => logger.error(fields ?? {}, message),
    },
    concurrency: config.workerConcurrency,
    dataTypes: workspaceTypes,
    engine: { actionTimeoutMs: config.actionTimeoutSeconds * 1000 },
    services: (instance) => actionServices.for(instance),
  });
  stopInstancesOf = (workspaceId, processId) => runtime.instances.stopAllOf(workspaceId, processId);
  forgetPlans = (workspaceId) => runtime.plans.forget(workspaceId);
  const files = new FileService({
    instances: runtime.instances,
    store: storage.instances,
    blobs,
    fileLimitBytes: config.fileLimitBytes,
  });
  const retention = new RetentionService(storage.instances, files);
  periodicTasks.push(retention.task);
  const status = new StatusService(
    [database, queueHealth, ticker, presence.workersHealth()],
    clock,
  );

  const server = await buildServer(
    {
      auth,
      identity,
      apiKeys,
      status,
      processes,
      dataTypes,
      instances: runtime.instances,
      files,
      credentials,
    },
    {
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      fileLimitBytes: config.fileLimitBytes,
      trustProxy: config.trustProxy,
    },
  );
  const extraServers: http.Server[] = [];
  let started = false;

  return {
    config,
    logger,
    storage,
    server,
    identity,
    credentials,
    retention,
    async start() {
      await storage.migrate();
      const boot = await identity.bootstrap({
        username: config.adminUsername,
        password: config.adminPassword,
        email: config.adminEmail,
      });
      await presence.register();
      ticker.start();
      started = true;
      await runtime.startWorker();
      await server.listen({ host: config.host, port: config.port });
      const urls = [url(server.server.address() as AddressInfo)];
      baseUrl = urls[0]!;
      for (const port of config.extraPorts) {
        const extra = http.createServer((req, res) => server.routing(req, res));
        await new Promise<void>((resolve, reject) =>
          extra.once('error', reject).listen(Number(port), config.host, () => resolve()),
        );
        extraServers.push(extra);
        urls.push(url(extra.address() as AddressInfo));
      }
      return { urls, generatedAdminPassword: boot.generatedPassword };
    },
    async close() {
      await Promise.all(extraServers.map((s) => new Promise((resolve) => s.close(resolve))));
      await server.close();
      await ticker.stop();
      await runtime.stop();
      if (started) await presence.unregister().catch(() => undefined);
      smtp?.close();
      await storage.close();
    },
  };
}

function url(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
