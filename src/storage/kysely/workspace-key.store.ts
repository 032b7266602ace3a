// WorkspaceKeyStore over Kysely, shared by SQLite and PostgreSQL.
import type { Kysely, Selectable } from 'kysely';
import type { WorkspaceKeyStore, WrappedKey } from '../../ports/workspace-key.store.js';
import { readDate } from './codec.js';
import type { Tables, WorkspaceKeysTable } from './schema.js';

function toKey(row: Selectable<WorkspaceKeysTable>): WrappedKey {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    masterKeyId: row.master_key_id,
    wrapped: row.wrapped,
    createdOn: readDate(row.created_on),
    updatedOn: readDate(row.updated_on),
  };
}

export class KyselyWorkspaceKeyStore implements WorkspaceKeyStore {
  constructor(private readonly db: Kysely<Tables>) {}

  async get(workspaceId: string): Promise<WrappedKey | null> {
    const row = await this.db
      .selectFrom('workspace_keys')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row ? toKey(row) : null;
  }

  async insert(key: WrappedKey): Promise<WrappedKey> {
    await this.db
      .insertInto('workspace_keys')
      .values({
        id: key.id,
        workspace_id: key.workspaceId,
        master_key_id: key.masterKeyId,
        wrapped: key.wrapped,
        created_on: key.createdOn,
        updated_on: key.updatedOn,
      })
      .onConflict((oc) => oc.column('workspace_id').doNothing())
      .execute();
    const stored = await this.get(key.workspaceId);
    if (!stored) throw new Error(`workspace ${key.workspaceId} has no data key after insert`);
    return stored;
  }

  async list(): Promise<WrappedKey[]> {
    const rows = await this.db.selectFrom('workspace_keys').selectAll().orderBy('id').execute();
    return rows.map(toKey);
  }

  async rewrap(
    id: string,
    expected: string,
    next: { masterKeyId: string; wrapped: string; at: Date },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('workspace_keys')
      .set({ master_key_id: next.masterKeyId, wrapped: next.wrapped, updated_on: next.at })
      .where('id', '=', id)
      .where('wrapped', '=', expected)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
