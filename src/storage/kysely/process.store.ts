// ProcessStore over Kysely, shared by SQLite and PostgreSQL.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type {
  FlowDocument,
  NewProcess,
  ProcessDeletion,
  ProcessListQuery,
  ProcessRecord,
  ProcessStore,
  ProcessSummary,
  ProcessUpdate,
  ProcessVersionRecord,
  ProcessChange,
} from '../../ports/process.store.js';
import { readBool, readCount, readDate, readJson, writeJson } from './codec.js';
import { isUniqueViolation } from './errors.js';
import type { ProcessesTable, Tables } from './schema.js';

/** Every column but the flow document, which lists never need. */
const SUMMARY_COLUMNS = [
  'id',
  'workspace_id',
  'title',
  'description',
  'parent_id',
  'timeout',
  'debug_mode',
  'is_notification',
  'active',
  'is_valid',
  'version',
  'created_on',
  'created_by_id',
  'created_by',
  'updated_on',
  'updated_by_id',
  'updated_by',
] as const;

type SummaryRow = Pick<Selectable<ProcessesTable>, (typeof SUMMARY_COLUMNS)[number]>;

function toSummary(row: SummaryRow): ProcessSummary {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    title: row.title,
    description: row.description,
    parentId: row.parent_id,
    timeout: readCount(row.timeout),
    debugMode: readBool(row.debug_mode),
    isNotification: readBool(row.is_notification),
    active: readBool(row.active),
    isValid: readBool(row.is_valid),
    version: readCount(row.version),
    createdOn: readDate(row.created_on),
    createdById: row.created_by_id,
    createdBy: row.created_by,
    updatedOn: readDate(row.updated_on),
    updatedById: row.updated_by_id,
    updatedBy: row.updated_by,
  };
}

function toRecord(row: Selectable<ProcessesTable>): ProcessRecord {
  return { ...toSummary(row), document: readJson<FlowDocument>(row.flow) };
}

/** `like` pattern for a substring, with `!` escaping the pattern characters. */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

function created(change: ProcessChange) {
  return { created_on: change.at, created_by_id: change.userId, created_by: change.userName };
}

function updated(change: ProcessChange) {
  return { updated_on: change.at, updated_by_id: change.userId, updated_by: change.userName };
}

export class KyselyProcessStore implements ProcessStore {
  constructor(private readonly db: Kysely<Tables>) {}

