// ScheduleStore over Kysely, shared by SQLite and PostgreSQL. The tables are declared here (they
// belong to this store alone) and joined onto the shared schema with `withTables`. A fire writes
// the instance and the embedded queue's job row itself, inside its own transaction, so a fire
// that commits has its instance queued and one that fails leaves nothing behind.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { newId } from '../../domain/ids.js';
import type {
  FireResult,
  FireWrite,
  NewSchedule,
  PendingNotification,
  ScheduleChange,
  ScheduleContent,
  ScheduleFireRecord,
  ScheduleInput,
  ScheduleListQuery,
  ScheduleNotification,
  ScheduleRecord,
  ScheduleStore,
} from '../../ports/schedule.store.js';
import { readBool, readCount, readDate, readDateOrNull, readJson, writeJson } from './codec.js';
import { isUniqueViolation } from './errors.js';
import { KyselyInstanceStore } from './instance.store.js';
import type { Bool, Json, NullableTimestamp, Tables, Timestamp } from './schema.js';

type SchedulesTable = {
  id: string;
  workspace_id: string;
  name: string;
  name_key: string;
  description: string | null;
  enabled: Bool;
  process_id: string;
  process_inputs: Json;
  notification: Json | null;
  recurrence: Json;
  catch_up_policy: number;
  next_fire_on: NullableTimestamp;
  revision: number;
  last_due_on: NullableTimestamp;
  last_fired_on: NullableTimestamp;
  last_instance_id: string | null;
  last_skipped_reason: string | null;
  created_on: Timestamp;
  created_by_id: string | null;
  created_by: string | null;
  updated_on: Timestamp;
  updated_by_id: string | null;
  updated_by: string | null;
};

type ScheduleFiresTable = {
  schedule_id: string;
  due_on: Timestamp;
  workspace_id: string;
  fired_on: Timestamp;
  outcome: string;
  instance_id: string | null;
  reason: string | null;
  detail: string | null;
  lag_ms: number | string;
  notify_pending: Bool;
};

export type ScheduleTables = {
  schedules: SchedulesTable;
  schedule_fires: ScheduleFiresTable;
};

type Db = Kysely<Tables & ScheduleTables>;

/** Thrown inside a fire transaction to roll it back when the schedule moved on. */
class StaleSchedule extends Error {}

type ScheduleRow = Selectable<SchedulesTable> & { process_name: string | null };

function toSchedule(row: ScheduleRow): ScheduleRecord {
  const lastDue = readDateOrNull(row.last_due_on);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    description: row.description,
    enabled: readBool(row.enabled),
    processId: row.process_id,
    processName: row.process_name,
    processInputs: readJson<ScheduleInput[]>(row.process_inputs) ?? [],
    notification:
      row.notification === null ? null : readJson<ScheduleNotification | null>(row.notification),
    recurrence: readJson<Record<string, unknown>>(row.recurrence),
    catchUpPolicy: row.catch_up_policy,
    nextFireOn: readDateOrNull(row.next_fire_on),
    revision: Number(row.revision),
    lastFire: lastDue
      ? {
          dueOn: lastDue,
          firedOn: readDate(row.last_fired_on),
          instanceId: row.last_instance_id,
          skippedReason: row.last_skipped_reason,
        }
      : null,
    createdOn: readDate(row.created_on),
    createdById: row.created_by_id,
    createdBy: row.created_by,
    updatedOn: readDate(row.updated_on),
    updatedById: row.updated_by_id,
    updatedBy: row.updated_by,
  };
}

function toFire(row: Selectable<ScheduleFiresTable>): ScheduleFireRecord {
  return {
    scheduleId: row.schedule_id,
    workspaceId: row.workspace_id,
    dueOn: readDate(row.due_on),
    firedOn: readDate(row.fired_on),
    outcome: row.outcome as ScheduleFireRecord['outcome'],
    instanceId: row.instance_id,
    reason: row.reason,
    detail: row.detail,
    lagMs: readCount(row.lag_ms),
    notifyPending: readBool(row.notify_pending),
  };
}

