// Owns firing schedules (API.md §8.5, DESIGN.md §7): every serve process runs it once a second.
// A fire is one transaction — the (schedule, due time) row under its primary key, the instance
// it launches and that instance's queue job, the schedule's next due time — so however many
// servers race for a due time, exactly one fire commits, and a fire that fails leaves nothing.
// After downtime the schedule's catch-up policy decides what the missed due times become.
// It also sends the notification e-mails of finished scheduled runs, each exactly once.
import { FlowStatus } from '../engine/statuses.js';
import type { BlobStore } from '../ports/blob-store.js';
import { isValidBlobKey } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { InstanceRecord } from '../ports/instance.store.js';
import type { Mailer } from '../ports/mailer.js';
import type {
  FireResult,
  ScheduleNotification,
  ScheduleRecord,
  ScheduleStore,
} from '../ports/schedule.store.js';
import type { WorkQueue } from '../ports/work-queue.js';
import {
  FireTimes,
  RecurrenceType,
  readRecurrence,
  type RecurrenceInput,
} from '../schedules/recurrence.js';
import { flowFilePath, parseFlowPath } from '../services/file.service.js';
import type { InstanceService } from '../services/instance.service.js';
import { CatchUpPolicy, emailAddresses } from '../services/schedule.service.js';
import type { TickTask } from './ticker.js';

/** RunAll fires at most this many of the missed due times: the most recent ones. */
export const MAX_CATCH_UP = 100;
/** Skip still fires a due time at most this late; older ones count as missed. */
export const SKIP_GRACE_MS = 60_000;
/** Due schedules taken per pass; the rest wait for the next second. */
const DUE_BATCH = 50;
/** Due times walked per schedule and pass when catching up a long downtime. */
const MAX_SCAN = 50_000;
const NOTIFY_BATCH = 20;
/**
 * The fire log keeps this long, and at least each schedule's newest FIRE_LOG_KEEP rows; the
 * primary key only matters for due times the cursor has not passed.
 */
const FIRE_LOG_DAYS = 30;
const FIRE_LOG_KEEP = 100;
const PRUNE_EVERY_MS = 60 * 60_000;
const TERMINAL = [FlowStatus.Finished, FlowStatus.FinishedWithErrors, FlowStatus.StoppedByUser];

export interface ScheduleFirerLog {
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface ScheduleFirerDeps {
  store: ScheduleStore;
  instances: Pick<InstanceService, 'prepareRun'>;
  queue: Pick<WorkQueue, 'enqueue'>;
  /** The queue keeps its jobs in this database (inline): the fire writes the job itself. */
  jobInTransaction: boolean;
  blobs: BlobStore;
  clock: Clock;
  mailer: Mailer | null;
  log: ScheduleFirerLog;
}

export class ScheduleFirer {
  /** The periodic task the app registers with the ticker. */
  readonly task: TickTask = { name: 'schedules', run: () => this.runOnce() };
  private chain: Promise<void> = Promise.resolve();
  private lastPrune = 0;

  constructor(private readonly deps: ScheduleFirerDeps) {}

  /**
   * One pass: fires everything due at the clock's now, then sends owed e-mails. Passes of this
   * process run one after another, so a caller that awaits a pass sees every fire due before it.
   */
  runOnce(): Promise<void> {
    const pass = this.chain.then(() => this.pass());
    this.chain = pass.catch(() => undefined);
    return pass;
  }

  private async pass(): Promise<void> {
    const now = this.deps.clock.now();
    for (const schedule of await this.deps.store.due(now, DUE_BATCH)) {
      try {
        await this.fireSchedule(schedule, now);
      } catch (error) {
        this.deps.log.warn('firing a schedule failed; the next pass tries again', {
          scheduleId: schedule.id,
          err: error instanceof Error ? error.message : String(error),
        });
      }
    }
    await this.sendNotifications();
    if (now.getTime() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now.getTime();
      const before = new Date(now.getTime() - FIRE_LOG_DAYS * 86_400_000);
      await this.deps.store.pruneFires(before, FIRE_LOG_KEEP, 1000);
    }
  }

