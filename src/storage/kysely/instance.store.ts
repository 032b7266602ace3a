// InstanceStore over Kysely, shared by SQLite and PostgreSQL.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ExecutionState } from '../../engine/state.js';
import type {
  ActionRunRecord,
  FirstWrite,
  InstanceError,
  InstanceListQuery,
  InstanceProgress,
  InstanceRecord,
  InstanceStore,
  InstanceTrigger,
} from '../../ports/instance.store.js';
import { UNFINISHED_PREDICATE } from '../migrations/0011-unfinished-instances-index.js';
import { readBool, readCount, readDate, readDateOrNull, readJson, writeJson } from './codec.js';
import { QueryShapes, type SlotOf } from './query-shapes.js';
import type { ActionRunsTable, InstancesTable, Tables } from './schema.js';

/** Statuses a worker may take: launched and not finished (all in UNFINISHED_STATUSES). */
const CLAIMABLE = [15, 20, 30, 60];
const TERMINAL = [6, 40, 50];
/** Rows per multi-row insert, well under SQLite's bound-parameter limit. */
const CHUNK = 400;

function toInstance(row: Selectable<InstancesTable>): InstanceRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    processId: row.process_id,
    version: row.version,
    title: row.title,
    status: row.status,
    variables: readJson<Record<string, unknown>>(row.variables) ?? {},
    state: row.state === null ? null : readJson<ExecutionState>(row.state),
    errors: readJson<InstanceError[]>(row.errors) ?? [],
    currentActionId: row.current_action_id,
    parentInstanceId: row.parent_instance_id,
    parentActionId: row.parent_action_id,
    trigger: { kind: row.trigger_kind as InstanceTrigger['kind'], name: row.trigger_name },
    createdById: row.created_by_id,
    createdOn: readDate(row.created_on),
    updatedOn: readDate(row.updated_on),
    launchedOn: readDateOrNull(row.launched_on),
    finishedOn: readDateOrNull(row.finished_on),
    timeoutAt: readDateOrNull(row.timeout_at),
    stopRequested: readBool(row.stop_requested),
    timeConsumed: readCount(row.time_consumed),
    actionsConsumed: row.actions_consumed,
  };
}

function toRun(row: Selectable<ActionRunsTable>): ActionRunRecord {
  return {
    instanceId: row.instance_id,
    actionId: row.action_id,
    iteration: row.iteration,
    status: row.status,
    attempts: row.attempts,
    startedOn: readDate(row.started_on),
    finishedOn: readDateOrNull(row.finished_on),
    inputs: row.inputs === null ? null : readJson(row.inputs),
    outputs: row.outputs === null ? null : readJson(row.outputs),
    error: row.error === null ? null : readJson(row.error),
    counted: readBool(row.counted),
  };
}

export function runRow(run: ActionRunRecord): Record<string, unknown> {
  return {
    instance_id: run.instanceId,
    action_id: run.actionId,
    iteration: run.iteration,
    status: run.status,
    attempts: run.attempts,
    started_on: run.startedOn,
    finished_on: run.finishedOn,
    inputs: run.inputs === null || run.inputs === undefined ? null : writeJson(run.inputs),
    outputs: run.outputs === null || run.outputs === undefined ? null : writeJson(run.outputs),
    error: run.error === null || run.error === undefined ? null : writeJson(run.error),
    counted: run.counted,
  };
}

/** The row with each value replaced by the slot of its column (a shape to compile). */
function slotted(row: Record<string, unknown>, slot: SlotOf): Record<string, unknown> {
  return Object.fromEntries(Object.keys(row).map((column) => [column, slot(column)]));
}

/** The instances row of a record, leased to `lease.owner` or not leased. */
export function instanceRow(
  i: InstanceRecord,
  lease: { owner: string; until: Date } | null,
): Record<string, unknown> {
  return {
    id: i.id,
    workspace_id: i.workspaceId,
    process_id: i.processId,
    version: i.version,
    title: i.title,
    status: i.status,
    variables: writeJson(i.variables),
    state: i.state === null ? null : writeJson(i.state),
    errors: writeJson(i.errors),
    current_action_id: i.currentActionId,
    parent_instance_id: i.parentInstanceId,
    parent_action_id: i.parentActionId,
    trigger_kind: i.trigger.kind,
    trigger_name: i.trigger.name,
    created_by_id: i.createdById,
    created_on: i.createdOn,
    updated_on: i.updatedOn,
    launched_on: i.launchedOn,
    finished_on: i.finishedOn,
    timeout_at: i.timeoutAt,
    stop_requested: i.stopRequested,
    time_consumed: i.timeConsumed,
    actions_consumed: i.actionsConsumed,
    lease_owner: lease?.owner ?? null,
    lease_until: lease?.until ?? null,
  };
}

