// The work queue contract (see src/ports/work-queue.ts), run against every adapter by its own
// test file.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkJob, WorkQueue } from '../ports/work-queue.js';

export interface QueueFixture {
  /** A fresh queue consumer over the same shared job store (two calls = two processes). */
  queue(): WorkQueue;
  /** Makes the queue's process die: it stops renewing its leases and never finishes its handlers. */
  crash(queue: WorkQueue): Promise<void>;
  /** Removes every job, between tests. */
  clear(): Promise<void>;
  dispose(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await sleep(10);
  }
}

export function describeQueueContract(
  name: string,
  open: () => Promise<QueueFixture | null>,
): void {
  describe(`work queue contract: ${name}`, () => {
    let fixture: QueueFixture | null = null;
    const started: WorkQueue[] = [];

    beforeAll(async () => {
      fixture = await open();
    });
    afterEach(async () => {
      await Promise.all(started.splice(0).map((q) => q.stop()));
      await fixture?.clear();
    });
    afterAll(async () => fixture?.dispose());

    const queue = () => {
      const q = fixture!.queue();
      started.push(q);
      return q;
    };
    const test = (title: string, body: () => Promise<void>) =>
      it(title, async (ctx) => {
        // The adapter needs a service that is not running; the suite printed why (CI requires it).
        if (!fixture) return ctx.skip();
        await body();
      });

    test('delivers an enqueued job once and then forgets it', async () => {
      const q = queue();
      const seen: WorkJob[] = [];
      q.consume(async (job) => void seen.push(job), { concurrency: 1 });
      await q.enqueue('instance-a');
      await until(() => seen.length === 1);
      await sleep(100);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ instanceId: 'instance-a', attempt: 1 });
      await until(() => true);
      expect(await q.stats()).toEqual({ waiting: 0, delayed: 0, active: 0 });
    });

    test('holds an instance while its job waits or runs, and not after', async () => {
      const q = queue();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let running = false;
      let finished = false;
      expect(await q.holds('held')).toBe(false);
      await q.enqueue('held', new Date(Date.now() + 200));
      expect(await q.holds('held')).toBe(true);
      q.consume(
        async () => {
          running = true;
          await gate;
          finished = true;
        },
        { concurrency: 1 },
      );
      await until(() => running);
      expect(await q.holds('held')).toBe(true);
      release();
      await until(() => finished);
      await sleep(100);
      expect(await q.holds('held')).toBe(false);
    });

    test('does not deliver a delayed job before its time', async () => {
      const q = queue();
      const seen: number[] = [];
      const runAt = new Date(Date.now() + 400);
      await q.enqueue('later', runAt);
      expect(await q.stats()).toMatchObject({ delayed: 1, waiting: 0 });
      q.consume(async () => void seen.push(Date.now()), { concurrency: 1 });
      await until(() => seen.length === 1);
      expect(seen[0]!).toBeGreaterThanOrEqual(runAt.getTime());
    });

    test('offers due jobs earliest first', async () => {
      const q = queue();
      const base = Date.now() - 10_000;
      await q.enqueue('third', new Date(base + 3));
      await q.enqueue('first', new Date(base + 1));
      await q.enqueue('second', new Date(base + 2));
      const order: string[] = [];
      q.consume(async (job) => void order.push(job.instanceId), { concurrency: 1 });
      await until(() => order.length === 3);
      expect(order).toEqual(['first', 'second', 'third']);
    });

    test('never exceeds the configured concurrency', async () => {
      const q = queue();
      let running = 0;
      let peak = 0;
      let done = 0;
      for (let i = 0; i < 12; i++) await q.enqueue(`c-${i}`);
      q.consume(
        async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(30);
          running--;
          done++;
        },
        { concurrency: 3 },
      );
      await until(() => done === 12, 10_000);
      expect(peak).toBe(3);
    });

    test('offers a job again after its handler throws, counting attempts', async () => {
      const q = queue();
      const attempts: number[] = [];
      const errors: unknown[] = [];
      q.consume(
        async (job) => {
          attempts.push(job.attempt);
          if (job.attempt < 3) throw new Error(`boom ${job.attempt}`);
        },
        { concurrency: 1, onError: (_job, error) => errors.push(error) },
      );
      await q.enqueue('flaky');
      await until(() => attempts.length === 3, 10_000);
      expect(attempts).toEqual([1, 2, 3]);
      expect(errors).toHaveLength(2);
    });

    test('keeps one waiting job per instance, due at the earlier time', async () => {
      const q = queue();
      await q.enqueue('dup', new Date(Date.now() + 60_000));
      await q.enqueue('dup', new Date(Date.now() + 1000));
      await q.enqueue('dup', new Date(Date.now() + 30_000));
      expect(await q.stats()).toMatchObject({ delayed: 1 });
      const seen: number[] = [];
      q.consume(async () => void seen.push(Date.now()), { concurrency: 1 });
      await until(() => seen.length === 1, 5000);
    });

    test('keeps a wake-up that arrives while the instance’s job is running', async () => {
      const q = queue();
      let calls = 0;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      q.consume(
        async () => {
          calls++;
          if (calls === 1) await gate;
        },
        { concurrency: 2 },
      );
      await q.enqueue('busy');
      await until(() => calls === 1);
      await q.enqueue('busy');
      await sleep(100);
      expect(calls).toBe(1);
      release();
      await until(() => calls === 2);
    });

    test('offers the job of a consumer that died to another once its lease lapses', async () => {
      const dying = queue();
      let taken = 0;
      dying.consume(
        async () => {
          taken++;
          await new Promise(() => undefined);
        },
        { concurrency: 1 },
      );
      await dying.enqueue('orphan');
      await until(() => taken === 1);
      started.splice(started.indexOf(dying), 1);
      await fixture!.crash(dying);
      const survivor = queue();
      const seen: WorkJob[] = [];
      survivor.consume(async (job) => void seen.push(job), { concurrency: 1 });
      await until(() => seen.length === 1, 10_000);
      expect(seen[0]).toMatchObject({ instanceId: 'orphan', attempt: 2 });
    });
  });
}
