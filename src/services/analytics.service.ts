// Owns usage analytics (API.md §11): the usage object, per-process and per-user run figures, and
// per-action counts and times of a process or an instance, over a date range of `createdOn`.
// Start, Stop and Join never count; the figures come from SQL aggregates (analytics.store).
import { roleAllows } from '../domain/identity.js';
import { normalizeGuid } from '../domain/ids.js';
import { SluiceError, invalidInput } from '../errors/catalogue.js';
import type {
  ActionTotals,
  AnalyticsRange,
  AnalyticsStore,
  RunTotals,
} from '../ports/analytics.store.js';
import type { Clock } from '../ports/clock.js';
import type { InstanceStore } from '../ports/instance.store.js';
import type { Caller } from './process.service.js';

const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_DAYS = 30;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** How usage averages class an action template. */
export type ActionClass = 'internal' | 'external' | 'custom';

export interface AnalyticsServiceDeps {
  store: AnalyticsStore;
  instances: Pick<InstanceStore, 'get'>;
  /** Whether a process of the workspace has this id. */
  processExists: (workspaceId: string, processId: string) => Promise<boolean>;
  /** Every workspace the user is a member of. */
  workspacesOf: (userId: string) => Promise<string[]>;
  /** internal (no network), external (integrations) or custom, for a template of a workspace. */
  classify: (templateId: string, workspaceId: string) => ActionClass;
  clock: Clock;
}

export interface UsageView {
  subscriptionType: 'SelfHosted';
  price: number;
  time: {
    consumed: number;
    masterConsumed: number;
    canExceedPaidTime: boolean;
    limit: { soft: null; hard: null };
    notifyThreshold: null;
  };
  average: { platform: { total: number; internal: number; external: number }; custom: number };
  expirationDate: null;
  autoRenewable: boolean;
}

export interface ProcessAnalyticsRow {
  processId: string;
  processName: string;
  totalRuns: number;
  successfulRuns: number;
  failedRuns: number;
  stoppedRuns: number;
  runningRuns: number;
  actionsConsumed: number;
  totalTime: number;
  /** Milliseconds from launch to end, over finished runs; null when none finished. */
  meanDuration: number | null;
  p95Duration: number | null;
  lastRunOn: string | null;
}

export interface ProcessActionRow {
  processId: string;
  actionId: string;
  actionName: string | null;
  templateId: string | null;
  totalRuns: number;
  failedRuns: number;
  totalTime: number;
  /** Mean milliseconds per execution. */
  actionExecutionTime: number;
}

export interface InstanceActionRow {
  instanceId: string;
  actionId: string;
  actionName: string | null;
  totalRuns: number;
  totalTime: number;
  actionExecutionTime: number;
}

export interface UserAnalyticsRow {
  userId: string | null;
  userName: string | null;
  firstName: string | null;
  lastName: string | null;
  totalRuns: number;
  successfulRuns: number;
  failedRuns: number;
  actionsConsumed: number;
  totalTime: number;
}

interface ActionInfo {
  name: string | null;
  templateId: string | null;
  position: number;
}

/** Action names and templates of flow documents, newest version first wins. */
function actionIndex(
  documents: readonly { version: number; document: unknown }[],
): Map<string, ActionInfo> {
  const index = new Map<string, ActionInfo>();
  const newestFirst = [...documents].sort((a, b) => b.version - a.version);
  for (const { document } of newestFirst) {
    const actions = (document as { actions?: unknown } | null)?.actions;
    if (!Array.isArray(actions)) continue;
    actions.forEach((action: Record<string, unknown>, position) => {
      const id = typeof action.id === 'string' ? action.id.toLowerCase() : null;
      if (!id || index.has(id)) return;
      index.set(id, {
        name: typeof action.actionName === 'string' ? action.actionName : null,
        templateId: typeof action.templateId === 'string' ? action.templateId.toLowerCase() : null,
        position,
      });
    });
  }
  return index;
}

/** Mean per execution, to a hundredth of a millisecond. */
function perRun(total: number, runs: number): number {
  return runs > 0 ? Math.round((total / runs) * 100) / 100 : 0;
}

/** The 95th percentile by nearest rank. */
function p95(durations: readonly number[]): number | null {
  if (durations.length === 0) return null;
  const sorted = [...durations].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1]!;
}

function mean(totals: RunTotals): number | null {
  return totals.finishedRuns > 0 ? perRun(totals.durationSum, totals.finishedRuns) : null;
}