  async create(process: NewProcess): Promise<boolean> {
    const flow = writeJson(process.document);
    try {
      await this.db.transaction().execute(async (trx) => {
        // A process re-created with the id of a deleted one continues its version numbers: the
        // old versions are kept for the instances pinned to them.
        const previous = await trx
          .selectFrom('process_versions')
          .select((eb) => eb.fn.max('version').as('v'))
          .where('process_id', '=', process.id)
          .executeTakeFirst();
        const version = readCount(previous?.v) + 1;
        await trx
          .insertInto('processes')
          .values({
            id: process.id,
            workspace_id: process.workspaceId,
            title: process.title,
            title_key: process.title.toLowerCase(),
            description: process.description,
            parent_id: process.parentId,
            timeout: process.timeout,
            debug_mode: process.debugMode,
            is_notification: process.isNotification,
            active: process.active,
            is_valid: process.isValid,
            version,
            flow,
            ...created(process.change),
            ...updated(process.change),
          })
          .execute();
        await trx
          .insertInto('process_versions')
          .values({
            process_id: process.id,
            workspace_id: process.workspaceId,
            version,
            flow,
            is_valid: process.isValid,
            created_on: process.change.at,
            created_by_id: process.change.userId,
          })
          .execute();
        await this.writeCalls(trx, process.id, process.calls);
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async save(
    workspaceId: string,
    id: string,
    update: ProcessUpdate,
  ): Promise<ProcessRecord | null> {
    const flow = writeJson(update.document);
    return this.db.transaction().execute(async (trx) => {
      // The increment in the UPDATE locks the row, so concurrent saves queue up behind it.
      const row = await trx
        .updateTable('processes')
        .set((eb) => ({
          title: update.title,
          title_key: update.title.toLowerCase(),
          description: update.description,
          parent_id: update.parentId,
          timeout: update.timeout,
          debug_mode: update.debugMode,
          is_notification: update.isNotification,
          is_valid: update.isValid,
          ...(update.active === null ? {} : { active: update.active }),
          version: eb('version', '+', 1),
          flow,
          ...updated(update.change),
        }))
        .where('id', '=', id)
        .where('workspace_id', '=', workspaceId)
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      const record = toRecord(row);
      await trx
        .insertInto('process_versions')
        .values({
          process_id: id,
          workspace_id: workspaceId,
          version: record.version,
          flow,
          is_valid: update.isValid,
          created_on: update.change.at,
          created_by_id: update.change.userId,
        })
        .execute();
      await trx.deleteFrom('process_calls').where('process_id', '=', id).execute();
      await this.writeCalls(trx, id, update.calls);
      return record;
    });
  }

  private async writeCalls(
    trx: Transaction<Tables>,
    processId: string,
    calls: readonly string[],
  ): Promise<void> {
    const callees = [...new Set(calls)].filter((callee) => callee !== processId);
    if (callees.length === 0) return;
    await trx
      .insertInto('process_calls')
      .values(callees.map((callee) => ({ process_id: processId, callee_id: callee })))
      .execute();
  }

  async get(workspaceId: string, id: string): Promise<ProcessRecord | null> {
    const row = await this.db
      .selectFrom('processes')
      .selectAll()
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async summary(workspaceId: string, id: string): Promise<ProcessSummary | null> {
    const row = await this.db
      .selectFrom('processes')
      .select(SUMMARY_COLUMNS)
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row ? toSummary(row) : null;
  }

  async getVersion(
    workspaceId: string,
    id: string,
    version: number,
  ): Promise<ProcessVersionRecord | null> {
    const row = await this.db
      .selectFrom('process_versions as v')
      .select([
        'v.process_id',
        'v.version',
        'v.flow',
        'v.is_valid',
        'v.created_on',
        'v.created_by_id',
      ])
      .where('v.process_id', '=', id)
      .where('v.version', '=', version)
      .where('v.workspace_id', '=', workspaceId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      processId: row.process_id,
      version: readCount(row.version),
      document: readJson<FlowDocument>(row.flow),
      isValid: readBool(row.is_valid),
      createdOn: readDate(row.created_on),
      createdById: row.created_by_id,
    };
  }

  async list(
    workspaceId: string,
    query: ProcessListQuery,
  ): Promise<{ total: number; items: ProcessSummary[] }> {
    let base = this.db.selectFrom('processes').where('workspace_id', '=', workspaceId);
    if (query.search !== null) {
      const pattern = containsPattern(query.search);
      base = base.where(sql<boolean>`title_key like ${pattern} escape '!'`);
    }
    const counted = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    let page = base.select(SUMMARY_COLUMNS).orderBy('title_key').orderBy('id');
    if (query.limit !== null) page = page.limit(query.limit).offset(query.offset);
    else if (query.offset > 0) page = page.limit(Number.MAX_SAFE_INTEGER).offset(query.offset);
    const rows = await page.execute();
    return { total: readCount(counted?.n), items: rows.map(toSummary) };
  }

  async count(workspaceId: string): Promise<number> {
    const row = await this.db
      .selectFrom('processes')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return readCount(row?.n);
  }

  async existing(workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('processes')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  async callers(workspaceId: string, id: string): Promise<ProcessSummary[]> {
    return this.callersIn(this.db, workspaceId, id);
  }

  private async callersIn(
    db: Kysely<Tables>,
    workspaceId: string,
    id: string,
  ): Promise<ProcessSummary[]> {
    const rows = await db
      .selectFrom('process_calls as c')
      .innerJoin('processes as p', 'p.id', 'c.process_id')
      .select(SUMMARY_COLUMNS.map((column) => `p.${column}` as const))
      .where('c.callee_id', '=', id)
      .where('p.workspace_id', '=', workspaceId)
      .where('p.id', '<>', id)
      .orderBy('p.title_key')
      .orderBy('p.id')
      .execute();
    return rows.map(toSummary);
  }

  async setActive(
    workspaceId: string,
    id: string,
    active: boolean,
    change: ProcessChange,
  ): Promise<ProcessSummary | null> {
    const row = await this.db
      .updateTable('processes')
      .set({ active, ...updated(change) })
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .returning(SUMMARY_COLUMNS)
      .executeTakeFirst();
    return row ? toSummary(row) : null;
  }

  async delete(workspaceId: string, id: string): Promise<ProcessDeletion> {
    return this.db.transaction().execute(async (trx): Promise<ProcessDeletion> => {
      const found = await trx
        .selectFrom('processes')
        .select('id')
        .where('id', '=', id)
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      if (!found) return { outcome: 'missing' };
      const callers = await this.callersIn(trx, workspaceId, id);
      if (callers.length > 0) return { outcome: 'in-use', callers };
      await trx.deleteFrom('process_calls').where('process_id', '=', id).execute();
      await trx.deleteFrom('processes').where('id', '=', id).execute();
      return { outcome: 'deleted' };
    });
  }
}
