// Instances are looked up by status only while they are unfinished (resume, lease sweeps,
// retention of published ones). An index of every instance by status, and one by parent that no
// query used, cost each run two more index writes; the partial index holds only the unfinished.
import { sql, type Kysely } from 'kysely';

/**
 * The statuses the partial index holds. A query must repeat this predicate word for word
 * (UNFINISHED_PREDICATE) for SQLite to use the index.
 */
export const UNFINISHED_STATUSES = [1, 15, 20, 30, 60] as const;
export const UNFINISHED_PREDICATE = sql<boolean>`status in (${sql.raw(UNFINISHED_STATUSES.join(', '))})`;

export function unfinishedInstancesIndexMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('instances_parent').execute();
      await db.schema.dropIndex('instances_status').execute();
      await db.schema
        .createIndex('instances_unfinished')
        .on('instances')
        .columns(['status', 'created_on'])
        .where(UNFINISHED_PREDICATE)
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('instances_unfinished').execute();
      await db.schema.createIndex('instances_status').on('instances').column('status').execute();
      await db.schema
        .createIndex('instances_parent')
        .on('instances')
        .column('parent_instance_id')
        .execute();
    },
  };
}
