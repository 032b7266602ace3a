// Owns the clean-up of what nobody will use again: instances that were published and never
// launched are deleted with their uploaded files after 24 hours (API.md §16.5 item 32), and files
// left by calls that ended abnormally (a webhook call's staged parts, credential test uploads,
// partial writes of a process that died mid-upload) after an hour. Runs as a periodic task.
import type { BlobStore } from '../ports/blob-store.js';
import type { InstanceStore } from '../ports/instance.store.js';
import type { TickTask } from '../scheduler/ticker.js';
import { TEST_FILE_LIFETIME_MS } from './credential-files.js';
import type { FileService } from './file.service.js';

export const PUBLISHED_INSTANCE_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** A webhook call's staged files are copied to its instances within the call. */
export const STAGED_FILE_LIFETIME_MS = 60 * 60 * 1000;
const EVERY_MS = 60_000;
const FILE_SWEEP_EVERY_MS = 60 * 60 * 1000;
const BATCH = 100;
const CREDENTIAL_TEST_FILE = /^credential-files\/[^/]+\/test\//;

/** The blob store, and the sweep of its own partial writes where it keeps any. */
export type SweptBlobStore = Pick<BlobStore, 'deleteOlderThan'> & {
  sweepPartials?(before: Date): Promise<number>;
};

export class RetentionService {
  private lastRun = 0;
  private lastFileSweep = 0;

  constructor(
    private readonly store: InstanceStore,
    private readonly files: FileService,
    private readonly blobs: SweptBlobStore,
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

  /** Deletes files abandoned by calls that never finished; answers how many. */
  async sweepAbandonedFiles(now: Date): Promise<number> {
    const staged = new Date(now.getTime() - STAGED_FILE_LIFETIME_MS);
    const tests = new Date(now.getTime() - TEST_FILE_LIFETIME_MS);
    return (
      (await this.blobs.deleteOlderThan('webhooks', staged)) +
      (await this.blobs.deleteOlderThan('credential-files', tests, (key) =>
        CREDENTIAL_TEST_FILE.test(key),
      )) +
      ((await this.blobs.sweepPartials?.(staged)) ?? 0)
    );
  }

  /** The periodic task: unlaunched instances at most once a minute, files once an hour. */
  readonly task: TickTask = {
    name: 'retention',
    run: async (now: Date) => {
      if (now.getTime() - this.lastRun < EVERY_MS) return;
      this.lastRun = now.getTime();
      await this.purgeUnlaunched(now);
      if (now.getTime() - this.lastFileSweep < FILE_SWEEP_EVERY_MS) return;
      this.lastFileSweep = now.getTime();
      await this.sweepAbandonedFiles(now);
    },
  };
}
