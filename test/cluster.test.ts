// Cluster mode loses nothing (DESIGN.md §1, §5): two `sluice serve --no-worker` processes and
// three `sluice worker` processes on one PostgreSQL database and one Redis take 2,000 runs
// through both servers while one worker and later another are killed with SIGKILL, Redis is
// flushed once, and a fourth worker joins late. Every instance must finish with status 50, each
// Stop must complete once, and an action may complete twice only when it was in flight in a
// killed worker. Completions are counted by a trigger on the action records, so a run executed
// twice cannot hide behind the upsert of its record; the Call API peer counts idempotency keys.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { CALL_API_IDS } from '../src/actions/http/call-api.action.js';
import { CONCATENATE_IDS } from '../src/actions/strings/concatenate.action.js';
import { RestAuthMethods, RestProperties, TemplateIds } from '../src/credentials/templates.js';
import { FlowBuilder, lit, ref } from '../src/testing/flow-builder.js';
import { HttpPeer } from '../src/testing/http-peer.js';
import {
  createScratchDatabase,
  postgresAvailable,
  redisAvailable,
  redisUrl,
} from '../src/testing/services.js';
import { bearer, call, login } from '../src/testing/test-server.js';

const BIN = path.resolve('bin/sluice.js');
const PASSWORD = 'admin-password-1';
const RUNS = 2000;
const WORKER_CONCURRENCY = 8;
/** A dedicated Redis database: the test flushes it. */
const REDIS_DB = 7;
const GET = '3ab385bd-f8ae-b641-9176-e7db886aec01';

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

interface Started {
  child: ChildProcess;
  url?: string;
  output: () => string;
}

/** Starts `sluice <args>` and resolves once its output matches `ready` (a listen or worker line). */
function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<Started> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('SLUICE_')),
  );
  const child = spawn(process.execPath, [BIN, ...args], {
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
    const timer = setTimeout(
      () => reject(new Error(`sluice ${args.join(' ')} did not get ready:\n${output}`)),
      60_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) =>
      reject(new Error(`sluice ${args.join(' ')} exited (${code ?? signal}):\n${output}`)),
    );
  });
}

const LISTENING = /"urls":\["(http:\/\/[^"]+)"/;
const WORKING = /worker running/;

async function kill(started: Started): Promise<void> {
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGKILL');
  await exited;
}

/** Counts every write that marks an action record done, per instance and action. */
const COMPLETION_AUDIT = `
  create table action_completions (instance_id text not null, action_id text not null, iteration integer not null);
  create function audit_action_completion() returns trigger language plpgsql as $$
  begin
    insert into action_completions values (new.instance_id, new.action_id, new.iteration);
    return new;
  end $$;
  create trigger action_completed after insert or update on action_runs
    for each row when (new.status = 40) execute function audit_action_completion();
`;

