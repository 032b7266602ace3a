// The storage port for instances (runs of a process version) and the record of every action
// they ran. Writes by a worker are conditional on the lease it holds, so a worker that lost its
// lease (it stalled, another resumed the instance) cannot overwrite newer progress.
import type { ExecutionState } from '../engine/state.js';

export interface InstanceError {
  actionId: string | null;
  actionName: string | null;
  message: string;
}

/** How an instance was started, for lists and analytics. */
export interface InstanceTrigger {
  kind: 'api' | 'webhook' | 'schedule' | 'subprocess' | 'form';
  name: string | null;
}

export interface InstanceRecord {
  id: string;
  workspaceId: string;
  processId: string;
  version: number;
  title: string;
  status: number;
  /** Current value of every variable, by variable id. */
  variables: Record<string, unknown>;
  state: ExecutionState | null;
  errors: InstanceError[];
  currentActionId: string | null;
  parentInstanceId: string | null;
  parentActionId: string | null;
  trigger: InstanceTrigger;
  createdById: string | null;
  createdOn: Date;
  updatedOn: Date;
  launchedOn: Date | null;
  finishedOn: Date | null;
  /** When the process timeout ends the run; null = none. */
  timeoutAt: Date | null;
  stopRequested: boolean;
  /** Milliseconds spent in counted actions, and how many ran (Start, Stop, Join excluded). */
  timeConsumed: number;
  actionsConsumed: number;
}

export interface ActionRunRecord {
  instanceId: string;
  actionId: string;
  /** For Each item index, or -1 outside a loop: one record per action and iteration. */
  iteration: number;
  status: number;
  attempts: number;
  startedOn: Date;
  finishedOn: Date | null;
  inputs: unknown;
  outputs: unknown;
  error: unknown;
  /** Whether analytics count it (not Start, Stop or Join). */
  counted: boolean;
}

/** What a checkpoint changes on the instance. */
export interface InstanceProgress {
  status: number;
  variables: Record<string, unknown>;
  state: ExecutionState | null;
  errors: InstanceError[];
  currentActionId: string | null;
  finishedOn: Date | null;
  timeConsumed: number;
  actionsConsumed: number;
  /** Gives the lease up in the same write (the worker is done with the instance for now). */
  releaseLease?: boolean;
}

/**
 * The first write of an instance that so far lived only in the worker running it (a synchronous
 * run started in the process that answers it): the checkpoint stores the row instead of
 * updating it, leased to the writer until `leaseUntil` unless the progress releases the lease.
 */
export interface FirstWrite {
  instance: InstanceRecord;
  leaseUntil: Date;
}

export interface InstanceListQuery {
  workspaceId: string;
  processId: string;
  statuses: number[] | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
  offset: number;
  limit: number | null;
}

export interface InstanceStore {
  /** Stores a new instance; with `lease`, already claimed by that worker (it runs it at once). */
  create(instance: InstanceRecord, lease?: { owner: string; until: Date }): Promise<void>;
  get(id: string): Promise<InstanceRecord | null>;
  /**
   * Takes the instance for `owner` until `leaseUntil` when it is not terminal and its lease is
   * free, lapsed or already the owner's. Returns the instance, or null when another holds it.
   */
  claim(id: string, owner: string, leaseUntil: Date, now: Date): Promise<InstanceRecord | null>;
  renewLease(id: string, owner: string, leaseUntil: Date): Promise<boolean>;
  /**
   * Writes progress and upserts action records in one transaction; false when the lease was lost.
   * With `first`, the instance is not stored yet and this write stores it with the progress.
   */
  checkpoint(
    id: string,
    owner: string,
    progress: InstanceProgress,
    runs: ActionRunRecord[],
    first?: FirstWrite,
  ): Promise<boolean>;
  release(id: string, owner: string): Promise<void>;
  /** Moves a not-yet-running instance to another status (launch: 1 → 15/20); false if it was not in `from`. */
  transition(
    id: string,
    from: number[],
    to: number,
    patch?: { launchedOn?: Date; timeoutAt?: Date | null },
  ): Promise<boolean>;
  /**
   * Sets the variables of a published instance (file uploads), only while it is still in status
   * 1 and its variables are still `expected`; false when another write or a launch came first.
   */
  updateVariables(
    id: string,
    expected: Record<string, unknown>,
    variables: Record<string, unknown>,
  ): Promise<boolean>;
  requestStop(id: string): Promise<void>;
  listActionRuns(instanceId: string): Promise<ActionRunRecord[]>;
  list(query: InstanceListQuery): Promise<{ total: number; items: InstanceRecord[] }>;
  count(query: Omit<InstanceListQuery, 'offset' | 'limit'>): Promise<number>;
  /** Published instances (status 1) created before `before`, oldest first. */
  stalePublished(before: Date, limit: number): Promise<InstanceRecord[]>;
  /** Deletes an instance that is still only published; false when it was launched meanwhile. */
  deletePublished(id: string): Promise<boolean>;
  /** Non-terminal instances that were launched (status 15, 20, 30, 60): what a restart resumes. */
  unfinished(limit: number): Promise<string[]>;
  /** Launched, unfinished instances that no worker leases at `now`, oldest first. */
  unleased(now: Date, limit: number): Promise<string[]>;
}
