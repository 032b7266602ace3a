// ActionStore over Kysely, shared by SQLite and PostgreSQL. The tables are declared here (they
// belong to this store alone) and joined onto the shared schema with `withTables`.
import type { Kysely, Selectable } from 'kysely';
import type {
  ActionChange,
  ActionFolderRecord,
  ActionPrototypeRecord,
  ActionStore,
  ActionTestFileRecord,
  ActionTestRecord,
  CustomActionRecord,
  CustomActionVersion,
  FolderCreation,
  FolderDeletion,
  FolderRename,
  NewActionTest,
  NewCustomAction,
  PrototypeSave,
} from '../../ports/action.store.js';
import { readDate, readDateOrNull, readJson, writeJson } from './codec.js';
import { isUniqueViolation } from './errors.js';
import type { Json, NullableTimestamp, Tables, Timestamp } from './schema.js';

type ActionFoldersTable = {
  id: string;
  workspace_id: string;
  parent_id: string | null;
  parent_key: string;
  name: string;
  name_key: string;
  sort_order: number;
  created_on: Timestamp;
  created_by_id: string | null;
  updated_on: Timestamp;
  updated_by_id: string | null;
};

type ActionPrototypesTable = {
  id: string;
  workspace_id: string;
  parent_node_id: string | null;
  name: string;
  icon: string | null;
  action_template: Json;
  created_on: Timestamp;
  created_by_id: string | null;
  updated_on: Timestamp;
  updated_by_id: string | null;
};

type CustomActionsTable = {
  id: string;
  workspace_id: string;
  name: string;
  manifest: Json;
  entry_source: string;
  created_on: Timestamp;
  created_by_id: string | null;
  created_by: string | null;
  updated_on: Timestamp;
  updated_by_id: string | null;
  updated_by: string | null;
  deleted_on: NullableTimestamp;
};

type ActionTestsTable = {
  id: string;
  workspace_id: string;
  template_id: string;
  status: number;
  result: Json | null;
  created_by_id: string | null;
  started_on: Timestamp;
  finished_on: NullableTimestamp;
  expires_on: Timestamp;
};

type ActionTestFilesTable = {
  test_id: string;
  variable_id: string;
  file_id: string;
  workspace_id: string;
  value: Json;
  expires_on: Timestamp;
};

export type ActionTables = {
  action_folders: ActionFoldersTable;
  action_prototypes: ActionPrototypesTable;
  custom_actions: CustomActionsTable;
  action_tests: ActionTestsTable;
  action_test_files: ActionTestFilesTable;
};

/** ActionStatus of a running test (API.md §9.4). */
const RUNNING = 10;

function toFolder(row: Selectable<ActionFoldersTable>): ActionFolderRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    parentId: row.parent_id,
    name: row.name,
    order: Number(row.sort_order),
    createdOn: readDate(row.created_on),
    updatedOn: readDate(row.updated_on),
  };
}

function toPrototype(row: Selectable<ActionPrototypesTable>): ActionPrototypeRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    parentNodeId: row.parent_node_id,
    name: row.name,
    icon: row.icon,
    actionTemplate: readJson(row.action_template),
    createdOn: readDate(row.created_on),
    createdById: row.created_by_id,
    updatedOn: readDate(row.updated_on),
    updatedById: row.updated_by_id,
  };
}

function toCustomAction(row: Selectable<CustomActionsTable>): CustomActionRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    manifest: readJson(row.manifest),
    entrySource: row.entry_source,
    createdOn: readDate(row.created_on),
    createdById: row.created_by_id,
    createdBy: row.created_by,
    updatedOn: readDate(row.updated_on),
    updatedById: row.updated_by_id,
    updatedBy: row.updated_by,
    deletedOn: readDateOrNull(row.deleted_on),
  };
}

function toTest(row: Selectable<ActionTestsTable>): ActionTestRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    templateId: row.template_id,
    status: Number(row.status),
    result: row.result === null ? null : readJson(row.result),
    createdById: row.created_by_id,
    startedOn: readDate(row.started_on),
    finishedOn: readDateOrNull(row.finished_on),
    expiresOn: readDate(row.expires_on),
  };
}

