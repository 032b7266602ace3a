// Owns PROCESIO's instance and action statuses (API.md §3.10).

export const FlowStatus = {
  /** Published, not launched. */
  None: 1,
  StoppedByUser: 6,
  Initializing: 15,
  /** Queued for a worker. */
  Dispatched: 20,
  Running: 30,
  /** Finished with an unhandled error, or timed out. */
  FinishedWithErrors: 40,
  Finished: 50,
  /** Parked: a Delay or a retry back-off; the queue wakes it. */
  Waiting: 60,
} as const;

export type FlowStatus = (typeof FlowStatus)[keyof typeof FlowStatus];

export const TERMINAL_STATUSES: ReadonlySet<number> = new Set([
  FlowStatus.StoppedByUser,
  FlowStatus.FinishedWithErrors,
  FlowStatus.Finished,
]);

export function isTerminal(status: number): boolean {
  return TERMINAL_STATUSES.has(status);
}

export const ActionStatus = {
  None: 1,
  Starting: 10,
  InputDone: 15,
  Executed: 20,
  ForEachIterationDone: 30,
  ChildStarted: 35,
  ChildFinished: 36,
  /** Sluice's final success state. */
  Done: 40,
  Error: 90,
} as const;

export type ActionStatus = (typeof ActionStatus)[keyof typeof ActionStatus];
