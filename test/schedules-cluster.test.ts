// Several servers, one schedule: three `sluice serve` processes on one SQLite file (and, when
// PostgreSQL answers, three on one PostgreSQL database) all run the scheduler, and every due time
// of a MINUTES schedule starts exactly one instance; also with the servers dispatching through
// Redis (BullMQ), as in cluster mode.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { CONCATENATE_IDS } from '../src/actions/strings/concatenate.action.js';
import { FlowBuilder, lit, ref } from '../src/testing/flow-builder.js';
import {
  createScratchDatabase,
  postgresAvailable,
  redisAvailable,
  redisUrl,
} from '../src/testing/services.js';
import { bearer, call, login } from '../src/testing/test-server.js';

const BIN = path.resolve('bin/sluice.js');
const PASSWORD = 'admin-password-1';
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
});

function serve(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('SLUICE_')),
  );
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...inherited,
      SLUICE_PORT: '0',
      SLUICE_ADMIN_PASSWORD: PASSWORD,
      SLUICE_LOG_LEVEL: 'info',
      ...env,
    },
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listen line:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"urls":\["(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface RunRow {
  dueOn: string;
  outcome: string;
  instanceId: string | null;
}

/**
 * Starts three servers on one database, schedules a process every minute from a few seconds
 * ahead, waits for two due times, and checks each due time started exactly one instance.
 */
async function fireAcrossThreeServers(env: Record<string, string>): Promise<void> {
  // The first server migrates and creates the admin; the other two join it.
  const first = await serve(env);
  const others = await Promise.all([serve(env), serve(env)]);
  const servers = [first, ...others];
  try {
    const auth = bearer((await login(first.url, 'admin', PASSWORD)).access_token!);
    const f = new FlowBuilder('Every minute');
    const region = f.variable('region', 'String', { orientation: 10 });
    const out = f.variable('out', 'String', { orientation: 30 });
    f.chain(
      f.start(),
      f.node(CONCATENATE_IDS.Template, 'Concatenate', {
        [CONCATENATE_IDS.First]: ref(region),
        [CONCATENATE_IDS.Second]: lit('!'),
        [CONCATENATE_IDS.Result]: ref(out),
      }),
      f.stop(),
    );
    expect(
      (await call(first.url, 'POST', '/api/Projects', { headers: auth, json: f.build() })).status,
    ).toBe(200);
    const firstDue = Math.ceil((Date.now() + 6000) / 1000) * 1000;
    const created = await call(first.url, 'POST', '/api/Schedules', {
      headers: auth,
      json: {
        name: 'Every minute',
        targetProcess: f.id,
        processInputs: [{ id: region, value: 'EMEA' }],
        recurrence: { recurrence: 2, every: 1, startDate: new Date(firstDue).toISOString() },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const scheduleId = (created.body as { id: string }).id;

    // Two due times, plus time for the last instance to be started and run.
    await new Promise((r) => setTimeout(r, firstDue + 60_000 + 5000 - Date.now()));
    for (const server of servers) expect(server.child.exitCode).toBeNull();

    const runs = (
      await call(first.url, 'GET', `/api/Schedules/${scheduleId}/runs`, { headers: auth })
    ).body as { pageItems: RunRow[] };
    const due = runs.pageItems.map((r) => r.dueOn).reverse();
    expect(due.slice(0, 2)).toEqual([
      new Date(firstDue).toISOString(),
      new Date(firstDue + 60_000).toISOString(),
    ]);
    expect(runs.pageItems.every((r) => r.outcome === 'started')).toBe(true);

    const instances = (
      await call(first.url, 'GET', `/api/Projects/${f.id}/instances`, { headers: auth })
    ).body as {
      pageItems: { id: string; createdOn: string; scheduleName: string; status: number }[];
    };
    // Each instance belongs to the due time it was started for: count them per due time.
    const perDue = new Map<string, number>(due.map((d) => [d, 0]));
    for (const instance of instances.pageItems) {
      const created = Date.parse(instance.createdOn);
      const owner = due.filter((d) => Date.parse(d) <= created).pop();
      expect(owner, `instance ${instance.id} created ${instance.createdOn}`).toBeDefined();
      perDue.set(owner!, perDue.get(owner!)! + 1);
    }
    expect([...perDue.values()]).toEqual(due.map(() => 1));
    expect(new Set(instances.pageItems.map((i) => i.id))).toEqual(
      new Set(runs.pageItems.map((r) => r.instanceId)),
    );
    expect(instances.pageItems.every((i) => i.scheduleName === 'Every minute')).toBe(true);
  } finally {
    await Promise.all(servers.map((s) => stop(s.child)));
  }
}

describe('one schedule, three servers', () => {
  it.concurrent(
    'fires each due time exactly once with three servers on one SQLite file',
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-cluster-'));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      await fireAcrossThreeServers({ SLUICE_DATA_DIR: dataDir });
    },
    120_000,
  );

  it.concurrent(
    'fires each due time exactly once with three servers on one PostgreSQL database',
    async (ctx) => {
      if (!(await postgresAvailable('schedules across three servers on PostgreSQL')))
        return ctx.skip();
      const scratch = await createScratchDatabase();
      cleanups.push(scratch.drop);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-cluster-pg-'));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      await fireAcrossThreeServers({ SLUICE_DATA_DIR: dataDir, SLUICE_DATABASE_URL: scratch.url });
    },
    120_000,
  );

  it.concurrent(
    'fires each due time exactly once with three servers on PostgreSQL dispatching through Redis',
    async (ctx) => {
      if (!(await postgresAvailable('schedules across three servers with Redis')))
        return ctx.skip();
      if (!(await redisAvailable('schedules across three servers with Redis'))) return ctx.skip();
      const scratch = await createScratchDatabase();
      cleanups.push(scratch.drop);
      // A Redis database of its own, emptied first, so no other suite's jobs are in it.
      const redis = new URL(redisUrl()!);
      redis.pathname = '/6';
      const client = new Redis(redis.toString());
      await client.flushdb();
      cleanups.push(async () => void (await client.flushdb(), client.disconnect()));
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-cluster-redis-'));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      await fireAcrossThreeServers({
        SLUICE_DATA_DIR: dataDir,
        SLUICE_DATABASE_URL: scratch.url,
        SLUICE_REDIS_URL: redis.toString(),
      });
    },
    120_000,
  );
});