function toTestFile(row: Selectable<ActionTestFilesTable>): ActionTestFileRecord {
  return {
    testId: row.test_id,
    workspaceId: row.workspace_id,
    variableId: row.variable_id,
    fileId: row.file_id,
    value: readJson(row.value),
    expiresOn: readDate(row.expires_on),
  };
}

/** A foreign key refused the write: the folder it names was deleted meanwhile. */
function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** The unique violation was on a table's primary key (a racing insert of the same id). */
function violatesPrimaryKey(error: unknown): boolean {
  const { message, constraint } = error as { message?: unknown; constraint?: unknown };
  return /_pkey$/.test(String(constraint ?? '')) || /\.id$/.test(String(message ?? ''));
}

export class KyselyActionStore implements ActionStore {
  private readonly db: Kysely<Tables & ActionTables>;

  constructor(db: Kysely<Tables>) {
    this.db = db.withTables<ActionTables>();
  }

  async folders(workspaceId: string): Promise<ActionFolderRecord[]> {
    const rows = await this.db
      .selectFrom('action_folders')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('sort_order')
      .orderBy('name_key')
      .orderBy('id')
      .execute();
    return rows.map(toFolder);
  }

  async folder(workspaceId: string, id: string): Promise<ActionFolderRecord | null> {
    const row = await this.db
      .selectFrom('action_folders')
      .selectAll()
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row ? toFolder(row) : null;
  }

  async createFolder(
    folder: Omit<ActionFolderRecord, 'createdOn' | 'updatedOn'>,
    change: ActionChange,
  ): Promise<FolderCreation> {
    try {
      return await this.db.transaction().execute(async (trx): Promise<FolderCreation> => {
        const taken = await trx
          .selectFrom('action_folders')
          .select('workspace_id')
          .where('id', '=', folder.id)
          .executeTakeFirst();
        if (taken) return 'id-taken';
        if (folder.parentId !== null) {
          const parent = await trx
            .selectFrom('action_folders')
            .select('id')
            .where('id', '=', folder.parentId)
            .where('workspace_id', '=', folder.workspaceId)
            .executeTakeFirst();
          if (!parent) return 'parent-missing';
        }
        await trx
          .insertInto('action_folders')
          .values({
            id: folder.id,
            workspace_id: folder.workspaceId,
            parent_id: folder.parentId,
            parent_key: folder.parentId ?? '',
            name: folder.name,
            name_key: folder.name.toLowerCase(),
            sort_order: folder.order,
            created_on: change.at,
            created_by_id: change.userId,
            updated_on: change.at,
            updated_by_id: change.userId,
          })
          .execute();
        return 'created';
      });
    } catch (error) {
      // Caught outside the transaction: PostgreSQL aborts a transaction on a violation.
      if (isUniqueViolation(error)) return violatesPrimaryKey(error) ? 'id-taken' : 'name-taken';
      if (isForeignKeyViolation(error)) return 'parent-missing';
      throw error;
    }
  }

  async renameFolder(
    workspaceId: string,
    id: string,
    name: string,
    change: ActionChange,
  ): Promise<FolderRename> {
    try {
      const result = await this.db
        .updateTable('action_folders')
        .set({
          name,
          name_key: name.toLowerCase(),
          updated_on: change.at,
          updated_by_id: change.userId,
        })
        .where('id', '=', id)
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1 ? 'renamed' : 'missing';
    } catch (error) {
      if (isUniqueViolation(error)) return 'name-taken';
      throw error;
    }
  }

  async deleteFolder(workspaceId: string, id: string): Promise<FolderDeletion> {
    try {
      return await this.db.transaction().execute(async (trx): Promise<FolderDeletion> => {
        const found = await trx
          .selectFrom('action_folders')
          .select('id')
          .where('id', '=', id)
          .where('workspace_id', '=', workspaceId)
          .executeTakeFirst();
        if (!found) return 'missing';
        const child = await trx
          .selectFrom('action_folders')
          .select('id')
          .where('parent_id', '=', id)
          .executeTakeFirst();
        const item = await trx
          .selectFrom('action_prototypes')
          .select('id')
          .where('parent_node_id', '=', id)
          .executeTakeFirst();
        if (child || item) return 'not-empty';
        await trx.deleteFrom('action_folders').where('id', '=', id).execute();
        return 'deleted';
      });
    } catch (error) {
      // Something was filed into the folder between the check and the delete.
      if (isForeignKeyViolation(error)) return 'not-empty';
      throw error;
    }
  }

