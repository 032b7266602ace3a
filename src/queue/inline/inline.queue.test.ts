import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeQueueContract } from '../queue.contract.js';
import { openStorage, type Storage } from '../../storage/storage.js';
import type { WorkQueue } from '../../ports/work-queue.js';
import { InlineWorkQueue } from './inline.queue.js';

const FAST = { leaseMs: 300, pollMs: 20, backoffMs: 50 };

describeQueueContract('inline on SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-queue-'));
  const file = path.join(dir, 'queue.db');
  const main = openStorage({ dialect: 'sqlite', file });
  await main.migrate();
  // Each consumer gets its own connection, as separate processes would.
  const connections = new Map<WorkQueue, Storage>();
  return {
    queue() {
      const storage = openStorage({ dialect: 'sqlite', file });
      const queue = new InlineWorkQueue(storage.db, 'sqlite', FAST);
      connections.set(queue, storage);
      return queue;
    },
    async crash(queue) {
      await connections.get(queue)?.close();
      connections.delete(queue);
    },
    async clear() {
      await main.db.deleteFrom('work_jobs').execute();
    },
    async dispose() {
      await Promise.all([...connections.values()].map((s) => s.close()));
      await main.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
