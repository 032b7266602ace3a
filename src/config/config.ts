// Owns the server's configuration: every SLUICE_* variable, its default and its one line of
// documentation. Read once at start, validated, then handed around as a frozen object.
import path from 'node:path';

type Kind = 'string' | 'int' | 'bool' | 'enum' | 'list';

interface Setting<K extends Kind = Kind> {
  readonly env: string;
  readonly kind: K;
  readonly default: string;
  readonly doc: string;
  readonly secret?: boolean;
  readonly values?: readonly string[];
  readonly min?: number;
}

/** The configuration schema. The order here is the order `sluice --help` prints. */
export const SETTINGS = {
  host: {
    env: 'SLUICE_HOST',
    kind: 'string',
    default: '127.0.0.1',
    doc: 'Address the HTTP server listens on.',
  },
  port: {
    env: 'SLUICE_PORT',
    kind: 'int',
    default: '8080',
    min: 0,
    doc: 'Port the HTTP server listens on (0 picks a free port).',
  },
  extraPorts: {
    env: 'SLUICE_EXTRA_PORTS',
    kind: 'list',
    default: '',
    doc: 'More ports serving the same API, comma-separated (e.g. 4321,4532 for 2021 SDK clients).',
  },
  dataDir: {
    env: 'SLUICE_DATA_DIR',
    kind: 'string',
    default: './data',
    doc: 'Directory for the SQLite file, the token signing key and stored files.',
  },
  databaseUrl: {
    env: 'SLUICE_DATABASE_URL',
    kind: 'string',
    default: '',
    doc: 'Database: empty = SQLite file sluice.db in the data dir; a path or sqlite:<path> = that SQLite file; postgres://… = PostgreSQL.',
  },
  adminUsername: {
    env: 'SLUICE_ADMIN_USERNAME',
    kind: 'string',
    default: 'admin',
    doc: 'User name of the administrator created on first start.',
  },
  adminPassword: {
    env: 'SLUICE_ADMIN_PASSWORD',
    kind: 'string',
    default: '',
    secret: true,
    doc: 'Password of that administrator; empty = generate one and print it once.',
  },
  adminEmail: {
    env: 'SLUICE_ADMIN_EMAIL',
    kind: 'string',
    default: '',
    doc: 'E-mail address of that administrator (optional).',
  },
  masterKey: {
    env: 'SLUICE_MASTER_KEY',
    kind: 'string',
    default: '',
    secret: true,
    doc: 'Base64 key (32 bytes) that wraps the keys encrypting stored secrets; during a rotation a comma-separated list (the first wraps, every one unwraps); empty = the 0600 key file master.key in the data dir.',
  },
  jwtKeyFile: {
    env: 'SLUICE_JWT_KEY_FILE',
    kind: 'string',
    default: '',
    doc: 'PEM file with the Ed25519 key that signs access tokens; empty = jwt-ed25519.pem in the data dir, created on first start.',
  },
  accessTokenSeconds: {
    env: 'SLUICE_ACCESS_TOKEN_SECONDS',
    kind: 'int',
    default: '1800',
    min: 60,
    doc: 'Lifetime of an access token, in seconds.',
  },
  refreshTokenSeconds: {
    env: 'SLUICE_REFRESH_TOKEN_SECONDS',
    kind: 'int',
    default: '2592000',
    min: 60,
    doc: 'Lifetime of a refresh token (and of a login), in seconds.',
  },
  loginMaxFailures: {
    env: 'SLUICE_LOGIN_MAX_FAILURES',
    kind: 'int',
    default: '10',
    min: 1,
    doc: 'Failed logins allowed per user name within the window before 429.',
  },
  loginMaxFailuresPerAddress: {
    env: 'SLUICE_LOGIN_MAX_FAILURES_PER_ADDRESS',
    kind: 'int',
    default: '50',
    min: 1,
    doc: 'Failed logins allowed per client address within the window before 429.',
  },
  loginWindowSeconds: {
    env: 'SLUICE_LOGIN_WINDOW_SECONDS',
    kind: 'int',
    default: '900',
    min: 1,
    doc: 'Length of the failed-login window, in seconds.',
  },
  redisUrl: {
    env: 'SLUICE_REDIS_URL',
    kind: 'string',
    default: '',
    secret: true,
    doc: 'Redis for cluster dispatch (BullMQ), e.g. redis://host:6379; empty = the in-process queue in the database.',
  },
  reconcileSeconds: {
    env: 'SLUICE_RECONCILE_SECONDS',
    kind: 'int',
    default: '30',
    min: 1,
    doc: 'How often a worker re-queues unfinished instances that no queue job holds (after a Redis loss).',
  },
  workerConcurrency: {
    env: 'SLUICE_WORKER_CONCURRENCY',
    kind: 'int',
    default: '16',
    min: 1,
    doc: 'Instances one process advances at the same time.',
  },
  actionTimeoutSeconds: {
    env: 'SLUICE_ACTION_TIMEOUT_SECONDS',
    kind: 'int',
    default: '300',
    min: 1,
    doc: 'Time limit of one attempt of a platform action (the process timeout still applies).',
  },
  apiKeyLimit: {
    env: 'SLUICE_API_KEY_LIMIT',
    kind: 'int',
    default: '25',
    min: 1,
    doc: 'API keys one user may hold in one workspace.',
  },
  bodyLimitBytes: {
    env: 'SLUICE_BODY_LIMIT_BYTES',
    kind: 'int',
    default: String(10 * 1024 * 1024),
    min: 1024,
    doc: 'Largest JSON or form request body, in bytes (413 above).',
  },
  fileLimitBytes: {
    env: 'SLUICE_FILE_LIMIT_BYTES',
    kind: 'int',
    default: String(100 * 1024 * 1024),
    min: 1,
    doc: 'Largest uploaded file, in bytes (413 above).',
  },
  trustProxy: {
    env: 'SLUICE_TRUST_PROXY',
    kind: 'bool',
    default: 'false',
    doc: 'Take the client address from X-Forwarded-For (behind a load balancer).',
  },
  publicUrl: {
    env: 'SLUICE_PUBLIC_URL',
    kind: 'string',
    default: '',
    doc: 'URL users reach the server at (used in e-mailed links); empty = http://host:port.',
  },
  smtpUrl: {
    env: 'SLUICE_SMTP_URL',
    kind: 'string',
    default: '',
    secret: true,
    doc: 'SMTP server for the server’s own mail (password resets), e.g. smtp://user:pass@host:587; empty = no mail.',
  },
  smtpFrom: {
    env: 'SLUICE_SMTP_FROM',
    kind: 'string',
    default: 'sluice@localhost',
    doc: 'Sender address of the server’s own mail.',
  },
  egressAllow: {
    env: 'SLUICE_EGRESS_ALLOW',
    kind: 'list',
    default: '',
    doc: 'Addresses or CIDR ranges actions may connect to although the egress policy refuses them (loopback, link-local, cloud metadata), comma-separated, e.g. 127.0.0.1/32,::1.',
  },
  logLevel: {
    env: 'SLUICE_LOG_LEVEL',
    kind: 'enum',
    default: 'info',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    doc: 'Log level of the JSON logs on stdout.',
  },
} as const satisfies Record<string, Setting>;

