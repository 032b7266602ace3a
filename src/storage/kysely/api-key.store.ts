// ApiKeyStore over Kysely, shared by SQLite and PostgreSQL.
import type { Kysely, Selectable } from 'kysely';
import type { ApiKeyRecord, ApiKeyStore } from '../../ports/api-key.store.js';
import { readCount, readDate, readDateOrNull } from './codec.js';
import type { ApiKeysTable, Tables } from './schema.js';

function toKey(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    userId: row.user_id,
    name: row.name,
    valueHash: row.value_hash,
    createdOn: readDate(row.created_on),
    lastAccessed: readDateOrNull(row.last_accessed),
  };
}

export class KyselyApiKeyStore implements ApiKeyStore {
  constructor(private readonly db: Kysely<Tables>) {}

  async create(key: ApiKeyRecord): Promise<void> {
    await this.db
      .insertInto('api_keys')
      .values({
        id: key.id,
        workspace_id: key.workspaceId,
        user_id: key.userId,
        name: key.name,
        value_hash: key.valueHash,
        created_on: key.createdOn,
        last_accessed: key.lastAccessed,
      })
      .execute();
  }

  async count(workspaceId: string, userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return readCount(row?.n);
  }

  async list(workspaceId: string, userId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .orderBy('created_on')
      .orderBy('id')
      .execute();
    return rows.map(toKey);
  }

  async findByName(name: string): Promise<ApiKeyRecord | null> {
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? toKey(row) : null;
  }

  async delete(id: string, workspaceId: string, userId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('api_keys')
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async deleteAll(workspaceId: string, userId: string): Promise<number> {
    const result = await this.db
      .deleteFrom('api_keys')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async touch(id: string, at: Date, notBefore: Date): Promise<void> {
    await this.db
      .updateTable('api_keys')
      .set({ last_accessed: at })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_accessed', 'is', null), eb('last_accessed', '<', notBefore)]))
      .execute();
  }
}
