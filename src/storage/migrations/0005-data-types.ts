// Custom data models (API.md §6.3): one row per model, one row per attribute, both scoped to the
// workspace; attribute ids are what flow bindings name, so they are kept across renames.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes, type Dialect } from './column-types.js';

export function dataTypesMigration(dialect: Dialect) {
  const t = columnTypes(dialect);
  // Byte order on PostgreSQL too, like processes, so lists order alike on both dialects.
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('data_models')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('display_key', key, (c) => c.notNull())
        .addColumn('is_public', t.boolean, (c) => c.notNull())
        .addColumn('type', 'integer', (c) => c.notNull())
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('created_by_id', 'text')
        .addColumn('created_by', 'text')
        .addColumn('updated_on', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by_id', 'text')
        .addColumn('updated_by', 'text')
        .execute();
      // Names are unique case-insensitively within a workspace (§6.3).
      await db.schema
        .createIndex('data_models_workspace_name')
        .on('data_models')
        .columns(['workspace_id', 'name_key'])
        .unique()
        .execute();

      // `position` keeps the order the client gave; ids are unique within their model only, so
      // a model copied into another workspace may keep the ids its flows bind to.
      await db.schema
        .createTable('data_model_attributes')
        .addColumn('model_id', 'text', (c) =>
          c.notNull().references('data_models.id').onDelete('cascade'),
        )
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('data_type_id', 'text', (c) => c.notNull())
        .addColumn('is_list', t.boolean, (c) => c.notNull())
        .addColumn('json_property', 'text')
        .addColumn('updated_on', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('data_model_attributes_pk', ['model_id', 'id'])
        .addUniqueConstraint('data_model_attributes_name', ['model_id', 'name_key'])
        .execute();
      // Who uses a model (delete refusals, parentIds).
      await db.schema
        .createIndex('data_model_attributes_type')
        .on('data_model_attributes')
        .column('data_type_id')
        .execute();
    },
  };
}