function contentColumns(content: ScheduleContent) {
  return {
    name: content.name,
    name_key: content.name.toLowerCase(),
    description: content.description,
    process_id: content.processId,
    process_inputs: writeJson(content.processInputs),
    notification: content.notification === null ? null : writeJson(content.notification),
    recurrence: writeJson(content.recurrence),
    catch_up_policy: content.catchUpPolicy,
    next_fire_on: content.nextFireOn,
  };
}

function updated(change: ScheduleChange) {
  return { updated_on: change.at, updated_by_id: change.userId, updated_by: change.userName };
}

function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

export class KyselyScheduleStore implements ScheduleStore {
  private readonly db: Db;

  constructor(db: Kysely<Tables>) {
    this.db = db.withTables<ScheduleTables>();
  }

  /** Schedules with their process's title (null when the process is gone). */
  private selectSchedules(db: Db | Transaction<Tables & ScheduleTables> = this.db) {
    return db
      .selectFrom('schedules')
      .leftJoin('processes', (join) =>
        join
          .onRef('processes.id', '=', 'schedules.process_id')
          .onRef('processes.workspace_id', '=', 'schedules.workspace_id'),
      )
      .selectAll('schedules')
      .select('processes.title as process_name');
  }

  async create(s: NewSchedule): Promise<boolean> {
    try {
      await this.db
        .insertInto('schedules')
        .values({
          id: s.id,
          workspace_id: s.workspaceId,
          ...contentColumns(s),
          enabled: s.enabled,
          revision: 1,
          last_due_on: null,
          last_fired_on: null,
          last_instance_id: null,
          last_skipped_reason: null,
          created_on: s.change.at,
          created_by_id: s.change.userId,
          created_by: s.change.userName,
          ...updated(s.change),
        })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async get(workspaceId: string, id: string): Promise<ScheduleRecord | null> {
    const row = await this.selectSchedules()
      .where('schedules.workspace_id', '=', workspaceId)
      .where('schedules.id', '=', id)
      .executeTakeFirst();
    return row ? toSchedule(row) : null;
  }

  async list(
    workspaceId: string,
    query: ScheduleListQuery,
  ): Promise<{ total: number; items: ScheduleRecord[] }> {
    let counting = this.db.selectFrom('schedules').where('workspace_id', '=', workspaceId);
    let page = this.selectSchedules().where('schedules.workspace_id', '=', workspaceId);
    if (query.search !== null) {
      const pattern = containsPattern(query.search);
      counting = counting.where(sql<boolean>`name_key like ${pattern} escape '!'`);
      page = page.where(sql<boolean>`schedules.name_key like ${pattern} escape '!'`);
    }
    if (query.processId !== null) {
      counting = counting.where('process_id', '=', query.processId);
      page = page.where('schedules.process_id', '=', query.processId);
    }
    const counted = await counting.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    page = page.orderBy('schedules.name_key').orderBy('schedules.id');
    if (query.limit !== null) page = page.limit(query.limit).offset(query.offset);
    else if (query.offset > 0) page = page.limit(Number.MAX_SAFE_INTEGER).offset(query.offset);
    const rows = await page.execute();
    return { total: readCount(counted?.n), items: rows.map(toSchedule) };
  }

  async update(
    workspaceId: string,
    id: string,
    content: ScheduleContent,
    change: ScheduleChange,
  ): Promise<ScheduleRecord | null> {
    const result = await this.db
      .updateTable('schedules')
      .set((eb) => ({
        ...contentColumns(content),
        ...updated(change),
        revision: eb('revision', '+', 1),
      }))
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    return this.get(workspaceId, id);
  }

  async updateInputs(
    workspaceId: string,
    id: string,
    revision: number,
    inputs: ScheduleInput[],
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('schedules')
      .set((eb) => ({ process_inputs: writeJson(inputs), revision: eb('revision', '+', 1) }))
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async setEnabled(
    workspaceId: string,
    id: string,
    enabled: boolean,
    nextFireOn: Date | null,
    change: ScheduleChange,
  ): Promise<ScheduleRecord | null> {
    const result = await this.db
      .updateTable('schedules')
      .set((eb) => ({
        enabled,
        next_fire_on: nextFireOn,
        ...updated(change),
        revision: eb('revision', '+', 1),
      }))
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    return this.get(workspaceId, id);
  }

  async setNotification(
    workspaceId: string,
    id: string,
    notification: ScheduleNotification,
    change: ScheduleChange,
  ): Promise<ScheduleRecord | null> {
    const result = await this.db
      .updateTable('schedules')
      .set((eb) => ({
        notification: writeJson(notification),
        ...updated(change),
        revision: eb('revision', '+', 1),
      }))
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    return this.get(workspaceId, id);
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('schedules')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await trx.deleteFrom('schedule_fires').where('schedule_id', '=', id).execute();
      return true;
    });
  }

  async deleteOfProcess(workspaceId: string, processId: string): Promise<ScheduleRecord[]> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.selectSchedules(trx)
        .where('schedules.workspace_id', '=', workspaceId)
        .where('schedules.process_id', '=', processId)
        .execute();
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return [];
      await trx.deleteFrom('schedules').where('id', 'in', ids).execute();
      await trx.deleteFrom('schedule_fires').where('schedule_id', 'in', ids).execute();
      return rows.map(toSchedule);
    });
  }

  async due(now: Date, limit: number): Promise<ScheduleRecord[]> {
    const rows = await this.selectSchedules()
      .where('schedules.enabled', '=', true)
      .where('schedules.next_fire_on', '<=', now)
      .orderBy('schedules.next_fire_on')
      .limit(limit)
      .execute();
    return rows.map(toSchedule);
  }

  async fire(write: FireWrite): Promise<FireResult> {
    const { fire, instance, schedule, writeJob } = write;
    try {
      return await this.db.transaction().execute(async (trx): Promise<FireResult> => {
        // The claim comes first: the losing servers stop here (on PostgreSQL they wait for the
        // winner's commit) and write nothing else.
        const claimed = await trx
          .insertInto('schedule_fires')
          .values({
            schedule_id: fire.scheduleId,
            due_on: fire.dueOn,
            workspace_id: fire.workspaceId,
            fired_on: fire.firedOn,
            outcome: fire.outcome,
            instance_id: fire.instanceId,
            reason: fire.reason,
            detail: fire.detail,
            lag_ms: fire.lagMs,
            notify_pending: fire.notifyPending,
          })
          .onConflict((oc) => oc.columns(['schedule_id', 'due_on']).doNothing())
          .executeTakeFirst();
        if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) === 0) return 'duplicate';
        const moved = await trx
          .updateTable('schedules')
          .set({
            next_fire_on: schedule.nextFireOn,
            enabled: schedule.enabled,
            last_due_on: fire.dueOn,
            last_fired_on: fire.firedOn,
            last_instance_id: fire.instanceId,
            last_skipped_reason: fire.outcome === 'skipped' ? fire.reason : null,
          })
          .where('id', '=', schedule.id)
          .where('revision', '=', schedule.revision)
          .where('enabled', '=', true)
          .where('next_fire_on', '=', schedule.expectedNextFireOn)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) throw new StaleSchedule();
        if (instance)
          await new KyselyInstanceStore(trx as unknown as Kysely<Tables>).create(instance);
        if (instance && writeJob) {
          // The embedded queue's job row (src/queue/inline): due at once, by the real clock the
          // queue claims with.
          await trx
            .insertInto('work_jobs')
            .values({
              id: newId(),
              instance_id: instance.id,
              run_at: new Date(),
              attempts: 0,
              claimed_by: null,
              lease_until: null,
              created_on: new Date(),
            })
            .execute();
        }
        return 'fired';
      });
    } catch (error) {
      if (error instanceof StaleSchedule) return 'stale';
      throw error;
    }
  }

  async advance(
    id: string,
    revision: number,
    expectedNextFireOn: Date,
    nextFireOn: Date | null,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('schedules')
      .set({ next_fire_on: nextFireOn })
      .where('id', '=', id)
      .where('revision', '=', revision)
      .where('next_fire_on', '=', expectedNextFireOn)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async hasFired(scheduleId: string, dueOn: Date): Promise<boolean> {
    const row = await this.db
      .selectFrom('schedule_fires')
      .select('schedule_id')
      .where('schedule_id', '=', scheduleId)
      .where('due_on', '=', dueOn)
      .executeTakeFirst();
    return row !== undefined;
  }

  async fires(
    scheduleId: string,
    offset: number,
    limit: number | null,
  ): Promise<{ total: number; items: ScheduleFireRecord[] }> {
    const base = this.db.selectFrom('schedule_fires').where('schedule_id', '=', scheduleId);
    const counted = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    let page = base.selectAll().orderBy('due_on', 'desc');
    if (limit !== null) page = page.limit(limit).offset(offset);
    else if (offset > 0) page = page.limit(Number.MAX_SAFE_INTEGER).offset(offset);
    const rows = await page.execute();
    return { total: readCount(counted?.n), items: rows.map(toFire) };
  }

  async pendingNotifications(terminal: number[], limit: number): Promise<PendingNotification[]> {
    const rows = await this.db
      .selectFrom('schedule_fires')
      .innerJoin('instances', 'instances.id', 'schedule_fires.instance_id')
      .innerJoin('schedules', 'schedules.id', 'schedule_fires.schedule_id')
      .selectAll('schedule_fires')
      .select([
        'instances.status as instance_status',
        'instances.title as process_title',
        'schedules.name as schedule_name',
        'schedules.notification as schedule_notification',
      ])
      .where('schedule_fires.notify_pending', '=', true)
      .where('instances.status', 'in', terminal)
      .orderBy('schedule_fires.fired_on')
      .limit(limit)
      .execute();
    const out: PendingNotification[] = [];
    for (const row of rows) {
      const notification =
        row.schedule_notification === null
          ? null
          : readJson<ScheduleNotification | null>(row.schedule_notification);
      if (!notification) continue;
      out.push({
        fire: toFire(row),
        scheduleName: row.schedule_name,
        notification,
        processTitle: row.process_title,
        instanceStatus: row.instance_status,
      });
    }
    return out;
  }

  async claimNotification(scheduleId: string, dueOn: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('schedule_fires')
      .set({ notify_pending: false })
      .where('schedule_id', '=', scheduleId)
      .where('due_on', '=', dueOn)
      .where('notify_pending', '=', true)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async pruneFires(before: Date, keep: number, limit: number): Promise<number> {
    const victims = await this.db
      .selectFrom('schedule_fires as f')
      .select(['f.schedule_id', 'f.due_on'])
      .where('f.fired_on', '<', before)
      .where('f.notify_pending', '=', false)
      // Older than the schedule's keep-th newest row (none when it has fewer).
      .where('f.due_on', '<', (eb) =>
        eb
          .selectFrom('schedule_fires as newer')
          .select('newer.due_on')
          .whereRef('newer.schedule_id', '=', 'f.schedule_id')
          .orderBy('newer.due_on', 'desc')
          .limit(1)
          .offset(keep - 1),
      )
      .orderBy('f.fired_on')
      .limit(limit)
      .execute();
    let removed = 0;
    for (const v of victims) {
      const result = await this.db
        .deleteFrom('schedule_fires')
        .where('schedule_id', '=', v.schedule_id)
        .where('due_on', '=', v.due_on as Date)
        .executeTakeFirst();
      removed += Number(result.numDeletedRows);
    }
    return removed;
  }
}
