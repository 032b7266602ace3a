// Owns the choice of database adapter: opens SQLite or PostgreSQL from the configured target
// and hands out the stores, which are the same Kysely code on both.
import { sql, type Kysely } from 'kysely';
import type { DatabaseTarget } from '../config/config.js';
import type { ActionStore } from '../ports/action.store.js';
import type { ApiKeyStore } from '../ports/api-key.store.js';
import type { CredentialStore } from '../ports/credential.store.js';
import type { DataTypeStore } from '../ports/data-type.store.js';
import type { IdentityStore } from '../ports/identity.store.js';
import type { InstanceStore } from '../ports/instance.store.js';
import type { NodeRegistry } from '../ports/node.registry.js';
import type { ProcessStore } from '../ports/process.store.js';
import type { ScheduleStore } from '../ports/schedule.store.js';
import type { SessionStore } from '../ports/session.store.js';
import type { WorkspaceKeyStore } from '../ports/workspace-key.store.js';
import type { AnalyticsStore } from '../ports/analytics.store.js';
import type { BundleStore } from '../ports/bundle.store.js';
import type { WebhookStore } from '../ports/webhook.store.js';
import { KyselyActionStore } from './kysely/action.store.js';
import { KyselyApiKeyStore } from './kysely/api-key.store.js';
import { KyselyCredentialStore } from './kysely/credential.store.js';
import { KyselyDataTypeStore } from './kysely/data-type.store.js';
import { KyselyIdentityStore } from './kysely/identity.store.js';
import { KyselyInstanceStore } from './kysely/instance.store.js';
import { KyselyNodeRegistry } from './kysely/node.registry.js';
import { KyselyProcessStore } from './kysely/process.store.js';
import { KyselyScheduleStore } from './kysely/schedule.store.js';
import type { Tables } from './kysely/schema.js';
import { KyselySessionStore } from './kysely/session.store.js';
import { KyselyWorkspaceKeyStore } from './kysely/workspace-key.store.js';
import { KyselyAnalyticsStore } from './kysely/analytics.store.js';
import { KyselyBundleStore } from './kysely/bundle.store.js';
import { KyselyWebhookStore } from './kysely/webhook.store.js';
import type { Dialect } from './migrations/column-types.js';
import { migrateToLatest } from './migrations/index.js';
import { openPostgres } from './postgres/postgres.database.js';
import { openSqlite } from './sqlite/sqlite.database.js';
import { SqliteInstanceStore } from './sqlite/sqlite-instance.store.js';
import { SqliteProcessStore } from './sqlite/sqlite-process.store.js';

export interface Storage {
  readonly dialect: Dialect;
  readonly db: Kysely<Tables>;
  readonly identity: IdentityStore;
  readonly sessions: SessionStore;
  readonly apiKeys: ApiKeyStore;
  readonly nodes: NodeRegistry;
  readonly processes: ProcessStore;
  readonly instances: InstanceStore;
  readonly credentials: CredentialStore;
  readonly workspaceKeys: WorkspaceKeyStore;
  readonly dataTypes: DataTypeStore;
  readonly actions: ActionStore;
  readonly schedules: ScheduleStore;
  readonly webhooks: WebhookStore;
  readonly analytics: AnalyticsStore;
  readonly bundles: BundleStore;
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  /** Round-trip time of a trivial query, in milliseconds; throws when the database is down. */
  ping(): Promise<number>;
  close(): Promise<void>;
}

export function openStorage(target: DatabaseTarget): Storage {
  let db: Kysely<Tables>;
  let sqlite: ReturnType<typeof openSqlite> | null = null;
  if (target.dialect === 'postgres') db = openPostgres(target.url).db;
  else {
    sqlite = openSqlite(target.file);
    db = sqlite.db;
  }
  const dialect = target.dialect;
  return {
    dialect,
    db,
    identity: new KyselyIdentityStore(db),
    sessions: new KyselySessionStore(db),
    apiKeys: new KyselyApiKeyStore(db),
    nodes: new KyselyNodeRegistry(db),
    processes: sqlite ? new SqliteProcessStore(db, sqlite.generation) : new KyselyProcessStore(db),
    instances: sqlite ? new SqliteInstanceStore(db, sqlite.raw) : new KyselyInstanceStore(db),
    credentials: new KyselyCredentialStore(db),
    workspaceKeys: new KyselyWorkspaceKeyStore(db),
    dataTypes: new KyselyDataTypeStore(db),
    actions: new KyselyActionStore(db),
    schedules: new KyselyScheduleStore(db),
    webhooks: new KyselyWebhookStore(db),
    analytics: new KyselyAnalyticsStore(db, dialect),
    bundles: new KyselyBundleStore(db),
    migrate: () => migrateToLatest(db as unknown as Kysely<unknown>, dialect),
    async ping() {
      const started = performance.now();
      await sql`select 1`.execute(db);
      return performance.now() - started;
    },
    close: () => db.destroy(),
  };
}
