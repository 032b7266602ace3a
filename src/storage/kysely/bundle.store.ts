// BundleStore over Kysely: looks ids up across every workspace, in the table of their kind.
import type { Kysely } from 'kysely';
import type { BundleEntityKind, BundleStore } from '../../ports/bundle.store.js';
import type { Tables } from './schema.js';
import type { WebhookTables } from './webhook.store.js';

const TABLES = {
  dataType: 'data_models',
  credential: 'credentials',
  webhook: 'webhooks',
  flow: 'processes',
} as const satisfies Record<BundleEntityKind, keyof (Tables & WebhookTables)>;

/** Ids per query; well below the parameter limits of both databases. */
const CHUNK = 500;

export class KyselyBundleStore implements BundleStore {
  private readonly db: Kysely<Tables & WebhookTables>;

  constructor(db: Kysely<Tables>) {
    this.db = db.withTables<WebhookTables>();
  }

  async owners(kind: BundleEntityKind, ids: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const unique = [...new Set(ids)];
    for (let at = 0; at < unique.length; at += CHUNK) {
      const rows = await this.db
        .selectFrom(TABLES[kind])
        .select(['id', 'workspace_id'])
        .where('id', 'in', unique.slice(at, at + CHUNK))
        .execute();
      for (const row of rows) found.set(row.id, row.workspace_id);
    }
    return found;
  }
}
