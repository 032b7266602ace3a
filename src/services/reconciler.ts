// Owns the safety net of cluster dispatch: the database is the record of every instance, the
// queue only a copy of what is due. On start and periodically, every launched, unfinished
// instance that no worker leases and no queue job holds is queued again, so a flushed or lost
// Redis loses no run (DESIGN.md §5).
import type { InstanceStore } from '../ports/instance.store.js';
import type { WorkQueue } from '../ports/work-queue.js';
import type { TickTask } from '../scheduler/ticker.js';

/** Instances looked at per pass; the next pass continues where this one left off in effect. */
const BATCH = 1000;

export class Reconciler {
  private lastPass = 0;

  constructor(
    private readonly deps: {
      instances: Pick<InstanceStore, 'unleased'>;
      queue: Pick<WorkQueue, 'holds' | 'enqueue'>;
      intervalMs: number;
      log: (message: string, fields: Record<string, unknown>) => void;
    },
  ) {}

  /** Re-queues what nothing holds; answers how many instances it queued. */
  async pass(now: Date = new Date()): Promise<number> {
    let queued = 0;
    for (const id of await this.deps.instances.unleased(now, BATCH)) {
      if (await this.deps.queue.holds(id)) continue;
      await this.deps.queue.enqueue(id);
      queued++;
    }
    if (queued > 0) this.deps.log('re-queued instances no queue job held', { queued });
    return queued;
  }

  readonly task: TickTask = {
    name: 'reconciler',
    run: async (now) => {
      if (now.getTime() - this.lastPass < this.deps.intervalMs) return;
      this.lastPass = now.getTime();
      await this.pass(now);
    },
  };
}
