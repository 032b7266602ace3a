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
import type { SmtpMailer } from './mail/smtp.mailer.js';
import { createLogger } from './observability/logger.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { HealthCheck } from './ports/health.js';
import type { Mailer } from './ports/mailer.js';
import { closeSandbox } from './sandbox/index.js';
import type { WorkQueue } from './ports/work-queue.js';
import type { RedisInstanceSignals } from './queue/bullmq/redis-instance-signals.js';
import { InlineWorkQueue } from './queue/inline/inline.queue.js';
import { ScheduleFirer } from './scheduler/schedule-firer.js';
import { Ticker, type TickTask } from './scheduler/ticker.js';
import { EgressPolicy } from './net/egress.js';
import { ActionServiceFactory } from './services/action-services.js';
import { packageRuntime, WorkspaceCustomActions } from './services/action-catalogue.custom.js';
import { ActionCatalogueService } from './services/action-catalogue.service.js';
import { ActionTestRunService } from './services/action-test-run.service.js';
import { ApiKeyService } from './services/api-key.service.js';
import { AuthService } from './services/auth.service.js';
import { CredentialService } from './services/credential.service.js';
import { CredentialFiles } from './services/credential-files.js';
import { CredentialProbeService } from './services/credential-probe.service.js';
import { DataTypeService } from './services/data-type.service.js';
import { FileService } from './services/file.service.js';
import { RetentionService } from './services/retention.service.js';
import { ScheduleService } from './services/schedule.service.js';
import { AnalyticsService } from './services/analytics.service.js';
import { BundleService } from './services/bundle.service.js';
import { WebhookService } from './services/webhook.service.js';
import { IdentityService } from './services/identity.service.js';
import { LoginLimiter } from './services/login-limiter.js';
import { NodePresence } from './services/node-presence.js';
import { ProcessService } from './services/process.service.js';
import { Reconciler } from './services/reconciler.js';
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
  /**
   * What this process does: `api` serves HTTP, `worker` runs instances from the queue. `sluice
   * serve` is both (or only `api` with --no-worker); `sluice worker` is only `worker`.
   */
  roles?: { api: boolean; worker: boolean };
}

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly storage: Storage;
  readonly server: FastifyInstance;
  readonly identity: IdentityService;
  readonly credentials: CredentialService;
  readonly retention: RetentionService;
  /** Fires due schedules; `runOnce()` lets tests drive it with their clock. */
  readonly scheduler: ScheduleFirer;
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
  // Adapters that bring a large library (nodemailer, BullMQ, ioredis) are imported only when the
  // configuration asks for them: the embedded shape starts without loading them.
  const smtp: SmtpMailer | null =
    options.mailer === undefined && config.smtpUrl
      ? new (await import('./mail/smtp.mailer.js')).SmtpMailer(config.smtpUrl, config.smtpFrom)
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
  // Each workspace's custom actions join the shared platform catalogue (API.md §9.5).
  const customActions = new WorkspaceCustomActions(
    storage.actions,
    packageRuntime,
    (message, fields) => logger.warn(fields, message),
  );
  actions.useWorkspaceActions(customActions);
  // Deleting a process stops its unfinished instances (the runtime is created below).
  let stopInstancesOf: (workspaceId: string, processId: string) => Promise<void> = async () =>
    undefined;
  // … and deletes its schedules (the schedule service is created below).
  let deleteSchedulesOf: (workspaceId: string, processId: string) => Promise<void> = async () =>
    undefined;
  // A changed data model drops the compiled plans that captured it (the runtime is created below).
  let forgetPlans: (workspaceId: string | null) => void = () => undefined;
  const dataTypes = new DataTypeService(storage.dataTypes, clock, {
    onChanged: (workspaceId) => forgetPlans(workspaceId),
  });
  const workspaceTypes = (workspaceId: string) => dataTypes.resolver(workspaceId);
  const processes = new ProcessService(storage.processes, identityStores.identity, actions, clock, {
    dataTypes: workspaceTypes,
    onDeleted: async (workspaceId, processId) => {
      await deleteSchedulesOf(workspaceId, processId);
      await stopInstancesOf(workspaceId, processId);
    },
  });

  // The embedded shape: this process serves the API and runs the work.
  const roles = options.roles ?? { api: true, worker: true };
  const presence = new NodePresence(
    storage.nodes,
    [...(roles.api ? ['serve'] : []), ...(roles.worker ? ['worker'] : [])],
    clock,
  );
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
  const queue: WorkQueue = config.redisUrl
    ? new (await import('./queue/bullmq/bullmq.queue.js')).BullMqWorkQueue({ url: config.redisUrl })
    : new InlineWorkQueue(storage.db, storage.dialect);
  const relay: RedisInstanceSignals | null = config.redisUrl
    ? new (await import('./queue/bullmq/redis-instance-signals.js')).RedisInstanceSignals(
        config.redisUrl,
      )
    : null;
  const queueHealth: HealthCheck = {
    name: 'queue',
    check: async () => ({ status: 'ok', adapter: queue.adapter, ...(await queue.stats()) }),
  };
  const secrets = new EnvelopeSecretBox(storage.workspaceKeys, MasterKeys.load(config), clock);
  const blobs = new LocalBlobStore(path.join(config.dataDir, 'files'));
  // One egress policy for every outbound connection: actions and credential tests alike.
  const egress = EgressPolicy.allowing(config.egressAllow);
  const credentialFiles = new CredentialFiles({ blobs, clock });
  const credentials = new CredentialService(storage.credentials, secrets, clock, credentialFiles);
  const credentialProbes = new CredentialProbeService({
    credentials,
    files: credentialFiles,
    egress,
  });
  const actionServices = new ActionServiceFactory({
    credentials,
    instances: storage.instances,
    blobs,
    fileLimitBytes: config.fileLimitBytes,
    egress,
    credentialFiles,
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
  const reconciler = new Reconciler({
    instances: storage.instances,
    queue,
    intervalMs: config.reconcileSeconds * 1000,
    log: (message, fields) => logger.warn(fields, message),
  });
  if (roles.worker) periodicTasks.push(reconciler.task);
  forgetPlans = (workspaceId) => runtime.plans.forget(workspaceId);
  const actionCatalogue = new ActionCatalogueService({
    registry: actions,
    store: storage.actions,
    custom: customActions,
    runtime: packageRuntime,
    clock,
    onCustomActionsChanged: (workspaceId) => forgetPlans(workspaceId),
  });
  const actionTests = new ActionTestRunService({
    catalogue: actionCatalogue,
    registry: actions,
    store: storage.actions,
    blobs,
    services: (owner) => actionServices.for(owner),
    dataTypes: workspaceTypes,
    clock,
    actionTimeoutMs: config.actionTimeoutSeconds * 1000,
    fileLimitBytes: config.fileLimitBytes,
    log: (message, fields) => logger.warn(fields, message),
  });
  periodicTasks.push(actionTests.task);
  const files = new FileService({
    instances: runtime.instances,
    store: storage.instances,
    blobs,
    fileLimitBytes: config.fileLimitBytes,
    otherHolders: async (workspaceId, holderId) =>
      (await actionTests.fileHolder(workspaceId, holderId)) ??
      (await schedules.fileHolder(workspaceId, holderId)),
  });
  const schedules = new ScheduleService({
    store: storage.schedules,
    instances: runtime.instances,
    blobs,
    clock,
    fileLimitBytes: config.fileLimitBytes,
  });
  deleteSchedulesOf = (workspaceId, processId) => schedules.deleteOfProcess(workspaceId, processId);
  const scheduler = new ScheduleFirer({
    store: storage.schedules,
    instances: runtime.instances,
    queue,
    // The embedded queue's jobs live in the database: a fire writes its job in its transaction.
    jobInTransaction: queue.adapter === 'inline',
    blobs,
    clock,
    mailer,
    log: { warn: (message, fields) => logger.warn(fields ?? {}, message) },
  });
  // Every serve process fires schedules; the primary key of a fire keeps each one single.
  if (roles.api) periodicTasks.push(scheduler.task);
  const retention = new RetentionService(storage.instances, files, blobs);
  periodicTasks.push(retention.task);
  // Webhooks, usage analytics and bundles (API.md §5, §11, §13).
  const webhooks = new WebhookService({
    store: storage.webhooks,
    instances: runtime.instances,
    instanceStore: storage.instances,
    blobs,
    fileLimitBytes: config.fileLimitBytes,
    dataTypes: workspaceTypes,
    clock,
    log: (message, fields) => logger.warn(fields, message),
  });
  periodicTasks.push(webhooks.task);
  const analytics = new AnalyticsService({
    store: storage.analytics,
    instances: storage.instances,
    processExists: async (workspaceId, processId) =>
      (await storage.processes.existing(workspaceId, [processId])).has(processId),
    workspacesOf: async (userId) =>
      (await identityStores.identity.listMemberships(userId)).map((m) => m.workspace.id),
    classify: (templateId) =>
      !actions.isPlatform(templateId)
        ? 'custom'
        : actions.executable(templateId)?.effectful
          ? 'external'
          : 'internal',
    clock,
  });
  const bundles = new BundleService({
    owners: storage.bundles,
    dataTypes: storage.dataTypes,
    credentials: storage.credentials,
    credentialTemplates: (caller) => credentials.templates(caller),
    secrets,
    webhooks: storage.webhooks,
    processes: storage.processes,
    processService: processes,
    clock,
    onDataTypesChanged: (workspaceId) => forgetPlans(workspaceId),
  });
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
      credentialProbes,
      actionCatalogue,
      actionTests,
      schedules,
      webhooks,
      analytics,
      bundles,
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
    scheduler,
    async start() {
      await storage.migrate();
      const boot = await identity.bootstrap({
        username: config.adminUsername,
        password: config.adminPassword,
        email: config.adminEmail,
      });
      await presence.register();
      if (relay) await runtime.events.connect(relay);
      ticker.start();
      started = true;
      if (roles.worker) {
        await runtime.startWorker();
        // After a Redis loss the queue holds nothing; the database knows what is unfinished.
        if (config.redisUrl)
          void reconciler
            .pass()
            .catch((error: unknown) =>
              logger.warn({ err: error }, 'reconciling the queue failed; the next pass retries'),
            );
      }
      if (!roles.api) return { urls: [], generatedAdminPassword: boot.generatedPassword };
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
      await relay?.close();
      closeSandbox();
      await actionTests.close();
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
