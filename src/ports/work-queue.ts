// The dispatch port. A job only says "advance instance X, not before T"; the database holds the
// instance's state, so a job carries nothing else.
//
// Every adapter keeps these guarantees (checked by src/queue/queue.contract.ts):
// - at-least-once: a job is offered until a handler completes it; a handler that throws, or a
//   consumer that dies (its lease lapses), gets the job offered again, with `attempt` counting up;
// - delayed jobs: a job is not offered before its `runAt`;
// - ordering: due jobs are offered earliest `runAt` first (FIFO for equal times), though with
//   concurrency > 1 they may finish in any order;
// - concurrency: one consumer never runs more than `concurrency` handlers at once, and two jobs
//   of the same instance never run at the same time while the first one's lease holds;
// - one waiting job per instance: enqueueing an instance that already waits keeps one job, due
//   at the earlier time; enqueueing an instance whose job is running adds one waiting job, so a
//   wake-up during a run is not lost.

export interface WorkJob {
  id: string;
  instanceId: string;
  runAt: Date;
  /** 1 on first delivery, then 2, 3, … */
  attempt: number;
}

export interface WorkQueueStats {
  /** Due and not running. */
  waiting: number;
  /** Not due yet. */
  delayed: number;
  /** Held by a live consumer. */
  active: number;
}

export interface ConsumeOptions {
  concurrency: number;
  /** Called when a handler throws; the job is offered again after a back-off. */
  onError?: (job: WorkJob, error: unknown) => void;
}

export interface WorkQueue {
  readonly adapter: string;
  enqueue(instanceId: string, runAt?: Date): Promise<void>;
  /** Starts consuming; at most one consumer per queue object. */
  consume(handler: (job: WorkJob) => Promise<void>, options: ConsumeOptions): void;
  /** Stops taking jobs and waits for running handlers to finish. */
  stop(): Promise<void>;
  stats(): Promise<WorkQueueStats>;
  /** Whether a job for the instance waits or runs (the reconciler re-queues those without). */
  holds(instanceId: string): Promise<boolean>;
}
