// AnalyticsStore over Kysely: SQL aggregates over `instances` and `action_runs`, the same on SQLite
// and PostgreSQL except for how the two compute the milliseconds between two stored times.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type {
  ActionTotals,
  AnalyticsRange,
  AnalyticsStore,
  ProcessRunTotals,
  RunTotals,
  UserRunTotals,
  VersionKey,
} from '../../ports/analytics.store.js';
import type { Dialect } from '../migrations/column-types.js';
import { readCount, readDate, readJson } from './codec.js';
import type { Tables } from './schema.js';

/** Statuses 6, 40 and 50 (engine/statuses.ts): the run is over. */
const TERMINAL = sql.raw('(6, 40, 50)');
/** ActionStatus.Error. */
const ACTION_ERROR = 90;

interface TotalsRow {
  total_runs: unknown;
  successful_runs: unknown;
  failed_runs: unknown;
  stopped_runs: unknown;
  running_runs: unknown;
  actions_consumed: unknown;
  total_time: unknown;
  finished_runs: unknown;
  duration_sum: unknown;
  last_run_on: unknown;
}

function toTotals(row: TotalsRow): RunTotals {
  return {
    totalRuns: readCount(row.total_runs),
    successfulRuns: readCount(row.successful_runs),
    failedRuns: readCount(row.failed_runs),
    stoppedRuns: readCount(row.stopped_runs),
    runningRuns: readCount(row.running_runs),
    actionsConsumed: readCount(row.actions_consumed),
    totalTime: readCount(row.total_time),
    finishedRuns: readCount(row.finished_runs),
    durationSum: readCount(row.duration_sum),
    lastRunOn:
      row.last_run_on === null || row.last_run_on === undefined ? null : readDate(row.last_run_on),
  };
}

