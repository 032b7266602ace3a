// Schedules (API.md §8) and their fire log. A fire is a row keyed by (schedule, due time): the
// primary key is what lets any number of servers fire each due time exactly once.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes, type Dialect } from './column-types.js';

export function schedulesMigration(dialect: Dialect) {
  const t = columnTypes(dialect);
  // Byte order on PostgreSQL too, as for processes: lists page alike on both dialects.
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('schedules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', key, (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('enabled', t.boolean, (c) => c.notNull())
        .addColumn('process_id', 'text', (c) => c.notNull())
        .addColumn('process_inputs', t.json, (c) => c.notNull())
        .addColumn('notification', t.json)
        .addColumn('recurrence', t.json, (c) => c.notNull())
        .addColumn('catch_up_policy', 'integer', (c) => c.notNull())
        // The next due time not yet fired; null when disabled or when no fire remains.
        .addColumn('next_fire_on', t.timestamp)
        // Bumped by every edit; a fire computed from an older revision is refused.
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('last_due_on', t.timestamp)
        .addColumn('last_fired_on', t.timestamp)
        .addColumn('last_instance_id', 'text')
        .addColumn('last_skipped_reason', 'text')
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('created_by_id', 'text')
        .addColumn('created_by', 'text')
        .addColumn('updated_on', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by_id', 'text')
        .addColumn('updated_by', 'text')
        .execute();
      await db.schema
        .createIndex('schedules_workspace_name')
        .on('schedules')
        .columns(['workspace_id', 'name_key', 'id'])
        .execute();
      await db.schema
        .createIndex('schedules_process')
        .on('schedules')
        .columns(['workspace_id', 'process_id'])
        .execute();
      await db.schema
        .createIndex('schedules_due')
        .on('schedules')
        .columns(['enabled', 'next_fire_on'])
        .execute();

      await db.schema
        .createTable('schedule_fires')
        .addColumn('schedule_id', 'text', (c) => c.notNull())
        .addColumn('due_on', t.timestamp, (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('fired_on', t.timestamp, (c) => c.notNull())
        // 'started' (instance_id set) or 'skipped' (reason set).
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('instance_id', 'text')
        .addColumn('reason', 'text')
        .addColumn('detail', 'text')
        .addColumn('lag_ms', t.bigint, (c) => c.notNull())
        // An e-mail is owed once the instance ends (the schedule's notification settings).
        .addColumn('notify_pending', t.boolean, (c) => c.notNull())
        .addPrimaryKeyConstraint('schedule_fires_pk', ['schedule_id', 'due_on'])
        .execute();
      await db.schema
        .createIndex('schedule_fires_notify')
        .on('schedule_fires')
        .columns(['notify_pending', 'fired_on'])
        .execute();
      await db.schema
        .createIndex('schedule_fires_fired')
        .on('schedule_fires')
        .column('fired_on')
        .execute();
    },
  };
}
