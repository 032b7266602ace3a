// Process definitions (API.md §3): the current flow document of each process, every saved version
// of it (instances are pinned to one), and which processes each one calls as a sub-process.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes, type Dialect } from './column-types.js';

export function processesMigration(dialect: Dialect) {
  const t = columnTypes(dialect);
  // Byte order on PostgreSQL too, so lists page identically on both dialects whatever the
  // database's locale (SQLite compares text bytewise).
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('processes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('title_key', key, (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('parent_id', 'text')
        .addColumn('timeout', 'integer', (c) => c.notNull())
        .addColumn('debug_mode', t.boolean, (c) => c.notNull())
        .addColumn('is_notification', t.boolean, (c) => c.notNull())
        .addColumn('active', t.boolean, (c) => c.notNull())
        .addColumn('is_valid', t.boolean, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('flow', t.json, (c) => c.notNull())
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('created_by_id', 'text')
        .addColumn('created_by', 'text')
        .addColumn('updated_on', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by_id', 'text')
        .addColumn('updated_by', 'text')
        .execute();
      await db.schema
        .createIndex('processes_workspace_title')
        .on('processes')
        .columns(['workspace_id', 'title_key', 'id'])
        .execute();

      // Immutable: a row is written once per save. Versions outlive a deleted process, because
      // the instances pinned to them stay readable.
      await db.schema
        .createTable('process_versions')
        .addColumn('process_id', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('flow', t.json, (c) => c.notNull())
        .addColumn('is_valid', t.boolean, (c) => c.notNull())
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('created_by_id', 'text')
        .addPrimaryKeyConstraint('process_versions_pk', ['process_id', 'version'])
        .execute();

      // Derived from the current flow on every save: the literal Call/Trigger Subprocess
      // targets. The callee may not exist (a draft), so it has no foreign key.
      await db.schema
        .createTable('process_calls')
        .addColumn('process_id', 'text', (c) =>
          c.notNull().references('processes.id').onDelete('cascade'),
        )
        .addColumn('callee_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('process_calls_pk', ['process_id', 'callee_id'])
        .execute();
      await db.schema
        .createIndex('process_calls_callee')
        .on('process_calls')
        .column('callee_id')
        .execute();
    },
  };
}