  async prototypes(workspaceId: string): Promise<ActionPrototypeRecord[]> {
    const rows = await this.db
      .selectFrom('action_prototypes')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_on')
      .orderBy('id')
      .execute();
    return rows.map(toPrototype);
  }

  async prototype(workspaceId: string, id: string): Promise<ActionPrototypeRecord | null> {
    const row = await this.db
      .selectFrom('action_prototypes')
      .selectAll()
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row ? toPrototype(row) : null;
  }

  async savePrototype(
    prototype: Omit<
      ActionPrototypeRecord,
      'createdOn' | 'createdById' | 'updatedOn' | 'updatedById'
    >,
    change: ActionChange,
  ): Promise<PrototypeSave> {
    try {
      return await this.db.transaction().execute(async (trx): Promise<PrototypeSave> => {
        const existing = await trx
          .selectFrom('action_prototypes')
          .select('workspace_id')
          .where('id', '=', prototype.id)
          .executeTakeFirst();
        if (existing && existing.workspace_id !== prototype.workspaceId) return 'id-taken';
        if (prototype.parentNodeId !== null) {
          const folder = await trx
            .selectFrom('action_folders')
            .select('id')
            .where('id', '=', prototype.parentNodeId)
            .where('workspace_id', '=', prototype.workspaceId)
            .executeTakeFirst();
          if (!folder) return 'folder-missing';
        }
        const content = {
          parent_node_id: prototype.parentNodeId,
          name: prototype.name,
          icon: prototype.icon,
          action_template: writeJson(prototype.actionTemplate),
          updated_on: change.at,
          updated_by_id: change.userId,
        };
        if (existing) {
          await trx
            .updateTable('action_prototypes')
            .set(content)
            .where('id', '=', prototype.id)
            .execute();
        } else {
          await trx
            .insertInto('action_prototypes')
            .values({
              id: prototype.id,
              workspace_id: prototype.workspaceId,
              created_on: change.at,
              created_by_id: change.userId,
              ...content,
            })
            .execute();
        }
        return 'saved';
      });
    } catch (error) {
      if (isUniqueViolation(error)) return 'id-taken';
      if (isForeignKeyViolation(error)) return 'folder-missing';
      throw error;
    }
  }

