// The `sluice` command: one entry per process role and administration task. Each command imports
// what it uses when it runs, so `sluice --version` does not load the server, and `serve` can set
// the heap up before loading it (see holdYoungGeneration).
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { ConfigError, describeSettings, loadConfig } from './config/config.js';
import { isRole } from './domain/identity.js';
import { systemClock } from './ports/clock.js';
import { SLUICE_VERSION } from './version.js';

const USAGE = `Sluice ${SLUICE_VERSION}: self-hosted process automation with a PROCESIO-compatible API.

Usage:
  sluice serve [--no-worker]        Serve the API and run processes (embedded shape: SQLite, in-process
                                    queue). --no-worker: only serve and enqueue (cluster mode).
  sluice worker                     Run processes from the queue without serving the API (cluster mode:
                                    SLUICE_DATABASE_URL=postgres://…, SLUICE_REDIS_URL=redis://…).
  sluice migrate                    Apply pending database migrations and exit.
  sluice user add --username <name> --password <password>
                  [--realm procesio01] [--workspace <shared workspace>] [--role editor]
                  [--email <address>] [--first-name <name>] [--last-name <name>]
                                    Create a user with a personal workspace; with --workspace, also
                                    add them to that shared workspace (created if missing).
  sluice keys rotate [--new-key <base64>]
                                    Re-wrap every workspace data key with a new master key; nodes
                                    may keep serving. With SLUICE_MASTER_KEY set, the new key comes
                                    from --new-key or SLUICE_NEW_MASTER_KEY; set SLUICE_MASTER_KEY to
                                    it afterwards. Otherwise the key file gets a generated key.
  sluice --help                     This text.
  sluice --version                  The version.

Configuration (environment variables):
`;

export function usage(): string {
  return `${USAGE}${describeSettings()}\n`;
}

/**
 * Keeps V8's young generation at its first size while the server loads and starts, and lets it
 * grow again (V8's default factor, 2) once the server runs: call the returned function. Nearly
 * everything allocated while loading modules and assembling the app lives as long as the
 * process, so a young generation grown for it only copies those objects once more before
 * promoting them, and once grown it stays resident (about 20 MB here) until V8's memory reducer
 * shrinks it after some 30 s without work. Under load it grows as before. V8 reads this flag
 * each time it considers growing that space.
 */
function holdYoungGeneration(): () => void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  return () => v8.setFlagsFromString('--semi-space-growth-factor=2');
}

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'no-worker': { type: 'boolean' } } });
  const config = loadConfig();
  const started = holdYoungGeneration();
  const { createApp } = await import('./app.js');
  const app = await createApp({ config, roles: { api: true, worker: !values['no-worker'] } });
  const { urls, generatedAdminPassword } = await app.start();
  started();
  if (generatedAdminPassword) {
    // Printed once on the terminal, never through the logger.
    process.stdout.write(
      `\nFirst start: created user "${config.adminUsername}" (realm procesio01) with password:\n\n    ${generatedAdminPassword}\n\nKeep it now; it is not shown again. Set SLUICE_ADMIN_PASSWORD to choose it instead.\n\n`,
    );
  }
  app.logger.info(
    { urls, database: config.database.dialect, dataDir: config.dataDir },
    `Sluice ${SLUICE_VERSION} listening on ${urls.join(', ')}`,
  );
  await untilSignalled(app.logger);
  await app.close();
  return 0;
}

/** A process that runs instances from the queue and serves nothing (cluster mode). */
async function worker(): Promise<number> {
  const config = loadConfig();
  if (!config.redisUrl)
    process.stderr.write(
      'sluice worker: SLUICE_REDIS_URL is not set; this worker shares the in-database queue, which only processes on the same database can reach.\n',
    );
  const started = holdYoungGeneration();
  const { createApp } = await import('./app.js');
  const app = await createApp({ config, roles: { api: false, worker: true } });
  await app.start();
  started();
  app.logger.info(
    {
      database: config.database.dialect,
      queue: config.redisUrl ? 'bullmq' : 'inline',
      concurrency: config.workerConcurrency,
    },
    `Sluice ${SLUICE_VERSION} worker running`,
  );
  await untilSignalled(app.logger);
  await app.close();
  return 0;
}