/** The columns a checkpoint of an existing instance sets. */
export function progressChanges(p: InstanceProgress, now: Date): Record<string, unknown> {
  return {
    status: p.status,
    variables: writeJson(p.variables),
    state: p.state === null ? null : writeJson(p.state),
    errors: writeJson(p.errors),
    current_action_id: p.currentActionId,
    finished_on: p.finishedOn,
    time_consumed: p.timeConsumed,
    actions_consumed: p.actionsConsumed,
    updated_on: now,
    ...(p.releaseLease === true ? { lease_owner: null, lease_until: null } : {}),
  };
}

/** The row a first write stores: the instance as it started, with the checkpoint's progress. */
export function firstWriteRow(
  first: FirstWrite,
  owner: string,
  p: InstanceProgress,
  now: Date,
): Record<string, unknown> {
  return instanceRow(
    {
      ...first.instance,
      status: p.status,
      variables: p.variables,
      state: p.state,
      errors: p.errors,
      currentActionId: p.currentActionId,
      finishedOn: p.finishedOn,
      timeConsumed: p.timeConsumed,
      actionsConsumed: p.actionsConsumed,
      updatedOn: now,
    },
    p.releaseLease === true ? null : { owner, until: first.leaseUntil },
  );
}

export class KyselyInstanceStore implements InstanceStore {
  private readonly shapes = new QueryShapes();

  constructor(private readonly db: Kysely<Tables>) {}

  async create(i: InstanceRecord, lease?: { owner: string; until: Date }): Promise<void> {
    const row = instanceRow(i, lease ?? null);
    await this.db.executeQuery(this.insertInstance(row));
  }

  private insertInstance(row: Record<string, unknown>) {
    return this.shapes.bind(
      'create',
      (slot) => this.db.insertInto('instances').values(slotted(row, slot) as never),
      row,
    );
  }

  async get(id: string): Promise<InstanceRecord | null> {
    const row = await this.db
      .selectFrom('instances')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toInstance(row) : null;
  }

