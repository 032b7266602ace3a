// Instances (runs of a process version) with their execution state, and one record per action
// and For Each item they ran.
import type { Kysely } from 'kysely';
import { columnTypes, type Dialect } from './column-types.js';

export function instancesMigration(dialect: Dialect) {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('instances')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('process_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('variables', t.json, (c) => c.notNull())
        .addColumn('state', t.json)
        .addColumn('errors', t.json, (c) => c.notNull())
        .addColumn('current_action_id', 'text')
        .addColumn('parent_instance_id', 'text')
        .addColumn('parent_action_id', 'text')
        .addColumn('trigger_kind', 'text', (c) => c.notNull())
        .addColumn('trigger_name', 'text')
        .addColumn('created_by_id', 'text')
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('updated_on', t.timestamp, (c) => c.notNull())
        .addColumn('launched_on', t.timestamp)
        .addColumn('finished_on', t.timestamp)
        .addColumn('timeout_at', t.timestamp)
        .addColumn('stop_requested', t.boolean, (c) => c.notNull())
        .addColumn('time_consumed', t.bigint, (c) => c.notNull())
        .addColumn('actions_consumed', 'integer', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', t.timestamp)
        .execute();
      await db.schema
        .createIndex('instances_process')
        .on('instances')
        .columns(['workspace_id', 'process_id', 'created_on'])
        .execute();
      await db.schema.createIndex('instances_status').on('instances').column('status').execute();
      await db.schema
        .createIndex('instances_parent')
        .on('instances')
        .column('parent_instance_id')
        .execute();

      await db.schema
        .createTable('action_runs')
        .addColumn('instance_id', 'text', (c) =>
          c.notNull().references('instances.id').onDelete('cascade'),
        )
        .addColumn('action_id', 'text', (c) => c.notNull())
        .addColumn('iteration', 'integer', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('started_on', t.timestamp, (c) => c.notNull())
        .addColumn('finished_on', t.timestamp)
        .addColumn('inputs', t.json)
        .addColumn('outputs', t.json)
        .addColumn('error', t.json)
        .addColumn('counted', t.boolean, (c) => c.notNull())
        .addPrimaryKeyConstraint('action_runs_pk', ['instance_id', 'action_id', 'iteration'])
        .execute();
    },
  };
}