  /** Fires the due times of one schedule that its catch-up policy keeps. */
  private async fireSchedule(schedule: ScheduleRecord, now: Date): Promise<void> {
    const from = schedule.nextFireOn!;
    const rule = readRecurrence(schedule.recurrence as RecurrenceInput);
    if (!rule.ok) {
      // Only a stored recurrence this version cannot read again lands here: stop, do not spin.
      this.deps.log.warn('a schedule’s recurrence cannot be read; it will not fire', {
        scheduleId: schedule.id,
        problems: rule.problems,
      });
      await this.deps.store.advance(schedule.id, schedule.revision, from, null);
      return;
    }
    const times = new FireTimes(rule.recurrence);
    const keep = schedule.catchUpPolicy === CatchUpPolicy.RunAll ? MAX_CATCH_UP : 1;
    const due: Date[] = [];
    let cursor: Date | null = from;
    for (let scanned = 0; cursor && cursor <= now; scanned++) {
      if (scanned >= MAX_SCAN) {
        // Far behind: everything walked so far is older than what will be kept; go on next pass.
        await this.deps.store.advance(schedule.id, schedule.revision, from, cursor);
        return;
      }
      due.push(cursor);
      if (due.length > keep) due.shift();
      cursor = times.next(cursor);
    }
    const latest = due[due.length - 1]!;
    const fire =
      schedule.catchUpPolicy === CatchUpPolicy.Skip
        ? now.getTime() - latest.getTime() <= SKIP_GRACE_MS
          ? [latest]
          : []
        : due;
    if (fire.length === 0) {
      await this.deps.store.advance(schedule.id, schedule.revision, from, cursor);
      return;
    }
    const once = rule.recurrence.type === RecurrenceType.Once;
    let expected = from;
    for (const [i, dueOn] of fire.entries()) {
      const next = fire[i + 1] ?? cursor;
      const result = await this.fireAt(schedule, dueOn, expected, next, !(once && next === null));
      if (result !== 'fired') return;
      expected = next!;
    }
  }

  /** One fire: builds the instance (or the reason none can start) and commits it with the fire. */
  private async fireAt(
    schedule: ScheduleRecord,
    dueOn: Date,
    expectedNextFireOn: Date,
    nextFireOn: Date | null,
    enabled: boolean,
  ): Promise<FireResult> {
    const { store, clock } = this.deps;
    // Another server usually got there first; knowing it saves building an instance for nothing.
    if (await store.hasFired(schedule.id, dueOn)) return 'duplicate';
    const prepared = await this.deps.instances.prepareRun(
      { workspaceId: schedule.workspaceId, userId: schedule.createdById },
      schedule.processId,
      schedule.processInputs,
      { kind: 'schedule', name: schedule.name },
    );
    let instance = prepared.ok ? prepared.instance : null;
    let reason = prepared.ok ? null : prepared.reason;
    let detail = prepared.ok ? null : prepared.detail;
    const copies: string[] = [];
    if (instance) {
      try {
        await this.copyFiles(schedule, instance, copies);
      } catch (error) {
        instance = null;
        reason = 'inputs';
        detail = error instanceof Error ? error.message : String(error);
      }
    }
    const firedOn = clock.now();
    const notify = instance !== null && wantsMail(schedule.notification);
    let result: FireResult;
    try {
      result = await store.fire({
        fire: {
          scheduleId: schedule.id,
          workspaceId: schedule.workspaceId,
          dueOn,
          firedOn,
          outcome: instance ? 'started' : 'skipped',
          instanceId: instance?.id ?? null,
          reason,
          detail,
          lagMs: Math.max(0, firedOn.getTime() - dueOn.getTime()),
          notifyPending: notify,
        },
        instance,
        writeJob: this.deps.jobInTransaction,
        schedule: {
          id: schedule.id,
          revision: schedule.revision,
          expectedNextFireOn,
          nextFireOn,
          enabled,
        },
      });
    } catch (error) {
      await this.deleteFiles(copies);
      throw error;
    }
    if (result !== 'fired') {
      await this.deleteFiles(copies);
      return result;
    }
    if (instance && !this.deps.jobInTransaction) {
      // A queue outside the database learns of the instance here, or from its reconciler when
      // this process dies first. (The inline queue's consumers find the committed job row.)
      await this.deps.queue.enqueue(instance.id).catch((error: unknown) =>
        this.deps.log.warn('a scheduled instance could not be queued; the reconciler will', {
          instanceId: instance?.id,
          err: error instanceof Error ? error.message : String(error),
        }),
      );
    }
    if (!instance && schedule.notification?.isEnabled && schedule.notification.onFail) {
      await this.mail(schedule.notification, {
        subject: `Schedule "${schedule.name}" did not start its process`,
        text:
          `The schedule "${schedule.name}" was due at ${dueOn.toISOString()} but its process ` +
          `was not started (${reason}): ${detail ?? ''}`,
      });
    }
    return result;
  }

