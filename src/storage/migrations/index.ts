// Owns the ordered list of schema migrations, one set for both dialects.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './column-types.js';
import { identityMigration } from './0001-identity.js';
import { workQueueMigration } from './0002-work-queue.js';
import { processesMigration } from './0003-processes.js';
import { instancesMigration } from './0004-instances.js';
import { dataTypesMigration } from './0005-data-types.js';
import { credentialsMigration } from './0006-credentials.js';
import { actionsMigration } from './0007-actions.js';
import { schedulesMigration } from './0008-schedules.js';
import { webhooksMigration } from './0009-webhooks.js';
import { dataModelGenerationMigration } from './0010-data-model-generation.js';
import { unfinishedInstancesIndexMigration } from './0011-unfinished-instances-index.js';

function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-identity': identityMigration(dialect),
    '0002-work-queue': workQueueMigration(dialect),
    '0003-processes': processesMigration(dialect),
    '0004-instances': instancesMigration(dialect),
    '0005-data-types': dataTypesMigration(dialect),
    '0006-credentials': credentialsMigration(dialect),
    '0007-actions': actionsMigration(dialect),
    '0008-schedules': schedulesMigration(dialect),
    '0009-webhooks': webhooksMigration(dialect),
    '0010-data-model-generation': dataModelGenerationMigration(),
    '0011-unfinished-instances-index': unfinishedInstancesIndexMigration(),
  };
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/** Applies every pending migration; safe to run from several processes at once (Kysely locks). */
export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