function untilSignalled(logger: {
  info: (fields: object, message: string) => void;
}): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function userAdd(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      realm: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      workspace: { type: 'string' },
      role: { type: 'string' },
      email: { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
    },
    strict: true,
  });
  if (!values.username || !values.password) {
    process.stderr.write('sluice user add: --username and --password are required\n');
    return 2;
  }
  const role = values.role ?? 'editor';
  if (!isRole(role)) {
    process.stderr.write(`sluice user add: --role must be owner, admin, editor or viewer\n`);
    return 2;
  }
  const config = loadConfig();
  const [{ openStorage }, { IdentityService, UserExistsError }] = await Promise.all([
    import('./storage/storage.js'),
    import('./services/identity.service.js'),
  ]);
  const storage = openStorage(config.database);
  try {
    await storage.migrate();
    const identity = new IdentityService(storage.identity, systemClock);
    const created = await identity.addUser({
      realm: values.realm,
      username: values.username,
      password: values.password,
      email: values.email,
      firstName: values['first-name'],
      lastName: values['last-name'],
      workspace: values.workspace,
      role,
    });
    process.stdout.write(
      `${JSON.stringify({ id: created.user.id, userName: created.user.userName, personalWorkspaceId: created.personal.id, workspaceId: created.shared?.id ?? null, workspace: created.shared?.name ?? null })}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof UserExistsError || error instanceof Error) {
      process.stderr.write(`sluice user add: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await storage.close();
  }
}

async function keysRotate(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'new-key': { type: 'string' } }, strict: true });
  const config = loadConfig();
  const given = values['new-key'] ?? process.env.SLUICE_NEW_MASTER_KEY ?? '';
  const [{ openStorage }, { MasterKeyError, parseMasterKey }, { rotateMasterKey }] =
    await Promise.all([
      import('./storage/storage.js'),
      import('./crypto/master-key.js'),
      import('./crypto/key-rotation.js'),
    ]);
  const storage = openStorage(config.database);
  try {
    const newKey = given.trim() === '' ? null : parseMasterKey(given, 'the new master key');
    await storage.migrate();
    const result = await rotateMasterKey(config, storage.workspaceKeys, systemClock, newKey);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.stdout.write(
      result.source === 'env'
        ? 'Every data key is now wrapped with the new key. Set SLUICE_MASTER_KEY to the new key (the value given to --new-key or SLUICE_NEW_MASTER_KEY) on every node and restart them; the old key no longer opens anything.\n'
        : `Every data key is now wrapped with master key ${result.masterKeyId}; the key file holds only that key.\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof MasterKeyError) {
      process.stderr.write(`sluice keys rotate: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await storage.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(usage());
        return command === undefined ? 2 : 0;
      case '--version':
      case 'version':
        process.stdout.write(`${SLUICE_VERSION}\n`);
        return 0;
      case 'serve':
        return await serve(rest);
      case 'worker':
        return await worker();
      case 'migrate': {
        const config = loadConfig();
        const [{ migrate }, { createLogger }] = await Promise.all([
          import('./app.js'),
          import('./observability/logger.js'),
        ]);
        const applied = await migrate(config);
        createLogger(config.logLevel).info(
          { applied, database: config.database.dialect },
          applied.length ? 'migrations applied' : 'database is up to date',
        );
        return 0;
      }
      case 'user':
        if (rest[0] === 'add') return await userAdd(rest.slice(1));
        process.stderr.write('sluice user: the only subcommand is "add" (see sluice --help)\n');
        return 2;
      case 'keys':
        if (rest[0] === 'rotate') return await keysRotate(rest.slice(1));
        process.stderr.write('sluice keys: the only subcommand is "rotate" (see sluice --help)\n');
        return 2;
      default:
        process.stderr.write(`sluice: unknown command "${command}" (see sluice --help)\n`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`sluice: configuration error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
