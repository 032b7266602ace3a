// Owns the clean-up of instances that were published and never launched: after 24 hours they
// are deleted with their uploaded files (API.md §16.5 item 32). Runs as a periodic task.
import type { InstanceStore } from '../ports/instance.store.js';
import type { TickTask } from '../scheduler/ticker.js';
import type { FileService } from './file.service.js';

export const PUBLISHED_INSTANCE_LIFETIME_MS = 24 * 60 * 60 * 1000;
const EVERY_MS = 60_000;
const BATCH = 100;

export class RetentionService {
  private lastRun = 0;

  constructor(
    private readonly store: InstanceStore,
    private readonly files: FileService,
  ) {}

  /** Deletes the instances published before `now` − 24 h and never launched; returns how many. */
  async purgeUnlaunched(now: Date): Promise<number> {
    const before = new Date(now.getTime() - PUBLISHED_INSTANCE_LIFETIME_MS);
    let purged = 0;
    for (;;) {
      const stale = await this.store.stalePublished(before, BATCH);
      for (const instance of stale) {
        // Delete the row first: if a launch won the race, its files must stay.
        if (!(await this.store.deletePublished(instance.id))) continue;
        await this.files.deleteInstanceFiles(instance);
        purged += 1;
      }
      if (stale.length < BATCH) return purged;
    }
  }

  /** The periodic task: at most once a minute. */
  readonly task: TickTask = {
    name: 'retention',
    run: async (now: Date) => {
      if (now.getTime() - this.lastRun < EVERY_MS) return;
      this.lastRun = now.getTime();
      await this.purgeUnlaunched(now);
    },
  };
}
