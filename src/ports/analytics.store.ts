// The storage port for usage analytics (API.md §11): aggregates over the instances of a workspace
// and the action records they wrote. A run is an instance that was launched; instances are
// selected by `createdOn` within [from, to). Times are milliseconds.

export interface AnalyticsRange {
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** Counts over a set of runs. */
export interface RunTotals {
  totalRuns: number;
  /** Status 50. */
  successfulRuns: number;
  /** Status 40. */
  failedRuns: number;
  /** Status 6. */
  stoppedRuns: number;
  /** Not yet terminal. */
  runningRuns: number;
  /** The engine's per-instance counters, summed (Start, Stop and Join excluded). */
  actionsConsumed: number;
  totalTime: number;
  /** Terminal runs with both a launch and an end time, and the sum of their durations. */
  finishedRuns: number;
  durationSum: number;
  lastRunOn: Date | null;
}

export interface ProcessRunTotals extends RunTotals {
  processId: string;
  /** The process's current title, or the newest instance title once it is deleted. */
  processName: string;
}

export interface UserRunTotals extends RunTotals {
  /** Null for runs nobody is recorded as having started. */
  userId: string | null;
  userName: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** Counted action executions of one action of one process version. */
export interface ActionTotals {
  processId: string;
  version: number;
  actionId: string;
  /** Executions, each retry attempt and For Each iteration included. */
  runs: number;
  failedRuns: number;
  totalTime: number;
}

export interface VersionKey {
  processId: string;
  version: number;
}

export interface AnalyticsStore {
  /** Milliseconds of counted action time of the runs of these workspaces. */
  timeConsumed(workspaceIds: readonly string[], range: AnalyticsRange): Promise<number>;
  /** One row per process with runs in the range. */
  processTotals(workspaceId: string, range: AnalyticsRange): Promise<ProcessRunTotals[]>;
  /** Durations (launch to end) of the finished runs of these processes, by process id. */
  durations(
    workspaceId: string,
    processIds: readonly string[],
    range: AnalyticsRange,
  ): Promise<Map<string, number[]>>;
  /** One row per user (the one each run counts for) with runs in the range. */
  userTotals(workspaceId: string, range: AnalyticsRange): Promise<UserRunTotals[]>;
  /** Counted action executions of the runs in the range; of one process when `processId` is set. */
  actionTotals(
    workspaceId: string,
    range: AnalyticsRange,
    processId: string | null,
  ): Promise<ActionTotals[]>;
  /** Counted action executions of one instance, by action, with when each first started. */
  instanceActionTotals(
    instanceId: string,
  ): Promise<(Omit<ActionTotals, 'processId' | 'version'> & { firstStartedOn: Date })[]>;
  /** The flow documents of these process versions of the workspace (for action names). */
  flowVersions(
    workspaceId: string,
    keys: readonly VersionKey[],
  ): Promise<(VersionKey & { document: unknown })[]>;
}
