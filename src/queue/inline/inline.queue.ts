// The embedded dispatch queue: jobs persisted in the database (SQLite or PostgreSQL), consumed
// in this process. Claims are leases renewed while a handler runs, so a job held by a process
// that died is offered again once its lease lapses.
import { sql, type Kysely, type Selectable } from 'kysely';
import { newId } from '../../domain/ids.js';
import type { ConsumeOptions, WorkJob, WorkQueue, WorkQueueStats } from '../../ports/work-queue.js';
import { isUniqueViolation } from '../../storage/kysely/errors.js';
import { readCount, readDate } from '../../storage/kysely/codec.js';
import type { Tables, WorkJobsTable } from '../../storage/kysely/schema.js';
import type { Dialect } from '../../storage/migrations/column-types.js';

export interface InlineQueueOptions {
  /** How long a claim holds without renewal. */
  leaseMs?: number;
  /** How often an idle consumer looks for due jobs (enqueues in this process wake it at once). */
  pollMs?: number;
  /** First retry delay after a handler throws; doubles per attempt up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

function toJob(row: Selectable<WorkJobsTable>): WorkJob {
  return {
    id: row.id,
    instanceId: row.instance_id,
    runAt: readDate(row.run_at),
    attempt: row.attempts,
  };
}

export class InlineWorkQueue implements WorkQueue {
  readonly adapter = 'inline';
  private readonly consumerId = newId();
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private handler: ((job: WorkJob) => Promise<void>) | null = null;
  private options: ConsumeOptions = { concurrency: 1 };
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;
  private wake: (() => void) | null = null;
  /** Jobs enqueued by this process that are due and not yet claimed (a hint, not a count of record). */
  private localDue = 1;
  private pollDue = true;
  private blockedWhileFull = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: Dialect,
    options: InlineQueueOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 10_000;
    this.pollMs = options.pollMs ?? 250;
    this.backoffMs = options.backoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
  }

  async enqueue(instanceId: string, runAt: Date = new Date()): Promise<void> {
    await this.db
      .insertInto('work_jobs')
      .values({
        id: newId(),
        instance_id: instanceId,
        run_at: runAt,
        attempts: 0,
        claimed_by: null,
        lease_until: null,
        created_on: new Date(),
      })
      .onConflict((oc) =>
        oc
          .column('instance_id')
          .where('claimed_by', 'is', null)
          .doUpdateSet({
            run_at: (eb) =>
              eb
                .case()
                .when('excluded.run_at', '<', eb.ref('work_jobs.run_at'))
                .then(eb.ref('excluded.run_at'))
                .else(eb.ref('work_jobs.run_at'))
                .end(),
          }),
      )
      .execute();
    const delay = runAt.getTime() - Date.now();
    if (delay <= 0) {
      this.localDue += 1;
      this.wake?.();
    } else if (delay < this.pollMs * 40) {
      // Wake exactly when a near job comes due instead of up to a poll interval later.
      setTimeout(() => {
        this.localDue += 1;
        this.wake?.();
      }, delay).unref();
    }
  }

  consume(handler: (job: WorkJob) => Promise<void>, options: ConsumeOptions): void {
    if (this.handler) throw new Error('this queue already has a consumer');
    if (!(options.concurrency >= 1)) throw new Error('concurrency must be at least 1');
    this.handler = handler;
    this.options = options;
    this.stopped = false;
    this.loop = this.run();
  }

  /**
   * Claims only when there may be something to claim: a job enqueued here, a poll interval
   * passed (jobs of other processes, delayed jobs coming due), or room freed after the consumer
   * was full. An empty claim is a full query, so it is not repeated after every job.
   */
  private async run(): Promise<void> {
    while (!this.stopped) {
      const room = this.running.size < this.options.concurrency;
      const worth = this.localDue > 0 || this.pollDue || this.blockedWhileFull;
      if (room && worth) {
        let job: WorkJob | null = null;
        try {
          job = await this.claim();
        } catch {
          // The database is briefly unavailable (busy, restarting): try again after a pause.
        }
        if (job) {
          this.localDue = Math.max(0, this.localDue - 1);
          this.start(job);
          continue;
        }
        this.localDue = 0;
        this.pollDue = false;
        this.blockedWhileFull = false;
      } else if (!room && worth) {
        this.blockedWhileFull = true;
      }
      if (!this.stopped) await this.idle();
    }
  }

  /** Waits for a poll interval, a local enqueue or a finished handler, whichever comes first. */
  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pollDue = true;
        done();
      }, this.pollMs);
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      this.wake = done;
    });
  }

  private async claim(): Promise<WorkJob | null> {
    const now = new Date();
    const lease = new Date(now.getTime() + this.leaseMs);
    const candidate = this.db
      .selectFrom('work_jobs')
      .select('id')
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('lease_until', '<', now)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('work_jobs as held')
              .select('held.id')
              .whereRef('held.instance_id', '=', 'work_jobs.instance_id')
              .where('held.claimed_by', 'is not', null)
              .where('held.lease_until', '>=', now),
          ),
        ),
      )
      .orderBy('run_at')
      .orderBy('created_on')
      .limit(1);
    const locked = this.dialect === 'postgres' ? candidate.forUpdate().skipLocked() : candidate;
    const row = await this.db
      .updateTable('work_jobs')
      .set((eb) => ({
        claimed_by: this.consumerId,
        lease_until: lease,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', locked)
      .returningAll()
      .executeTakeFirst();
    return row ? toJob(row) : null;
  }

  private start(job: WorkJob): void {
    const renew = setInterval(
      () => {
        void this.db
          .updateTable('work_jobs')
          .set({ lease_until: new Date(Date.now() + this.leaseMs) })
          .where('id', '=', job.id)
          .where('claimed_by', '=', this.consumerId)
          .execute()
          .catch(() => undefined);
      },
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    const work = (async () => {
      try {
        await this.handler!(job);
        await this.db
          .deleteFrom('work_jobs')
          .where('id', '=', job.id)
          .where('claimed_by', '=', this.consumerId)
          .execute();
      } catch (error) {
        this.options.onError?.(job, error);
        await this.release(job).catch(() => undefined);
      } finally {
        clearInterval(renew);
        this.running.delete(job.id);
        this.wake?.();
      }
    })();
    this.running.set(job.id, work);
  }

  /** Offers a failed job again after a back-off; if the instance already has a waiting job, that one stands for it. */
  private async release(job: WorkJob): Promise<void> {
    const delay = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** Math.max(0, job.attempt - 1));
    try {
      await this.db
        .updateTable('work_jobs')
        .set({ claimed_by: null, lease_until: null, run_at: new Date(Date.now() + delay) })
        .where('id', '=', job.id)
        .where('claimed_by', '=', this.consumerId)
        .execute();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await this.db.deleteFrom('work_jobs').where('id', '=', job.id).execute();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.running.values()]);
    this.handler = null;
    this.loop = null;
  }

  async holds(instanceId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('work_jobs')
      .select('id')
      .where('instance_id', '=', instanceId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async stats(): Promise<WorkQueueStats> {
    const now = new Date();
    const row = await this.db
      .selectFrom('work_jobs')
      .select([
        sql<number>`sum(case when (claimed_by is null or lease_until < ${now}) and run_at <= ${now} then 1 else 0 end)`.as(
          'waiting',
        ),
        sql<number>`sum(case when claimed_by is null and run_at > ${now} then 1 else 0 end)`.as(
          'delayed',
        ),
        sql<number>`sum(case when claimed_by is not null and lease_until >= ${now} then 1 else 0 end)`.as(
          'active',
        ),
      ])
      .executeTakeFirst();
    return {
      waiting: readCount(row?.waiting),
      delayed: readCount(row?.delayed),
      active: readCount(row?.active),
    };
  }
}
