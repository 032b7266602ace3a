// Webhooks (API.md §5) and the deliveries their dedupe rule has seen. A delivery is a row keyed
// by (webhook, key) with an expiry: the primary key is what lets any number of servers agree that
// a key was seen once within the window.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes, type Dialect } from './column-types.js';

export function webhooksMigration(dialect: Dialect) {
  const t = columnTypes(dialect);
  // Byte order on PostgreSQL too, as for processes: lists page alike on both dialects.
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', key, (c) => c.notNull())
        .addColumn('payload_is_list', t.boolean, (c) => c.notNull())
        .addColumn('has_header', t.boolean, (c) => c.notNull())
        .addColumn('has_query', t.boolean, (c) => c.notNull())
        .addColumn('data_model_id', 'text')
        .addColumn('type', 'integer', (c) => c.notNull())
        .addColumn('definition', t.json)
        .addColumn('is_edited', t.boolean, (c) => c.notNull())
        .addColumn('data_model', t.json)
        .addColumn('custom_response', t.json)
        .addColumn('dedupe', t.json)
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('created_by_id', 'text')
        .addColumn('created_by', 'text')
        .addColumn('updated_on', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by_id', 'text')
        .addColumn('updated_by', 'text')
        .execute();
      // Names are unique case-insensitively within a workspace (§5.1).
      await db.schema
        .createIndex('webhooks_workspace_name')
        .on('webhooks')
        .columns(['workspace_id', 'name_key'])
        .unique()
        .execute();

      // `dedupe_key` is a digest of the header or body value, so any key fits the index.
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('webhook_id', 'text', (c) =>
          c.notNull().references('webhooks.id').onDelete('cascade'),
        )
        .addColumn('dedupe_key', 'text', (c) => c.notNull())
        .addColumn('seen_on', t.timestamp, (c) => c.notNull())
        .addColumn('expires_on', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('webhook_deliveries_pk', ['webhook_id', 'dedupe_key'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_expiry')
        .on('webhook_deliveries')
        .column('expires_on')
        .execute();
    },
  };
}
