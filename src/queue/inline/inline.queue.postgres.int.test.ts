import { describeQueueContract } from '../queue.contract.js';
import { openStorage, type Storage } from '../../storage/storage.js';
import type { WorkQueue } from '../../ports/work-queue.js';
import { createScratchDatabase, postgresAvailable } from '../../testing/services.js';
import { InlineWorkQueue } from './inline.queue.js';

const FAST = { leaseMs: 300, pollMs: 20, backoffMs: 50 };

describeQueueContract('inline on PostgreSQL', async () => {
  if (!(await postgresAvailable('work queue contract on PostgreSQL'))) return null;
  const scratch = await createScratchDatabase();
  const main = openStorage({ dialect: 'postgres', url: scratch.url });
  await main.migrate();
  const connections = new Map<WorkQueue, Storage>();
  return {
    queue() {
      const storage = openStorage({ dialect: 'postgres', url: scratch.url });
      const queue = new InlineWorkQueue(storage.db, 'postgres', FAST);
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
      await scratch.drop();
    },
  };
});
