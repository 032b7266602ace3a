// Credentials (API.md §7) and secret storage (DESIGN.md §8): the wrapped data key of each
// workspace, the workspace-defined credential templates and the credentials themselves.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes, type Dialect } from './column-types.js';

export function credentialsMigration(dialect: Dialect) {
  const t = columnTypes(dialect);
  // Byte order on PostgreSQL too, as for processes: lists page alike on both dialects.
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One data key per workspace; only its wrapping by a master key is stored. Rotation
      // overwrites `wrapped` in place, so no copy under an old master key remains.
      await db.schema
        .createTable('workspace_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().unique().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('master_key_id', 'text', (c) => c.notNull())
        .addColumn('wrapped', 'text', (c) => c.notNull())
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('updated_on', t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('credential_templates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('template', t.json, (c) => c.notNull())
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('created_by_id', 'text')
        .execute();
      await db.schema
        .createIndex('credential_templates_workspace')
        .on('credential_templates')
        .column('workspace_id')
        .execute();

      // `properties` holds `[{id, value}]`; the value of a secret property is a sealed string.
      await db.schema
        .createTable('credentials')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('template_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', key, (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('status', t.boolean, (c) => c.notNull())
        .addColumn('properties', t.json, (c) => c.notNull())
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('created_by_id', 'text')
        .addColumn('created_by', 'text')
        .addColumn('updated_on', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by_id', 'text')
        .addColumn('updated_by', 'text')
        .execute();
      await db.schema
        .createIndex('credentials_workspace_name')
        .on('credentials')
        .columns(['workspace_id', 'name_key', 'id'])
        .execute();
      await db.schema
        .createIndex('credentials_workspace_template')
        .on('credentials')
        .columns(['workspace_id', 'template_id'])
        .execute();
    },
  };
}