  async deletePrototype(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('action_prototypes')
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async saveCustomAction(action: NewCustomAction): Promise<'saved' | 'id-taken'> {
    const { change } = action;
    const content = {
      name: action.name,
      manifest: writeJson(action.manifest),
      entry_source: action.entrySource,
      updated_on: change.at,
      updated_by_id: change.userId,
      updated_by: change.userName,
      deleted_on: null,
    };
    try {
      return await this.db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('custom_actions')
          .select('workspace_id')
          .where('id', '=', action.id)
          .executeTakeFirst();
        if (existing && existing.workspace_id !== action.workspaceId) return 'id-taken';
        if (existing) {
          await trx
            .updateTable('custom_actions')
            .set(content)
            .where('id', '=', action.id)
            .execute();
        } else {
          await trx
            .insertInto('custom_actions')
            .values({
              id: action.id,
              workspace_id: action.workspaceId,
              created_on: change.at,
              created_by_id: change.userId,
              created_by: change.userName,
              ...content,
            })
            .execute();
        }
        return 'saved';
      });
    } catch (error) {
      if (isUniqueViolation(error)) return 'id-taken';
      throw error;
    }
  }

  async customActionVersions(workspaceId: string): Promise<CustomActionVersion[]> {
    const rows = await this.db
      .selectFrom('custom_actions')
      .select(['id', 'updated_on', 'deleted_on'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      updatedOn: readDate(row.updated_on),
      deleted: row.deleted_on !== null,
    }));
  }

  async customActions(workspaceId: string, ids: readonly string[]): Promise<CustomActionRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('custom_actions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', [...ids])
      .orderBy('id')
      .execute();
    return rows.map(toCustomAction);
  }

  async deleteCustomAction(workspaceId: string, id: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('custom_actions')
      .set({ deleted_on: at, updated_on: at })
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('deleted_on', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async startTest(test: NewActionTest): Promise<boolean> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('action_tests')
          .select(['workspace_id', 'status'])
          .where('id', '=', test.id)
          .executeTakeFirst();
        if (existing && (existing.workspace_id !== test.workspaceId || existing.status === RUNNING))
          return false;
        const content = {
          template_id: test.templateId,
          status: RUNNING,
          result: null,
          created_by_id: test.createdById,
          started_on: test.startedOn,
          finished_on: null,
          expires_on: test.expiresOn,
        };
        if (existing) {
          // Only a finished run is replaced: two starts racing here cannot both win.
          const replaced = await trx
            .updateTable('action_tests')
            .set(content)
            .where('id', '=', test.id)
            .where('status', '<>', RUNNING)
            .executeTakeFirst();
          return Number(replaced.numUpdatedRows) === 1;
        }
        await trx
          .insertInto('action_tests')
          .values({ id: test.id, workspace_id: test.workspaceId, ...content })
          .execute();
        return true;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async finishTest(
    id: string,
    outcome: { status: number; result: unknown; finishedOn: Date; expiresOn: Date },
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('action_tests')
        .set({
          status: outcome.status,
          result: writeJson(outcome.result),
          finished_on: outcome.finishedOn,
          expires_on: outcome.expiresOn,
        })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await trx
        .updateTable('action_test_files')
        .set({ expires_on: outcome.expiresOn })
        .where('test_id', '=', id)
        .execute();
      return true;
    });
  }

  async test(workspaceId: string, id: string): Promise<ActionTestRecord | null> {
    const row = await this.db
      .selectFrom('action_tests')
      .selectAll()
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row ? toTest(row) : null;
  }

  async testIdTakenElsewhere(workspaceId: string, id: string): Promise<boolean> {
    const test = await this.db
      .selectFrom('action_tests')
      .select('id')
      .where('id', '=', id)
      .where('workspace_id', '<>', workspaceId)
      .executeTakeFirst();
    if (test) return true;
    const file = await this.db
      .selectFrom('action_test_files')
      .select('test_id')
      .where('test_id', '=', id)
      .where('workspace_id', '<>', workspaceId)
      .executeTakeFirst();
    return file !== undefined;
  }

  async saveTestFile(file: ActionTestFileRecord): Promise<void> {
    const content = { value: writeJson(file.value), expires_on: file.expiresOn };
    await this.db
      .insertInto('action_test_files')
      .values({
        test_id: file.testId,
        variable_id: file.variableId,
        file_id: file.fileId,
        workspace_id: file.workspaceId,
        ...content,
      })
      .onConflict((oc) =>
        oc
          .columns(['test_id', 'variable_id', 'file_id'])
          .doUpdateSet(content)
          .where('action_test_files.workspace_id', '=', file.workspaceId),
      )
      .execute();
  }

  async testFiles(workspaceId: string, testId: string): Promise<ActionTestFileRecord[]> {
    const rows = await this.db
      .selectFrom('action_test_files')
      .selectAll()
      .where('test_id', '=', testId)
      .where('workspace_id', '=', workspaceId)
      .orderBy('variable_id')
      .orderBy('file_id')
      .execute();
    return rows.map(toTestFile);
  }

  async expiredTests(now: Date, limit: number): Promise<ActionTestRecord[]> {
    const rows = await this.db
      .selectFrom('action_tests')
      .selectAll()
      .where('expires_on', '<', now)
      .orderBy('expires_on')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toTest);
  }

  async expiredTestFiles(now: Date, limit: number): Promise<ActionTestFileRecord[]> {
    const rows = await this.db
      .selectFrom('action_test_files')
      .selectAll()
      .where('expires_on', '<', now)
      .orderBy('expires_on')
      .orderBy('test_id')
      .limit(limit)
      .execute();
    return rows.map(toTestFile);
  }

  async deleteTest(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('action_test_files').where('test_id', '=', id).execute();
      await trx.deleteFrom('action_tests').where('id', '=', id).execute();
    });
  }

  async deleteTestFile(testId: string, variableId: string, fileId: string): Promise<void> {
    await this.db
      .deleteFrom('action_test_files')
      .where('test_id', '=', testId)
      .where('variable_id', '=', variableId)
      .where('file_id', '=', fileId)
      .execute();
  }
}