/** Reads a range bound; a date without a time is that day's start (end: the next day's). */
function readBound(value: string, name: 'startDate' | 'endDate'): Date {
  const text = value.trim();
  let time = NaN;
  if (ISO_DATE.test(text)) {
    time = Date.parse(`${text}T00:00:00Z`);
    if (name === 'endDate' && !Number.isNaN(time)) time += DAY_MS;
  } else if (ISO_DATE_TIME.test(text)) {
    const zoned = /([Zz]|[+-]\d{2}(?::?\d{2})?)$/.test(text);
    time = Date.parse(zoned ? text : `${text}Z`);
  }
  if (Number.isNaN(time))
    throw invalidInput([{ target: name, value: `${name} must be an ISO-8601 date or date-time.` }]);
  return new Date(time);
}

export class AnalyticsService {
  constructor(private readonly deps: AnalyticsServiceDeps) {}

  /**
   * The range of `createdOn` a request selects: [startDate, endDate), by default the 30 days
   * before now; a date-only endDate includes that day.
   */
  range(startDate: string | undefined, endDate: string | undefined): AnalyticsRange {
    const now = this.deps.clock.now();
    let to = endDate ? readBound(endDate, 'endDate') : new Date(now.getTime() + 1);
    const from = startDate
      ? readBound(startDate, 'startDate')
      : new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
    if (from.getTime() > to.getTime()) {
      if (endDate)
        throw invalidInput([{ target: 'startDate', value: 'startDate is after endDate.' }]);
      // A start in the future selects nothing yet.
      to = from;
    }
    return { from, to };
  }

  async usage(caller: Caller, range: AnalyticsRange): Promise<UsageView> {
    const workspaceId = this.workspaceOf(caller);
    const all = await this.deps.workspacesOf(caller.principal.user.id);
    const [consumed, masterConsumed, actions] = await Promise.all([
      this.deps.store.timeConsumed([workspaceId], range),
      this.deps.store.timeConsumed(all.includes(workspaceId) ? all : [...all, workspaceId], range),
      this.deps.store.actionTotals(workspaceId, range, null),
    ]);
    const byClass = { internal: { time: 0, runs: 0 }, external: { time: 0, runs: 0 } };
    const custom = { time: 0, runs: 0 };
    const templates = await this.templatesOf(workspaceId, actions);
    for (const row of actions) {
      const templateId = templates.get(`${row.processId}#${row.version}#${row.actionId}`);
      const kind = templateId ? this.deps.classify(templateId, workspaceId) : 'internal';
      const bucket = kind === 'custom' ? custom : byClass[kind];
      bucket.time += row.totalTime;
      bucket.runs += row.runs;
    }
    const platformTime = byClass.internal.time + byClass.external.time;
    const platformRuns = byClass.internal.runs + byClass.external.runs;
    return {
      subscriptionType: 'SelfHosted',
      price: 0,
      time: {
        consumed,
        masterConsumed,
        canExceedPaidTime: true,
        limit: { soft: null, hard: null },
        notifyThreshold: null,
      },
      average: {
        platform: {
          total: perRun(platformTime, platformRuns),
          internal: perRun(byClass.internal.time, byClass.internal.runs),
          external: perRun(byClass.external.time, byClass.external.runs),
        },
        custom: perRun(custom.time, custom.runs),
      },
      expirationDate: null,
      autoRenewable: false,
    };
  }

  /** One row per process with runs in the range, all of them; the caller pages by name. */
  async processes(caller: Caller, range: AnalyticsRange): Promise<ProcessAnalyticsRow[]> {
    const workspaceId = this.workspaceOf(caller);
    const rows = await this.deps.store.processTotals(workspaceId, range);
    return rows.map((row) => ({
      processId: row.processId,
      processName: row.processName,
      totalRuns: row.totalRuns,
      successfulRuns: row.successfulRuns,
      failedRuns: row.failedRuns,
      stoppedRuns: row.stoppedRuns,
      runningRuns: row.runningRuns,
      actionsConsumed: row.actionsConsumed,
      totalTime: row.totalTime,
      meanDuration: mean(row),
      p95Duration: null,
      lastRunOn: row.lastRunOn?.toISOString() ?? null,
    }));
  }

  /** Fills in the 95th percentile of the rows shown (it needs every duration of each). */
  async withPercentiles(
    caller: Caller,
    range: AnalyticsRange,
    rows: ProcessAnalyticsRow[],
  ): Promise<ProcessAnalyticsRow[]> {
    const durations = await this.deps.store.durations(
      this.workspaceOf(caller),
      rows.map((r) => r.processId),
      range,
    );
    return rows.map((row) => ({ ...row, p95Duration: p95(durations.get(row.processId) ?? []) }));
  }

