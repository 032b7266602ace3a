// The in-process dispatch queue's jobs, kept in the same database as everything else so a
// restart (even after SIGKILL) finds every unfinished job.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes, type Dialect } from './column-types.js';

export function workQueueMigration(dialect: Dialect) {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('work_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('run_at', t.timestamp, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('claimed_by', 'text')
        .addColumn('lease_until', t.timestamp)
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .execute();
      // One waiting job per instance; a running one does not count.
      await db.schema
        .createIndex('work_jobs_waiting_instance')
        .on('work_jobs')
        .column('instance_id')
        .unique()
        .where(sql.ref('claimed_by'), 'is', null)
        .execute();
      await db.schema
        .createIndex('work_jobs_due')
        .on('work_jobs')
        .columns(['run_at', 'created_on'])
        .execute();
    },
  };
}
