import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { redisAvailable, redisUrl } from '../../testing/services.js';
import type { WorkQueue } from '../../ports/work-queue.js';
import { describeQueueContract } from '../queue.contract.js';
import { BullMqWorkQueue } from './bullmq.queue.js';

describeQueueContract('BullMQ on Redis', async () => {
  if (!(await redisAvailable('work queue contract: BullMQ'))) return null;
  const url = redisUrl()!;
  // A queue name of its own, so runs of this suite never see each other's jobs.
  const name = `contract-${randomBytes(4).toString('hex')}`;
  const prefix = 'sluice-test';
  const admin = new Redis(url);
  const queues = new Set<BullMqWorkQueue>();
  const clear = async () => {
    const keys = await admin.keys(`${prefix}:${name}:*`);
    if (keys.length > 0) await admin.del(...keys);
  };
  return {
    queue(): WorkQueue {
      const queue = new BullMqWorkQueue({
        url,
        name,
        prefix,
        leaseMs: 500,
        backoffMs: 50,
        busyRetryMs: 50,
      });
      queues.add(queue);
      return queue;
    },
    async crash(queue) {
      (queue as BullMqWorkQueue).abandon();
      queues.delete(queue as BullMqWorkQueue);
    },
    clear,
    async dispose() {
      await Promise.all([...queues].map((q) => q.stop().catch(() => undefined)));
      await clear();
      admin.disconnect();
    },
  };
});