  /** Per action of one process: executions, failures and time in the range. */
  async processDetails(
    caller: Caller,
    rawProcessId: string,
    range: AnalyticsRange,
  ): Promise<ProcessActionRow[]> {
    const workspaceId = this.workspaceOf(caller);
    const processId = normalizeGuid(rawProcessId);
    if (!processId) throw new SluiceError('NOT_FOUND', 'flow');
    const totals = await this.deps.store.actionTotals(workspaceId, range, processId);
    if (totals.length === 0 && !(await this.deps.processExists(workspaceId, processId)))
      throw new SluiceError('NOT_FOUND', 'flow');
    const versions = [...new Set(totals.map((t) => t.version))];
    const documents = await this.deps.store.flowVersions(
      workspaceId,
      versions.map((version) => ({ processId, version })),
    );
    const index = actionIndex(documents);
    const merged = new Map<string, { runs: number; failed: number; time: number }>();
    for (const row of totals) {
      const entry = merged.get(row.actionId) ?? { runs: 0, failed: 0, time: 0 };
      entry.runs += row.runs;
      entry.failed += row.failedRuns;
      entry.time += row.totalTime;
      merged.set(row.actionId, entry);
    }
    return [...merged]
      .map(([actionId, entry]) => ({
        processId,
        actionId,
        actionName: index.get(actionId)?.name ?? null,
        templateId: index.get(actionId)?.templateId ?? null,
        totalRuns: entry.runs,
        failedRuns: entry.failed,
        totalTime: entry.time,
        actionExecutionTime: perRun(entry.time, entry.runs),
      }))
      .sort(
        (a, b) =>
          (index.get(a.actionId)?.position ?? Infinity) -
            (index.get(b.actionId)?.position ?? Infinity) || a.actionId.localeCompare(b.actionId),
      );
  }

  /** Per action of one instance of the workspace, in the order the actions first ran. */
  async instanceDetails(caller: Caller, rawInstanceId: string): Promise<InstanceActionRow[]> {
    const workspaceId = this.workspaceOf(caller);
    const id = normalizeGuid(rawInstanceId);
    const instance = id ? await this.deps.instances.get(id) : null;
    if (!instance || instance.workspaceId !== workspaceId)
      throw new SluiceError('NOT_FOUND', 'instance');
    const [totals, documents] = await Promise.all([
      this.deps.store.instanceActionTotals(instance.id),
      this.deps.store.flowVersions(workspaceId, [
        { processId: instance.processId, version: instance.version },
      ]),
    ]);
    const index = actionIndex(documents);
    // Actions started within the same millisecond keep the order of the flow.
    const ordered = [...totals].sort(
      (a, b) =>
        a.firstStartedOn.getTime() - b.firstStartedOn.getTime() ||
        (index.get(a.actionId)?.position ?? Infinity) -
          (index.get(b.actionId)?.position ?? Infinity) ||
        a.actionId.localeCompare(b.actionId),
    );
    return ordered.map((row) => ({
      instanceId: instance.id,
      actionId: row.actionId,
      actionName: index.get(row.actionId)?.name ?? null,
      totalRuns: row.runs,
      totalTime: row.totalTime,
      actionExecutionTime: perRun(row.totalTime, row.runs),
    }));
  }

  /** One row per user with runs in the range; the caller pages by user name. */
  async users(caller: Caller, range: AnalyticsRange): Promise<UserAnalyticsRow[]> {
    const rows = await this.deps.store.userTotals(this.workspaceOf(caller), range);
    return rows.map((row) => ({
      userId: row.userId,
      userName: row.userName,
      firstName: row.firstName,
      lastName: row.lastName,
      totalRuns: row.totalRuns,
      successfulRuns: row.successfulRuns,
      failedRuns: row.failedRuns,
      actionsConsumed: row.actionsConsumed,
      totalTime: row.totalTime,
    }));
  }

  /** Template of each (process, version, action) of the totals, read from the flow versions. */
  private async templatesOf(
    workspaceId: string,
    totals: readonly ActionTotals[],
  ): Promise<Map<string, string>> {
    const keys = new Map<string, { processId: string; version: number }>();
    for (const t of totals)
      keys.set(`${t.processId}#${t.version}`, { processId: t.processId, version: t.version });
    const documents = await this.deps.store.flowVersions(workspaceId, [...keys.values()]);
    const templates = new Map<string, string>();
    for (const { processId, version, document } of documents)
      for (const [actionId, info] of actionIndex([{ version, document }]))
        if (info.templateId) templates.set(`${processId}#${version}#${actionId}`, info.templateId);
    return templates;
  }

  private workspaceOf(caller: Caller): string {
    if (!roleAllows(caller.workspace.role, 'read')) throw new SluiceError('FORBIDDEN', 'role');
    return caller.workspace.workspace.id;
  }
}