  /**
   * Files the schedule holds (uploaded for it) are copied under the new instance, so every run
   * owns its inputs: actions and downloads find them there, and retention removes them with it.
   */
  private async copyFiles(
    schedule: ScheduleRecord,
    instance: InstanceRecord,
    copies: string[],
  ): Promise<void> {
    for (const [variableId, value] of Object.entries(instance.variables)) {
      const copy = async (entry: unknown): Promise<unknown> => {
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry;
        const file = entry as { id?: unknown; path?: unknown; name?: unknown };
        if (typeof file.path !== 'string' || typeof file.id !== 'string') return entry;
        const owner = parseFlowPath(file.path);
        if (owner?.instanceId !== schedule.id || !isValidBlobKey(file.path)) return entry;
        const opened = await this.deps.blobs.open(file.path);
        if (!opened)
          throw new Error(`The file "${String(file.name ?? file.id)}" of this schedule is gone.`);
        const path = flowFilePath(instance.processId, instance.id, variableId, file.id);
        await this.deps.blobs.put(path, opened.stream);
        copies.push(path);
        return { ...file, path };
      };
      instance.variables[variableId] = Array.isArray(value)
        ? await Promise.all(value.map(copy))
        : await copy(value);
    }
  }

  private async deleteFiles(paths: string[]): Promise<void> {
    for (const path of paths) await this.deps.blobs.delete(path).catch(() => false);
  }

  /** E-mails for finished scheduled runs; a fire's e-mail is claimed before it is sent. */
  private async sendNotifications(): Promise<void> {
    const { store } = this.deps;
    for (const pending of await store.pendingNotifications(TERMINAL, NOTIFY_BATCH)) {
      if (!(await store.claimNotification(pending.fire.scheduleId, pending.fire.dueOn))) continue;
      const n = pending.notification;
      const succeeded = pending.instanceStatus === FlowStatus.Finished;
      const failed = pending.instanceStatus === FlowStatus.FinishedWithErrors;
      if (!n.isEnabled || !((succeeded && n.onSuccess) || (failed && n.onFail))) continue;
      const outcome = succeeded ? 'finished successfully' : 'finished with errors';
      await this.mail(n, {
        subject: `Schedule "${pending.scheduleName}": ${pending.processTitle} ${outcome}`,
        text:
          `The run of "${pending.processTitle}" started by the schedule "${pending.scheduleName}" ` +
          `(due ${pending.fire.dueOn.toISOString()}) ${outcome}.\n` +
          `Instance: ${pending.fire.instanceId ?? ''}\n`,
      });
    }
  }

  private async mail(
    notification: ScheduleNotification,
    message: { subject: string; text: string },
  ): Promise<void> {
    const to = emailAddresses(notification.emailList);
    if (!this.deps.mailer || to.length === 0) return;
    try {
      await this.deps.mailer.send({ to: to.join(', '), ...message });
    } catch (error) {
      this.deps.log.warn('a schedule notification e-mail could not be sent', {
        err: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

function wantsMail(notification: ScheduleNotification | null): boolean {
  return !!notification?.isEnabled && (notification.onSuccess || notification.onFail);
}
