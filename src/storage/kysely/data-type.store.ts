// DataTypeStore over Kysely, shared by SQLite and PostgreSQL.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  DataModelChange,
  DataModelContent,
  DataModelDeletion,
  DataModelUser,
  DataModelWrite,
  DataTypeStore,
  StoredAttribute,
  StoredDataModel,
} from '../../ports/data-type.store.js';
import { readBool, readCount, readDate, readJson } from './codec.js';
import { isUniqueViolation } from './errors.js';
import type { DataModelAttributesTable, DataModelsTable, Tables } from './schema.js';

/** Rows per multi-row insert, well under SQLite's bound-parameter limit. */
const CHUNK = 80;

function toAttribute(row: Selectable<DataModelAttributesTable>): StoredAttribute {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    dataTypeId: row.data_type_id,
    isList: readBool(row.is_list),
    jsonProperty: row.json_property,
    updatedOn: readDate(row.updated_on),
  };
}

function toModel(row: Selectable<DataModelsTable>, attributes: StoredAttribute[]): StoredDataModel {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    displayName: row.display_name,
    isPublic: readBool(row.is_public),
    type: readCount(row.type),
    attributes,
    createdOn: readDate(row.created_on),
    createdById: row.created_by_id,
    createdBy: row.created_by,
    updatedOn: readDate(row.updated_on),
    updatedById: row.updated_by_id,
    updatedBy: row.updated_by,
  };
}

function modelColumns(content: DataModelContent) {
  return {
    name: content.name,
    name_key: content.name.toLowerCase(),
    display_name: content.displayName,
    display_key: content.displayName.toLowerCase(),
    is_public: content.isPublic,
  };
}

function updated(change: DataModelChange) {
  return { updated_on: change.at, updated_by_id: change.userId, updated_by: change.userName };
}

/** Whether a stored flow document declares a variable of this type. */
function flowUses(flow: unknown, typeId: string): boolean {
  const variables = (flow as { variables?: unknown } | null)?.variables;
  if (!Array.isArray(variables)) return false;
  return variables.some((variable: unknown) => {
    const dataType = (variable as { dataType?: unknown } | null)?.dataType;
    return typeof dataType === 'string' && dataType.toLowerCase() === typeId;
  });
}

/** Rolls a replace back when the model is still used where it would no longer be visible. */
class StillUsed extends Error {
  constructor(readonly users: DataModelUser[]) {
    super('data model still used');
  }
}

export class KyselyDataTypeStore implements DataTypeStore {
  constructor(private readonly db: Kysely<Tables>) {}

  async visible(workspaceId: string): Promise<StoredDataModel[]> {
    return this.read(this.db, workspaceId, null);
  }

  async generation(): Promise<number> {
    const row = await this.db
      .selectFrom('data_model_generation')
      .select('generation')
      .where('id', '=', 1)
      .executeTakeFirst();
    return Number(row?.generation ?? 0);
  }