  async claim(
    id: string,
    owner: string,
    leaseUntil: Date,
    now: Date,
  ): Promise<InstanceRecord | null> {
    const row = await this.db
      .updateTable('instances')
      .set((eb) => ({
        lease_owner: owner,
        lease_until: leaseUntil,
        status: eb.case().when('status', 'in', [15, 20]).then(30).else(eb.ref('status')).end(),
        updated_on: now,
      }))
      .where('id', '=', id)
      .where('status', 'in', CLAIMABLE)
      .where((eb) =>
        eb.or([
          eb('lease_owner', 'is', null),
          eb('lease_until', '<', now),
          eb('lease_owner', '=', owner),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    return row ? toInstance(row) : null;
  }

  async renewLease(id: string, owner: string, leaseUntil: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('instances')
      .set({ lease_until: leaseUntil })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async checkpoint(
    id: string,
    owner: string,
    p: InstanceProgress,
    runs: ActionRunRecord[],
    first?: FirstWrite,
  ): Promise<boolean> {
    const now = new Date();
    return this.db.transaction().execute(async (trx) => {
      if (first) await trx.executeQuery(this.insertInstance(firstWriteRow(first, owner, p, now)));
      else if (!(await this.updateProgress(trx, id, owner, progressChanges(p, now)))) return false;
      await this.upsertRuns(trx, runs);
      return true;
    });
  }

  private async updateProgress(
    trx: Transaction<Tables>,
    id: string,
    owner: string,
    changes: Record<string, unknown>,
  ): Promise<boolean> {
    const release = 'lease_owner' in changes;
    const updated = await trx.executeQuery(
      this.shapes.bind(
        `checkpoint:${release}`,
        (slot) =>
          this.db
            .updateTable('instances')
            .set(slotted(changes, slot) as never)
            .where('id', '=', slot('key:id'))
            .where('lease_owner', '=', slot('key:owner')),
        { ...changes, 'key:id': id, 'key:owner': owner },
      ),
    );
    return Number(updated.numAffectedRows ?? 0) === 1;
  }

  private async upsertRuns(trx: Transaction<Tables>, runs: ActionRunRecord[]): Promise<void> {
    for (let i = 0; i < runs.length; i += CHUNK) {
      const rows = runs.slice(i, i + CHUNK).map(runRow);
      const values: Record<string, unknown> = {};
      rows.forEach((row, n) => {
        for (const [column, value] of Object.entries(row)) values[`${n}:${column}`] = value;
      });
      await trx.executeQuery(
        this.shapes.bind(
          `runs:${rows.length}`,
          (slot) =>
            this.db
              .insertInto('action_runs')
              .values(
                rows.map((row, n) =>
                  Object.fromEntries(Object.keys(row).map((c) => [c, slot(`${n}:${c}`)])),
                ) as never,
              )
              .onConflict((oc) =>
                oc.columns(['instance_id', 'action_id', 'iteration']).doUpdateSet((eb) => ({
                  status: eb.ref('excluded.status'),
                  attempts: eb.ref('excluded.attempts'),
                  started_on: eb.ref('excluded.started_on'),
                  finished_on: eb.ref('excluded.finished_on'),
                  inputs: eb.ref('excluded.inputs'),
                  outputs: eb.ref('excluded.outputs'),
                  error: eb.ref('excluded.error'),
                })),
              ),
          values,
        ),
      );
    }
  }

  async release(id: string, owner: string): Promise<void> {
    await this.db
      .updateTable('instances')
      .set({ lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  async transition(
    id: string,
    from: number[],
    to: number,
    patch: { launchedOn?: Date; timeoutAt?: Date | null } = {},
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('instances')
      .set({
        status: to,
        updated_on: new Date(),
        ...(patch.launchedOn !== undefined ? { launched_on: patch.launchedOn } : {}),
        ...(patch.timeoutAt !== undefined ? { timeout_at: patch.timeoutAt } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async updateVariables(
    id: string,
    expected: Record<string, unknown>,
    variables: Record<string, unknown>,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('instances')
      .set({ variables: writeJson(variables), updated_on: new Date() })
      .where('id', '=', id)
      .where('status', '=', 1)
      .where('variables', '=', writeJson(expected))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async requestStop(id: string): Promise<void> {
    await this.db
      .updateTable('instances')
      .set({ stop_requested: true, updated_on: new Date() })
      .where('id', '=', id)
      .where('status', 'not in', TERMINAL)
      .execute();
  }

  async listActionRuns(instanceId: string): Promise<ActionRunRecord[]> {
    const rows = await this.db
      .selectFrom('action_runs')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .orderBy('started_on')
      .orderBy('iteration')
      .execute();
    return rows.map(toRun);
  }

  private filtered(query: Omit<InstanceListQuery, 'offset' | 'limit'>) {
    let q = this.db
      .selectFrom('instances')
      .where('workspace_id', '=', query.workspaceId)
      .where('process_id', '=', query.processId);
    if (query.statuses && query.statuses.length > 0) q = q.where('status', 'in', query.statuses);
    if (query.createdFrom) q = q.where('created_on', '>=', query.createdFrom);
    if (query.createdTo) q = q.where('created_on', '<', query.createdTo);
    return q;
  }

  async list(query: InstanceListQuery): Promise<{ total: number; items: InstanceRecord[] }> {
    const total = await this.count(query);
    let q = this.filtered(query).selectAll().orderBy('created_on', 'desc').orderBy('id', 'desc');
    // SQLite accepts OFFSET only after a LIMIT.
    if (query.limit !== null || query.offset > 0)
      q = q.limit(query.limit ?? Number.MAX_SAFE_INTEGER).offset(query.offset);
    return { total, items: (await q.execute()).map(toInstance) };
  }

  async count(query: Omit<InstanceListQuery, 'offset' | 'limit'>): Promise<number> {
    const row = await this.filtered(query)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return readCount(row?.n);
  }

  async stalePublished(before: Date, limit: number): Promise<InstanceRecord[]> {
    const rows = await this.db
      .selectFrom('instances')
      .selectAll()
      .where(UNFINISHED_PREDICATE)
      .where('status', '=', 1)
      .where('created_on', '<', before)
      .orderBy('created_on')
      .limit(limit)
      .execute();
    return rows.map(toInstance);
  }

  async deletePublished(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('instances')
      .where('id', '=', id)
      .where('status', '=', 1)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async unleased(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('instances')
      .select('id')
      .where(UNFINISHED_PREDICATE)
      .where('status', 'in', CLAIMABLE)
      .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('created_on')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async unfinished(limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('instances')
      .select('id')
      .where(UNFINISHED_PREDICATE)
      .where('status', 'in', CLAIMABLE)
      .orderBy('created_on')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }
}