export class KyselyAnalyticsStore implements AnalyticsStore {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: Dialect,
  ) {}

  /** Whole milliseconds from `start` to `end` (columns of the query). */
  private msBetween(start: string, end: string): RawBuilder<number> {
    // julianday keeps ~0.05 ms of precision at today's dates; rounding makes the figure exact.
    return this.dialect === 'postgres'
      ? sql<number>`round(extract(epoch from (${sql.ref(end)} - ${sql.ref(start)})) * 1000)`
      : sql<number>`round((julianday(${sql.ref(end)}) - julianday(${sql.ref(start)})) * 86400000.0)`;
  }

  /** The aggregate columns every run total has, over instances aliased `i`. */
  private totals(): RawBuilder<unknown> {
    const finished = sql`i.status in ${TERMINAL} and i.finished_on is not null`;
    return sql`count(*) as total_runs,
      sum(case when i.status = 50 then 1 else 0 end) as successful_runs,
      sum(case when i.status = 40 then 1 else 0 end) as failed_runs,
      sum(case when i.status = 6 then 1 else 0 end) as stopped_runs,
      sum(case when i.status not in ${TERMINAL} then 1 else 0 end) as running_runs,
      sum(i.actions_consumed) as actions_consumed,
      sum(i.time_consumed) as total_time,
      sum(case when ${finished} then 1 else 0 end) as finished_runs,
      sum(case when ${finished} then ${this.msBetween('i.launched_on', 'i.finished_on')} else 0 end) as duration_sum,
      max(i.created_on) as last_run_on`;
  }

  /** Runs of the workspace created within the range, over instances aliased `i`. */
  private runsOf(workspaceId: string, range: AnalyticsRange): RawBuilder<unknown> {
    return sql`i.workspace_id = ${workspaceId} and i.launched_on is not null
      and i.created_on >= ${range.from} and i.created_on < ${range.to}`;
  }

  async timeConsumed(workspaceIds: readonly string[], range: AnalyticsRange): Promise<number> {
    if (workspaceIds.length === 0) return 0;
    const { rows } = await sql<{ total: unknown }>`
      select sum(i.time_consumed) as total from instances i
      where i.workspace_id in (${sql.join([...workspaceIds])}) and i.launched_on is not null
        and i.created_on >= ${range.from} and i.created_on < ${range.to}`.execute(this.db);
    return readCount(rows[0]?.total);
  }

  async processTotals(workspaceId: string, range: AnalyticsRange): Promise<ProcessRunTotals[]> {
    const { rows } = await sql<TotalsRow & { process_id: string; process_name: string }>`
      select i.process_id, coalesce(max(p.title), max(i.title)) as process_name, ${this.totals()}
      from instances i
      left join processes p on p.id = i.process_id and p.workspace_id = i.workspace_id
      where ${this.runsOf(workspaceId, range)}
      group by i.process_id`.execute(this.db);
    return rows.map((row) => ({
      processId: row.process_id,
      processName: row.process_name,
      ...toTotals(row),
    }));
  }

  async durations(
    workspaceId: string,
    processIds: readonly string[],
    range: AnalyticsRange,
  ): Promise<Map<string, number[]>> {
    const found = new Map<string, number[]>(processIds.map((id) => [id, []]));
    if (processIds.length === 0) return found;
    const { rows } = await sql<{ process_id: string; duration: unknown }>`
      select i.process_id, ${this.msBetween('i.launched_on', 'i.finished_on')} as duration
      from instances i
      where ${this.runsOf(workspaceId, range)} and i.process_id in (${sql.join([...processIds])})
        and i.status in ${TERMINAL} and i.finished_on is not null`.execute(this.db);
    for (const row of rows) found.get(row.process_id)?.push(readCount(row.duration));
    return found;
  }

  async userTotals(workspaceId: string, range: AnalyticsRange): Promise<UserRunTotals[]> {
    const { rows } = await sql<
      TotalsRow & {
        user_id: string | null;
        user_name: string | null;
        first_name: string | null;
        last_name: string | null;
      }
    >`
      select i.created_by_id as user_id, max(u.user_name) as user_name,
        max(u.first_name) as first_name, max(u.last_name) as last_name, ${this.totals()}
      from instances i
      left join users u on u.id = i.created_by_id
      where ${this.runsOf(workspaceId, range)}
      group by i.created_by_id`.execute(this.db);
    return rows.map((row) => ({
      userId: row.user_id,
      userName: row.user_name,
      firstName: row.first_name,
      lastName: row.last_name,
      ...toTotals(row),
    }));
  }

  async actionTotals(
    workspaceId: string,
    range: AnalyticsRange,
    processId: string | null,
  ): Promise<ActionTotals[]> {
    const ofProcess = processId === null ? sql`` : sql`and i.process_id = ${processId}`;
    const { rows } = await sql<{
      process_id: string;
      version: unknown;
      action_id: string;
      runs: unknown;
      failed_runs: unknown;
      total_time: unknown;
    }>`
      select i.process_id, i.version, r.action_id, ${this.actionColumns()}
      from action_runs r join instances i on i.id = r.instance_id
      where ${this.runsOf(workspaceId, range)} ${ofProcess} and r.counted = ${true}
      group by i.process_id, i.version, r.action_id`.execute(this.db);
    return rows.map((row) => ({
      processId: row.process_id,
      version: readCount(row.version),
      actionId: row.action_id,
      runs: readCount(row.runs),
      failedRuns: readCount(row.failed_runs),
      totalTime: readCount(row.total_time),
    }));
  }

  async instanceActionTotals(
    instanceId: string,
  ): Promise<(Omit<ActionTotals, 'processId' | 'version'> & { firstStartedOn: Date })[]> {
    const { rows } = await sql<{
      action_id: string;
      runs: unknown;
      failed_runs: unknown;
      total_time: unknown;
      first_started: unknown;
    }>`
      select r.action_id, ${this.actionColumns()}, min(r.started_on) as first_started
      from action_runs r
      where r.instance_id = ${instanceId} and r.counted = ${true}
      group by r.action_id`.execute(this.db);
    return rows.map((row) => ({
      actionId: row.action_id,
      runs: readCount(row.runs),
      failedRuns: readCount(row.failed_runs),
      totalTime: readCount(row.total_time),
      firstStartedOn: readDate(row.first_started),
    }));
  }

  /** Executions, failures and time of action records aliased `r`. */
  private actionColumns(): RawBuilder<unknown> {
    return sql`sum(r.attempts) as runs,
      sum(case when r.status = ${ACTION_ERROR} then 1 else 0 end) as failed_runs,
      sum(case when r.finished_on is not null then ${this.msBetween('r.started_on', 'r.finished_on')} else 0 end) as total_time`;
  }

  async flowVersions(
    workspaceId: string,
    keys: readonly VersionKey[],
  ): Promise<(VersionKey & { document: unknown })[]> {
    if (keys.length === 0) return [];
    const wanted = new Set(keys.map((k) => `${k.processId}#${k.version}`));
    const processIds = [...new Set(keys.map((k) => k.processId))];
    const versions = [...new Set(keys.map((k) => k.version))];
    const rows = await this.db
      .selectFrom('process_versions')
      .select(['process_id', 'version', 'flow'])
      .where('workspace_id', '=', workspaceId)
      .where('process_id', 'in', processIds)
      .where('version', 'in', versions)
      .execute();
    return rows
      .map((row) => ({
        processId: row.process_id,
        version: readCount(row.version),
        document: readJson(row.flow),
      }))
      .filter((row) => wanted.has(`${row.processId}#${row.version}`));
  }
}