type Settings = typeof SETTINGS;
type ValueOf<S> = S extends { kind: 'int' }
  ? number
  : S extends { kind: 'bool' }
    ? boolean
    : S extends { kind: 'list' }
      ? readonly string[]
      : string;

export type Config = { readonly [K in keyof Settings]: ValueOf<Settings[K]> } & {
  readonly database: DatabaseTarget;
};

export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string };

export class ConfigError extends Error {}

function parseValue(key: string, setting: Setting, raw: string): unknown {
  switch (setting.kind) {
    case 'int': {
      const n = Number(raw);
      if (!Number.isInteger(n) || (setting.min !== undefined && n < setting.min)) {
        throw new ConfigError(
          `${setting.env} must be an integer${setting.min !== undefined ? ` ≥ ${setting.min}` : ''}, got "${raw}"`,
        );
      }
      return n;
    }
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
      throw new ConfigError(`${setting.env} must be true or false, got "${raw}"`);
    }
    case 'enum': {
      if (!setting.values?.includes(raw)) {
        throw new ConfigError(
          `${setting.env} must be one of ${setting.values?.join(', ')}, got "${raw}"`,
        );
      }
      return raw;
    }
    case 'list':
      return Object.freeze(
        raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    default:
      void key;
      return raw;
  }
}

function databaseTarget(url: string, dataDir: string): DatabaseTarget {
  if (url === '') return { dialect: 'sqlite', file: path.join(dataDir, 'sluice.db') };
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', url };
  if (/^sqlite:/i.test(url)) {
    const file = url.replace(/^sqlite:(\/\/)?/i, '');
    if (file === '') throw new ConfigError('SLUICE_DATABASE_URL sqlite: needs a file path');
    return { dialect: 'sqlite', file: path.resolve(file) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new ConfigError(
      `SLUICE_DATABASE_URL: unsupported database "${url.split(':')[0]}" (use a SQLite path or postgres://…)`,
    );
  }
  return { dialect: 'sqlite', file: path.resolve(url) };
}

/** Reads the configuration from an environment (process.env by default) and freezes it. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Record<keyof Settings, string>> = {},
): Config {
  const values: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SETTINGS) as [keyof Settings, Setting][]) {
    const raw = overrides[key] ?? env[setting.env] ?? setting.default;
    values[key] = parseValue(key, setting, raw);
  }
  values.dataDir = path.resolve(values.dataDir as string);
  values.database = Object.freeze(
    databaseTarget(values.databaseUrl as string, values.dataDir as string),
  );
  return Object.freeze(values) as Config;
}

/** The table `sluice --help` prints: variable, default, doc. Secret defaults are never shown. */
export function describeSettings(): string {
  const rows = Object.values(SETTINGS as Record<string, Setting>).map((s) => {
    const def = s.default === '' ? '(empty)' : s.default;
    return `  ${s.env.padEnd(40)} ${s.doc} Default: ${def}`;
  });
  return rows.join('\n');
}