  /**
   * Increments the generation inside `trx`, only from `expected` when given. The update takes
   * the row's lock, so a concurrent write waits for this one and then finds the number moved.
   */
  private async advance(trx: Transaction<Tables>, expected: number | undefined): Promise<boolean> {
    let update = trx
      .updateTable('data_model_generation')
      .set((eb) => ({ generation: eb('generation', '+', 1) }))
      .where('id', '=', 1);
    if (expected !== undefined) update = update.where('generation', '=', expected);
    const result = await update.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async count(workspaceId: string): Promise<number> {
    const row = await this.db
      .selectFrom('data_models')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return readCount(row?.n);
  }

  async create(
    workspaceId: string,
    id: string,
    content: DataModelContent,
    change: DataModelChange,
    expectedGeneration?: number,
  ): Promise<DataModelWrite<StoredDataModel>> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        if (!(await this.advance(trx, expectedGeneration))) return { outcome: 'stale' } as const;
        await trx
          .insertInto('data_models')
          .values({
            id,
            workspace_id: workspaceId,
            ...modelColumns(content),
            type: 1,
            created_on: change.at,
            created_by_id: change.userId,
            created_by: change.userName,
            ...updated(change),
          })
          .execute();
        await this.writeAttributes(trx, workspaceId, id, content, change.at);
        const [model] = await this.read(trx, workspaceId, id);
        return { outcome: 'written', model: model! } as const;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return { outcome: 'name-taken' };
      throw error;
    }
  }

  async replace(
    workspaceId: string,
    id: string,
    content: DataModelContent,
    change: DataModelChange,
    expectedGeneration?: number,
  ): Promise<DataModelWrite<StoredDataModel>> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        if (!(await this.advance(trx, expectedGeneration))) return { outcome: 'stale' } as const;
        const row = await trx
          .updateTable('data_models')
          .set({ ...modelColumns(content), ...updated(change) })
          .where('id', '=', id)
          .where('workspace_id', '=', workspaceId)
          .returning('id')
          .executeTakeFirst();
        if (!row) return { outcome: 'missing' } as const;
        if (!content.isPublic) {
          const elsewhere = await this.users(trx, workspaceId, id, true, 'elsewhere');
          if (elsewhere.length > 0) throw new StillUsed(elsewhere);
        }
        // Attributes whose definition is unchanged keep their own updatedOn.
        const before = new Map(
          (
            await trx
              .selectFrom('data_model_attributes')
              .selectAll()
              .where('model_id', '=', id)
              .execute()
          ).map((r) => [r.id, toAttribute(r)]),
        );
        await trx.deleteFrom('data_model_attributes').where('model_id', '=', id).execute();
        await this.writeAttributes(trx, workspaceId, id, content, change.at, before);
        const [model] = await this.read(trx, workspaceId, id);
        return { outcome: 'written', model: model! } as const;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return { outcome: 'name-taken' };
      if (error instanceof StillUsed) return { outcome: 'in-use', users: error.users };
      throw error;
    }
  }

  async delete(
    workspaceId: string,
    id: string,
    expectedGeneration?: number,
  ): Promise<DataModelDeletion> {
    return this.db.transaction().execute(async (trx): Promise<DataModelDeletion> => {
      if (!(await this.advance(trx, expectedGeneration))) return { outcome: 'stale' };
      const model = await trx
        .selectFrom('data_models')
        .select(['id', 'is_public'])
        .where('id', '=', id)
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      if (!model) return { outcome: 'missing' };
      const users = await this.users(trx, workspaceId, id, readBool(model.is_public), 'all');
      if (users.length > 0) return { outcome: 'in-use', users };
      await trx.deleteFrom('data_model_attributes').where('model_id', '=', id).execute();
      await trx.deleteFrom('data_models').where('id', '=', id).execute();
      return { outcome: 'deleted' };
    });
  }

  /**
   * What uses the model: other models' attributes, and the processes that may see it (the
   * realm's when it is public, else its workspace's). `elsewhere` keeps only other workspaces'.
   */
  private async users(
    trx: Transaction<Tables>,
    workspaceId: string,
    id: string,
    isPublic: boolean,
    scope: 'all' | 'elsewhere',
  ): Promise<DataModelUser[]> {
    const users: DataModelUser[] = [];
    let models = trx
      .selectFrom('data_model_attributes as a')
      .innerJoin('data_models as m', 'm.id', 'a.model_id')
      .select(['m.id', 'm.name'])
      .distinct()
      .where('a.data_type_id', '=', id)
      .where('m.id', '<>', id)
      .orderBy('m.name');
    if (scope === 'elsewhere') models = models.where('m.workspace_id', '<>', workspaceId);
    for (const m of await models.execute()) users.push({ kind: 'model', id: m.id, name: m.name });
    let processes = trx
      .selectFrom('processes as p')
      .select(['p.id', 'p.title', 'p.flow'])
      .orderBy('p.title_key')
      .orderBy('p.id');
    processes = isPublic
      ? processes
          .innerJoin('workspaces as w', 'w.id', 'p.workspace_id')
          .where(
            'w.realm_id',
            '=',
            trx.selectFrom('workspaces').select('realm_id').where('id', '=', workspaceId),
          )
      : processes.where('p.workspace_id', '=', workspaceId);
    if (scope === 'elsewhere') processes = processes.where('p.workspace_id', '<>', workspaceId);
    for (const p of await processes.execute()) {
      if (flowUses(readJson(p.flow), id)) users.push({ kind: 'process', id: p.id, name: p.title });
    }
    return users;
  }

  private async writeAttributes(
    trx: Transaction<Tables>,
    workspaceId: string,
    modelId: string,
    content: DataModelContent,
    at: Date,
    before: Map<string, StoredAttribute> = new Map(),
  ): Promise<void> {
    const rows = content.attributes.map((a, position) => {
      const old = before.get(a.id);
      const unchanged =
        old !== undefined &&
        old.name === a.name &&
        old.displayName === a.displayName &&
        old.dataTypeId === a.dataTypeId &&
        old.isList === a.isList &&
        old.jsonProperty === a.jsonProperty;
      return {
        model_id: modelId,
        id: a.id,
        workspace_id: workspaceId,
        position,
        name: a.name,
        name_key: a.name.toLowerCase(),
        display_name: a.displayName,
        data_type_id: a.dataTypeId,
        is_list: a.isList,
        json_property: a.jsonProperty,
        updated_on: unchanged ? old.updatedOn : at,
      };
    });
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto('data_model_attributes')
        .values(rows.slice(i, i + CHUNK))
        .execute();
    }
  }

  /** Visible models of the workspace (or only `id` among them), attributes in order. */
  private async read(
    db: Kysely<Tables>,
    workspaceId: string,
    id: string | null,
  ): Promise<StoredDataModel[]> {
    let query = db
      .selectFrom('data_models as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .selectAll('m')
      .where(
        'w.realm_id',
        '=',
        db.selectFrom('workspaces').select('realm_id').where('id', '=', workspaceId),
      )
      .where((eb) => eb.or([eb('m.workspace_id', '=', workspaceId), eb('m.is_public', '=', true)]))
      .orderBy('m.display_key')
      .orderBy('m.id');
    if (id !== null) query = query.where('m.id', '=', id);
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const attributes = new Map<string, StoredAttribute[]>();
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += CHUNK * 5) {
      const attributeRows = await db
        .selectFrom('data_model_attributes')
        .selectAll()
        .where('model_id', 'in', ids.slice(i, i + CHUNK * 5))
        .orderBy('model_id')
        .orderBy('position')
        .execute();
      for (const row of attributeRows) {
        const list = attributes.get(row.model_id) ?? [];
        list.push(toAttribute(row));
        attributes.set(row.model_id, list);
      }
    }
    return rows.map((row) => toModel(row, attributes.get(row.id) ?? []));
  }
}
