// The action catalogue's workspace data (API.md §9): user folders, saved templates (prototypes),
// custom actions (manifest and entry source, soft-deleted) and single-action test runs with the
// files uploaded for them, which live one hour.
import type { Kysely } from 'kysely';
import { columnTypes, type Dialect } from './column-types.js';

export function actionsMigration(dialect: Dialect) {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // `parent_key` is the parent id or '' at the root, so the unique index also covers root
      // folders (NULLs never collide in a unique index).
      await db.schema
        .createTable('action_folders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('parent_id', 'text', (c) => c.references('action_folders.id'))
        .addColumn('parent_key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('sort_order', 'integer', (c) => c.notNull())
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('created_by_id', 'text')
        .addColumn('updated_on', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by_id', 'text')
        .execute();
      await db.schema
        .createIndex('action_folders_sibling_name')
        .on('action_folders')
        .columns(['workspace_id', 'parent_key', 'name_key'])
        .unique()
        .execute();

      await db.schema
        .createTable('action_prototypes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('parent_node_id', 'text', (c) => c.references('action_folders.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('icon', 'text')
        .addColumn('action_template', t.json, (c) => c.notNull())
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('created_by_id', 'text')
        .addColumn('updated_on', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by_id', 'text')
        .execute();
      await db.schema
        .createIndex('action_prototypes_workspace')
        .on('action_prototypes')
        .columns(['workspace_id', 'parent_node_id'])
        .execute();

      await db.schema
        .createTable('custom_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('manifest', t.json, (c) => c.notNull())
        .addColumn('entry_source', 'text', (c) => c.notNull())
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('created_by_id', 'text')
        .addColumn('created_by', 'text')
        .addColumn('updated_on', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by_id', 'text')
        .addColumn('updated_by', 'text')
        .addColumn('deleted_on', t.timestamp)
        .execute();
      await db.schema
        .createIndex('custom_actions_workspace')
        .on('custom_actions')
        .column('workspace_id')
        .execute();

      await db.schema
        .createTable('action_tests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('template_id', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('result', t.json)
        .addColumn('created_by_id', 'text')
        .addColumn('started_on', t.timestamp, (c) => c.notNull())
        .addColumn('finished_on', t.timestamp)
        .addColumn('expires_on', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('action_tests_expiry')
        .on('action_tests')
        .column('expires_on')
        .execute();

      await db.schema
        .createTable('action_test_files')
        .addColumn('test_id', 'text', (c) => c.notNull())
        .addColumn('variable_id', 'text', (c) => c.notNull())
        .addColumn('file_id', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('value', t.json, (c) => c.notNull())
        .addColumn('expires_on', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('action_test_files_pk', ['test_id', 'variable_id', 'file_id'])
        .execute();
      await db.schema
        .createIndex('action_test_files_expiry')
        .on('action_test_files')
        .column('expires_on')
        .execute();
    },
  };
}
