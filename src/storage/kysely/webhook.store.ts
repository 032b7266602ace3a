// WebhookStore over Kysely, shared by SQLite and PostgreSQL. The tables are declared here (they
// belong to this store alone) and joined onto the shared schema with `withTables`.
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  BindingCandidate,
  CustomResponseConfig,
  DedupeRule,
  WebhookChange,
  WebhookContent,
  WebhookListQuery,
  WebhookRecord,
  WebhookStore,
  WebhookWrite,
} from '../../ports/webhook.store.js';
import { readBool, readCount, readDate, readJson, writeJson } from './codec.js';
import { isUniqueViolation } from './errors.js';
import type { Bool, Json, Tables, Timestamp } from './schema.js';

type WebhooksTable = {
  id: string;
  workspace_id: string;
  name: string;
  name_key: string;
  payload_is_list: Bool;
  has_header: Bool;
  has_query: Bool;
  data_model_id: string | null;
  type: number;
  definition: Json | null;
  is_edited: Bool;
  data_model: Json | null;
  custom_response: Json | null;
  dedupe: Json | null;
  created_on: Timestamp;
  created_by_id: string | null;
  created_by: string | null;
  updated_on: Timestamp;
  updated_by_id: string | null;
  updated_by: string | null;
};

type WebhookDeliveriesTable = {
  webhook_id: string;
  dedupe_key: string;
  seen_on: Timestamp;
  expires_on: Timestamp;
};

export type WebhookTables = {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
};

function toRecord(row: Selectable<WebhooksTable>): WebhookRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    payloadIsList: readBool(row.payload_is_list),
    hasHeader: readBool(row.has_header),
    hasQuery: readBool(row.has_query),
    dataModelId: row.data_model_id,
    type: readCount(row.type),
    definition: readNullableJson(row.definition),
    isEdited: readBool(row.is_edited),
    dataModel: readNullableJson(row.data_model),
    customResponseConfig: readNullableJson<CustomResponseConfig>(row.custom_response),
    dedupe: readNullableJson<DedupeRule>(row.dedupe),
    createdOn: readDate(row.created_on),
    createdById: row.created_by_id,
    createdBy: row.created_by,
    updatedOn: readDate(row.updated_on),
    updatedById: row.updated_by_id,
    updatedBy: row.updated_by,
  };
}

function readNullableJson<T = unknown>(value: unknown): T | null {
  return value === null || value === undefined ? null : readJson<T>(value);
}

/** JSON columns that may be SQL NULL: null and undefined are stored as NULL, not as `null`. */
function nullableJson(value: unknown): string | null {
  return value === null || value === undefined ? null : writeJson(value);
}

function contentColumns(content: WebhookContent) {
  return {
    name: content.name,
    name_key: content.name.toLowerCase(),
    payload_is_list: content.payloadIsList,
    has_header: content.hasHeader,
    has_query: content.hasQuery,
    data_model_id: content.dataModelId,
    type: content.type,
    definition: nullableJson(content.definition),
    is_edited: content.isEdited,
    data_model: nullableJson(content.dataModel),
    custom_response: nullableJson(content.customResponseConfig),
    dedupe: nullableJson(content.dedupe),
  };
}

function updated(change: WebhookChange) {
  return { updated_on: change.at, updated_by_id: change.userId, updated_by: change.userName };
}

/** `like` pattern for a substring, with `!` escaping the pattern characters. */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

export class KyselyWebhookStore implements WebhookStore {
  private readonly db: Kysely<Tables & WebhookTables>;

  constructor(db: Kysely<Tables>) {
    this.db = db.withTables<WebhookTables>();
  }

  async create(
    workspaceId: string,
    id: string,
    content: WebhookContent,
    change: WebhookChange,
  ): Promise<Exclude<WebhookWrite, 'missing'>> {
    try {
      await this.db
        .insertInto('webhooks')
        .values({
          id,
          workspace_id: workspaceId,
          ...contentColumns(content),
          created_on: change.at,
          created_by_id: change.userId,
          created_by: change.userName,
          ...updated(change),
        })
        .execute();
      return 'written';
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.db
        .selectFrom('webhooks')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      return existing ? 'id-taken' : 'name-taken';
    }
  }

  async update(
    workspaceId: string,
    id: string,
    content: WebhookContent,
    change: WebhookChange,
  ): Promise<Exclude<WebhookWrite, 'id-taken'>> {
    try {
      const result = await this.db
        .updateTable('webhooks')
        .set({ ...contentColumns(content), ...updated(change) })
        .where('id', '=', id)
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1 ? 'written' : 'missing';
    } catch (error) {
      if (isUniqueViolation(error)) return 'name-taken';
      throw error;
    }
  }

  async get(workspaceId: string, id: string): Promise<WebhookRecord | null> {
    const row = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async find(id: string): Promise<WebhookRecord | null> {
    const row = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async list(
    workspaceId: string,
    query: WebhookListQuery,
  ): Promise<{ total: number; items: WebhookRecord[] }> {
    let base = this.db.selectFrom('webhooks').where('workspace_id', '=', workspaceId);
    if (query.search !== null)
      base = base.where(sql<boolean>`name_key like ${containsPattern(query.search)} escape '!'`);
    const counted = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    let page = base.selectAll().orderBy('name_key').orderBy('id');
    // SQLite takes an OFFSET only after a LIMIT.
    if (query.limit !== null || query.offset > 0)
      page = page.limit(query.limit ?? Number.MAX_SAFE_INTEGER).offset(query.offset);
    const rows = await page.execute();
    return { total: readCount(counted?.n), items: rows.map(toRecord) };
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('webhooks')
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async bindingCandidates(workspaceId: string, webhookId: string): Promise<BindingCandidate[]> {
    // Bindings live in the flow document; ids are stored lower-case, so a text search narrows
    // the processes down and the caller reads the bindings themselves.
    const rows = await this.db
      .selectFrom('processes')
      .select(['id', 'title', 'workspace_id', 'active', 'is_valid', 'created_by_id', 'flow'])
      .where('workspace_id', '=', workspaceId)
      .where(
        sql<boolean>`lower(cast(flow as text)) like ${containsPattern(webhookId.toLowerCase())} escape '!'`,
      )
      .orderBy('title_key')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      workspaceId: row.workspace_id,
      active: readBool(row.active),
      isValid: readBool(row.is_valid),
      createdById: row.created_by_id,
      document: readJson(row.flow),
    }));
  }

  async claimDelivery(
    webhookId: string,
    key: string,
    now: Date,
    expiresOn: Date,
  ): Promise<boolean> {
    try {
      await this.db
        .insertInto('webhook_deliveries')
        .values({ webhook_id: webhookId, dedupe_key: key, seen_on: now, expires_on: expiresOn })
        .execute();
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    // Seen before: the key is free again only once its window has ended, and only one of the
    // callers racing for it moves the row forward.
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set({ seen_on: now, expires_on: expiresOn })
      .where('webhook_id', '=', webhookId)
      .where('dedupe_key', '=', key)
      .where('expires_on', '<=', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async releaseDelivery(webhookId: string, key: string): Promise<void> {
    await this.db
      .deleteFrom('webhook_deliveries')
      .where('webhook_id', '=', webhookId)
      .where('dedupe_key', '=', key)
      .execute();
  }

  async pruneDeliveries(now: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('webhook_deliveries')
      .where('expires_on', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
