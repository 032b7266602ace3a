// The storage port for schedules (API.md §8) and their fire log. Reads and edits are scoped to one
// workspace; another workspace's schedule is indistinguishable from none.
//
// Guarantees every adapter keeps (checked by src/storage/schedule.contract.ts):
// - exactly once: `fire` writes the fire row keyed by (schedule, due time), the instance it
//   starts with its queue job, and the schedule's new cursor in ONE transaction. A second fire
//   of the same (schedule, due time), from this or any other server, writes nothing and answers
//   'duplicate'; a fire computed from a schedule that was edited, disabled, deleted or advanced
//   meanwhile writes nothing and answers 'stale'.
// - edits bump the schedule's revision; a fire carries the revision it was computed from.
import type { InstanceRecord } from './instance.store.js';

export interface ScheduleChange {
  at: Date;
  userId: string | null;
  userName: string | null;
}

/** What the last fire did (API.md §8.2 `lastFire`). */
export interface LastFire {
  dueOn: Date;
  firedOn: Date;
  instanceId: string | null;
  skippedReason: string | null;
}

export interface ScheduleNotification {
  emailList: string;
  isEnabled: boolean;
  onSuccess: boolean;
  onFail: boolean;
}

/** One process input a schedule passes: the INPUT variable's id and its value. */
export interface ScheduleInput {
  id: string;
  value: unknown;
}

export interface ScheduleRecord {
  id: string;
  workspaceId: string;
  name: string;
  description: string | null;
  enabled: boolean;
  processId: string;
  /** The target process's title; null when the process is gone. */
  processName: string | null;
  processInputs: ScheduleInput[];
  notification: ScheduleNotification | null;
  /** The recurrence block as answered (defaults resolved). */
  recurrence: Record<string, unknown>;
  /** 0 Skip, 1 RunOnce, 2 RunAll. */
  catchUpPolicy: number;
  nextFireOn: Date | null;
  revision: number;
  lastFire: LastFire | null;
  createdOn: Date;
  createdById: string | null;
  createdBy: string | null;
  updatedOn: Date;
  updatedById: string | null;
  updatedBy: string | null;
}

/** The fields a create or a full replace sets. */
export interface ScheduleContent {
  name: string;
  description: string | null;
  processId: string;
  processInputs: ScheduleInput[];
  notification: ScheduleNotification | null;
  recurrence: Record<string, unknown>;
  catchUpPolicy: number;
  nextFireOn: Date | null;
}

export interface NewSchedule extends ScheduleContent {
  id: string;
  workspaceId: string;
  enabled: boolean;
  change: ScheduleChange;
}

export interface ScheduleListQuery {
  /** Lower-case substring of the name, or null. */
  search: string | null;
  /** Only the schedules of this process, or null for all. */
  processId: string | null;
  offset: number;
  limit: number | null;
}

export type FireOutcome = 'started' | 'skipped';

/** One row of the fire log. */
export interface ScheduleFireRecord {
  scheduleId: string;
  workspaceId: string;
  /** The due time: the (schedule, dueOn) pair fires at most once. */
  dueOn: Date;
  firedOn: Date;
  outcome: FireOutcome;
  instanceId: string | null;
  /** Why nothing started: 'inactive', 'invalid', 'inputs', 'missing'. */
  reason: string | null;
  detail: string | null;
  /** firedOn − dueOn. */
  lagMs: number;
  notifyPending: boolean;
}

export interface FireWrite {
  fire: ScheduleFireRecord;
  /** The instance the fire starts (launched, status 20). */
  instance: InstanceRecord | null;
  /**
   * Writes the embedded queue's job row for the instance in the same transaction. Other queues
   * are fed after the commit; their reconciler re-enqueues an instance a crash left unqueued.
   */
  writeJob: boolean;
  /** Where the schedule's cursor was when the fire was computed, and where it goes. */
  schedule: {
    id: string;
    revision: number;
    expectedNextFireOn: Date;
    nextFireOn: Date | null;
    /** false after the single fire of a ONCE schedule. */
    enabled: boolean;
  };
}

export type FireResult = 'fired' | 'duplicate' | 'stale';

/** A fire whose instance has ended and whose notification e-mail is owed. */
export interface PendingNotification {
  fire: ScheduleFireRecord;
  scheduleName: string;
  notification: ScheduleNotification;
  processTitle: string;
  instanceStatus: number;
}

export interface ScheduleStore {
  /** false when the id is taken (in any workspace). */
  create(schedule: NewSchedule): Promise<boolean>;
  get(workspaceId: string, id: string): Promise<ScheduleRecord | null>;
  /** Ordered by name (case-insensitive), then id. */
  list(
    workspaceId: string,
    query: ScheduleListQuery,
  ): Promise<{ total: number; items: ScheduleRecord[] }>;
  /** Full replace of the content; keeps `enabled`. Null when missing. */
  update(
    workspaceId: string,
    id: string,
    content: ScheduleContent,
    change: ScheduleChange,
  ): Promise<ScheduleRecord | null>;
  /** Only the process inputs (file uploads), while the revision is still `revision`. */
  updateInputs(
    workspaceId: string,
    id: string,
    revision: number,
    inputs: ScheduleInput[],
  ): Promise<boolean>;
  setEnabled(
    workspaceId: string,
    id: string,
    enabled: boolean,
    nextFireOn: Date | null,
    change: ScheduleChange,
  ): Promise<ScheduleRecord | null>;
  setNotification(
    workspaceId: string,
    id: string,
    notification: ScheduleNotification,
    change: ScheduleChange,
  ): Promise<ScheduleRecord | null>;
  /** Deletes the schedule and its fire log; false when missing. */
  delete(workspaceId: string, id: string): Promise<boolean>;
  /** Deletes every schedule of a process (the process was deleted); returns them. */
  deleteOfProcess(workspaceId: string, processId: string): Promise<ScheduleRecord[]>;
  /** Enabled schedules whose next fire is due at `now`, earliest first, across workspaces. */
  due(now: Date, limit: number): Promise<ScheduleRecord[]>;
  fire(write: FireWrite): Promise<FireResult>;
  /** Moves the cursor without firing (missed fires the catch-up policy drops). */
  advance(
    id: string,
    revision: number,
    expectedNextFireOn: Date,
    nextFireOn: Date | null,
  ): Promise<boolean>;
  /** Whether (schedule, dueOn) has fired already. */
  hasFired(scheduleId: string, dueOn: Date): Promise<boolean>;
  /** The fire log of a schedule, newest due time first. */
  fires(
    scheduleId: string,
    offset: number,
    limit: number | null,
  ): Promise<{ total: number; items: ScheduleFireRecord[] }>;
  /** Fires owing an e-mail whose instance has reached one of `terminal`, oldest first. */
  pendingNotifications(terminal: number[], limit: number): Promise<PendingNotification[]>;
  /** Takes an owed e-mail; true for exactly one caller. */
  claimNotification(scheduleId: string, dueOn: Date): Promise<boolean>;
  /**
   * Deletes log rows fired before `before` that owe nothing, except each schedule's newest
   * `keep`; returns how many.
   */
  pruneFires(before: Date, keep: number, limit: number): Promise<number>;
}
