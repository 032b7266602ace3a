// The cluster dispatch queue: jobs in Redis through BullMQ, consumed by any number of worker
// processes. BullMQ gives delayed jobs, concurrency, retries with back-off and stalled-job
// recovery (a worker that dies loses its job lock, and the job is offered again). Two Redis keys
// per instance add what the port promises beyond that: `waiting:<instance>` names the one job
// that waits for the instance (so enqueueing again does not add another), and
// `running:<instance>` is a lease that keeps two jobs of one instance from running at once.
import { randomUUID } from 'node:crypto';
import { DelayedError, Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { ConsumeOptions, WorkJob, WorkQueue, WorkQueueStats } from '../../ports/work-queue.js';

export interface BullMqQueueOptions {
  /** redis://… */
  url: string;
  /** Queue name; separate deployments sharing a Redis use separate names. */
  name?: string;
  /** Key prefix in Redis. */
  prefix?: string;
  /** How long a job's lock and an instance's run lease hold without renewal. */
  leaseMs?: number;
  /** First retry delay after a handler throws; doubles per attempt up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How soon a job whose instance is running elsewhere is offered again. */
  busyRetryMs?: number;
}

interface JobData {
  instanceId: string;
}

const JOB_NAME = 'advance';
/** Attempts are unbounded: a job is offered until a handler completes it (at-least-once). */
const UNBOUNDED_ATTEMPTS = 2 ** 31 - 1;

const DELETE_IF_EQUAL = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const RENEW_IF_EQUAL = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;

function connect(url: string): Redis {
  // BullMQ needs commands to wait for a reconnect instead of failing after a few retries.
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

export class BullMqWorkQueue implements WorkQueue {
  readonly adapter = 'bullmq';
  private readonly name: string;
  private readonly prefix: string;
  private readonly leaseMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly busyRetryMs: number;
  private readonly redis: Redis;
  private readonly queue: Queue<JobData>;
  private worker: Worker<JobData> | null = null;
  private workerRedis: Redis | null = null;
  private readonly renewals = new Set<NodeJS.Timeout>();

  constructor(private readonly options: BullMqQueueOptions) {
    this.name = options.name ?? 'sluice-instances';
    this.prefix = options.prefix ?? 'sluice';
    this.leaseMs = options.leaseMs ?? 10_000;
    this.backoffMs = options.backoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.busyRetryMs = options.busyRetryMs ?? 200;
    this.redis = connect(options.url);
    this.queue = new Queue<JobData>(this.name, { connection: this.redis, prefix: this.prefix });
  }

  private key(kind: 'waiting' | 'running', instanceId: string): string {
    return `${this.prefix}:${this.name}:${kind}:${instanceId}`;
  }

  async enqueue(instanceId: string, runAt: Date = new Date()): Promise<void> {
    const now = Date.now();
    const due = runAt.getTime();
    const waitingKey = this.key('waiting', instanceId);
    const waitingId = await this.redis.get(waitingKey);
    if (waitingId) {
      const job = await Job.fromId<JobData>(this.queue, waitingId);
      const state = job ? await job.getState() : 'unknown';
      if (state === 'waiting' || state === 'prioritized') return;
      if (job && state === 'delayed') {
        if (due < job.timestamp + job.delay) await job.changeDelay(Math.max(0, due - now));
        return;
      }
      // The job it names has started or is gone: a new one stands for the instance.
    }
    const id = randomUUID();
    await this.queue.add(
      JOB_NAME,
      { instanceId },
      {
        jobId: id,
        // A job already due waits in the delayed set scored by its due time, so due jobs are
        // promoted earliest first; a future job is an ordinary delayed job.
        ...(due < now ? { timestamp: due - 1, delay: 1 } : { delay: due - now }),
        attempts: UNBOUNDED_ATTEMPTS,
        backoff: { type: 'sluice' },
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
    // Kept a day past its due time at most: a key left by a flushed job must not pin anything.
    await this.redis.set(waitingKey, id, 'PX', Math.max(0, due - now) + 86_400_000);
  }

  consume(handler: (job: WorkJob) => Promise<void>, options: ConsumeOptions): void {
    if (this.worker) throw new Error('this queue already has a consumer');
    if (!(options.concurrency >= 1)) throw new Error('concurrency must be at least 1');
    this.workerRedis = connect(this.options.url);
    this.worker = new Worker<JobData>(
      this.name,
      async (job, token) => {
        const { instanceId } = job.data;
        const waitingKey = this.key('waiting', instanceId);
        const runningKey = this.key('running', instanceId);
        await this.redis.eval(DELETE_IF_EQUAL, 1, waitingKey, job.id!);
        const leased = await this.redis.set(runningKey, job.id!, 'PX', this.leaseMs, 'NX');
        if (leased !== 'OK') {
          // Another job of this instance runs: this one waits a little and stands for the
          // instance again, unless a newer one already does.
          await job.moveToDelayed(Date.now() + this.busyRetryMs, token);
          await this.redis.set(waitingKey, job.id!, 'PX', 86_400_000, 'NX');
          throw new DelayedError();
        }
        const renewal = setInterval(
          () =>
            void this.redis
              .eval(RENEW_IF_EQUAL, 1, runningKey, job.id!, String(this.leaseMs))
              .catch(() => undefined),
          Math.max(10, Math.floor(this.leaseMs / 3)),
        );
        this.renewals.add(renewal);
        const work: WorkJob = {
          id: job.id!,
          instanceId,
          runAt: new Date(job.timestamp + job.delay),
          attempt: job.attemptsMade + (job.stalledCounter ?? 0) + 1,
        };
        try {
          await handler(work);
        } catch (error) {
          options.onError?.(work, error);
          throw error;
        } finally {
          clearInterval(renewal);
          this.renewals.delete(renewal);
          await this.redis.eval(DELETE_IF_EQUAL, 1, runningKey, job.id!).catch(() => undefined);
        }
      },
      {
        connection: this.workerRedis,
        prefix: this.prefix,
        concurrency: options.concurrency,
        lockDuration: this.leaseMs,
        stalledInterval: this.leaseMs,
        // A stalled job (its worker died) is offered again however often that happens.
        maxStalledCount: UNBOUNDED_ATTEMPTS,
        settings: {
          backoffStrategy: (attemptsMade: number) =>
            Math.min(this.maxBackoffMs, this.backoffMs * 2 ** Math.max(0, attemptsMade - 1)),
        },
      },
    );
    // Connection errors are retried by ioredis; the worker reports them here instead of throwing.
    this.worker.on('error', () => undefined);
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.close();
    await this.queue.close();
    this.workerRedis?.disconnect();
    this.redis.disconnect();
  }

  /** Drops everything at once, as a process that dies would: its jobs' locks lapse. */
  abandon(): void {
    for (const renewal of this.renewals) clearInterval(renewal);
    this.renewals.clear();
    this.workerRedis?.disconnect();
    this.redis.disconnect();
    void this.worker?.close(true).catch(() => undefined);
    this.worker = null;
  }

  async holds(instanceId: string): Promise<boolean> {
    if ((await this.redis.exists(this.key('running', instanceId))) === 1) return true;
    const waitingId = await this.redis.get(this.key('waiting', instanceId));
    const job = waitingId ? await Job.fromId<JobData>(this.queue, waitingId) : undefined;
    return job !== undefined && job !== null;
  }

  async stats(): Promise<WorkQueueStats> {
    const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      delayed: counts.delayed ?? 0,
      active: counts.active ?? 0,
    };
  }
}