describe('cluster: 2 serve + 3 worker processes on PostgreSQL and Redis', () => {
  it('finishes 2,000 runs through kills, a Redis flush and a late worker, each Stop once', async (ctx) => {
    if (!(await postgresAvailable('cluster test'))) return ctx.skip();
    if (!(await redisAvailable('cluster test'))) return ctx.skip();

    const database = await createScratchDatabase();
    cleanups.push(database.drop);
    const redisTarget = new URL(redisUrl()!);
    redisTarget.pathname = `/${REDIS_DB}`;
    const redis = new Redis(redisTarget.toString());
    cleanups.push(async () => redis.disconnect());
    await redis.flushdb();

    // The peer answers after a short pause, so instances are in flight when a worker dies.
    const hits = new Map<string, number>();
    const peer = new HttpPeer('127.0.0.1').route('/hit', (request, response) => {
      const key = String(request.headers['idempotency-key']);
      hits.set(key, (hits.get(key) ?? 0) + 1);
      setTimeout(
        () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":1}'),
        5,
      );
    });
    await peer.start();
    cleanups.push(() => peer.stop());

    const env = {
      SLUICE_DATABASE_URL: database.url,
      SLUICE_REDIS_URL: redisTarget.toString(),
      SLUICE_EGRESS_ALLOW: '127.0.0.1',
      SLUICE_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
      SLUICE_RECONCILE_SECONDS: '2',
    };
    // The first server migrates the database and creates the admin; the rest join it.
    const first = await start(['serve', '--no-worker'], env, LISTENING);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanups.push(() => db.end());
    await db.query(COMPLETION_AUDIT);
    const [second, ...workers] = await Promise.all([
      start(['serve', '--no-worker'], env, LISTENING),
      start(['worker'], env, WORKING),
      start(['worker'], env, WORKING),
      start(['worker'], env, WORKING),
    ]);
    const servers = [first.url!, second!.url!];

    const auth = bearer((await login(servers[0]!, 'admin', PASSWORD)).access_token!);
    const credential = await call(servers[0]!, 'POST', '/api/Credentials', {
      headers: auth,
      json: {
        gtid: TemplateIds.Rest,
        name: 'Peer',
        properties: [
          { id: RestProperties.Url, value: peer.origin },
          { id: RestProperties.AuthMethod, value: RestAuthMethods.NoAuth },
        ],
      },
    });
    expect(credential.status, JSON.stringify(credential.body)).toBe(200);

    // Start → Call API (effectful: recorded before the next action) → Concatenate → Stop.
    const f = new FlowBuilder(`Cluster ${randomUUID().slice(0, 8)}`);
    const name = f.variable('name', 'String', { orientation: 10 });
    const result = f.variable('result', 'String', { orientation: 30 });
    const status = f.variable('status', 'Integer');
    const startNode = f.start();
    const callPeer = f.node(CALL_API_IDS.Template, 'Call peer', {
      [CALL_API_IDS.Credential]: lit((credential.body as { id: string }).id),
      [CALL_API_IDS.Verb]: lit(GET),
      [CALL_API_IDS.Endpoint]: lit('/hit'),
      [CALL_API_IDS.Timeout]: lit(20),
      [CALL_API_IDS.ResponseStatus]: ref(status),
    });
    const greet = f.node(CONCATENATE_IDS.Template, 'Greet', {
      [CONCATENATE_IDS.First]: ref(name),
      [CONCATENATE_IDS.Second]: lit('+done'),
      [CONCATENATE_IDS.Result]: ref(result),
    });
    const stopNode = f.stop();
    f.chain(startNode, callPeer, greet, stopNode);
    const saved = await call(servers[0]!, 'POST', '/api/Projects', {
      headers: auth,
      json: f.build(),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    // Synchronous runs are answered by the server that took them while a worker runs them.
    for (const [i, server] of servers.entries()) {
      const sync = await call(
        server,
        'POST',
        `/api/Projects/${f.id}/run?runSynchronous=true&secondsTimeOut=30`,
        { headers: auth, json: { payload: { name: `sync${i}` } } },
      );
      expect(sync.status, JSON.stringify(sync.body)).toBe(200);
      expect(sync.body).toMatchObject({ status: 50, variable: { result: `sync${i}+done` } });
    }

    // 2,000 asynchronous runs, alternating servers, with the disruptions along the way.
    const ids: string[] = [];
    let submitted = 0;
    let unfinishedAtFlush = 0;
    const disruptions: [number, () => Promise<void>][] = [
      [RUNS * 0.25, () => kill(workers[0]!)],
      [
        RUNS * 0.5,
        async () => {
          await redis.flushdb();
          const { rows } = await db.query<{ n: string }>(
            `select count(*) as n from instances where process_id = $1 and status <> 50`,
            [f.id],
          );
          unfinishedAtFlush = Number(rows[0]!.n);
        },
      ],
      [
        RUNS * 0.75,
        async () => {
          await kill(workers[1]!);
          workers.push(await start(['worker'], env, WORKING));
        },
      ],
    ];
    const submitter = async () => {
      while (submitted < RUNS) {
        const n = submitted++;
        while (disruptions.length > 0 && n >= disruptions[0]![0]) await disruptions.shift()![1]();
        const res = await call(servers[n % 2]!, 'POST', `/api/Projects/${f.id}/run`, {
          headers: auth,
          json: { payload: { name: `n${n}` } },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        ids[n] = (res.body as { instanceId: string }).instanceId;
      }
    };
    await Promise.all(Array.from({ length: 16 }, submitter));

    const deadline = Date.now() + 240_000;
    let unfinished = RUNS;
    while (Date.now() < deadline) {
      const { rows } = await db.query<{ n: string }>(
        `select count(*) as n from instances where process_id = $1 and status <> 50`,
        [f.id],
      );
      unfinished = Number(rows[0]!.n);
      if (unfinished === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const { rows: statuses } = await db.query<{ status: number; n: string }>(
      `select status, count(*) as n from instances where process_id = $1 group by status`,
      [f.id],
    );
    expect(Object.fromEntries(statuses.map((r) => [r.status, Number(r.n)]))).toEqual({
      50: RUNS + servers.length,
    });

    const { rows: values } = await db.query<{ id: string; variables: unknown }>(
      `select id, variables from instances where id = any($1)`,
      [ids],
    );
    const byId = new Map(values.map((r) => [r.id, r.variables]));
    for (const [n, id] of ids.entries()) {
      const variables = byId.get(id);
      const parsed = (typeof variables === 'string' ? JSON.parse(variables) : variables) as Record<
        string,
        unknown
      >;
      expect(Object.values(parsed)).toContain(`n${n}+done`);
    }

    const { rows: completions } = await db.query<{ action_id: string; times: string; n: string }>(
      `select action_id, times, count(*) as n from (
         select c.instance_id, c.action_id, count(*) as times from action_completions c
         join instances i on i.id = c.instance_id where i.process_id = $1
         group by c.instance_id, c.action_id) per group by action_id, times`,
      [f.id],
    );
    const tally = (actionId: string) =>
      Object.fromEntries(
        completions.filter((r) => r.action_id === actionId).map((r) => [r.times, Number(r.n)]),
      );
    const total = RUNS + servers.length;
    // Each Stop completed exactly once.
    expect(tally(stopNode)).toEqual({ 1: total });
    // Only what was in flight in a killed worker may have completed twice.
    const inFlightBound = 2 * WORKER_CONCURRENCY;
    for (const actionId of [startNode, callPeer, greet]) {
      const counts = tally(actionId);
      expect(counts['1'] ?? 0).toBeGreaterThanOrEqual(total - inFlightBound);
      expect((counts['1'] ?? 0) + (counts['2'] ?? 0)).toBe(total);
    }
    const repeatedCalls = [...hits.values()].filter((n) => n > 1).length;
    expect(hits.size).toBe(total);
    expect(repeatedCalls).toBeLessThanOrEqual(inFlightBound);
    console.info(
      `cluster: ${total} instances finished; ${unfinishedAtFlush} unfinished when Redis was ` +
        `flushed; repeated peer calls ${repeatedCalls}, ` +
        `repeated completions ${JSON.stringify(
          Object.fromEntries([startNode, callPeer, greet].map((a) => [a, tally(a)['2'] ?? 0])),
        )}`,
    );
  }, 420_000);
});
