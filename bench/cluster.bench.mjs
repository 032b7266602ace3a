// `npm run bench:cluster`: W1 (synchronous runs of Start → Map Data → Decisional → Stop) against
// cluster mode on PostgreSQL and Redis: one `sluice serve --no-worker` taking the requests and 1,
// 2 and 4 `sluice worker` processes running the instances, each configuration on a fresh
// database, plus one `sluice serve` running instances in-process on PostgreSQL as the reference.
// It prints runs/s, p50 and p99 per configuration in one table. bench/README.md explains it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { URLSearchParams, fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { closedLoop, cpuMs, send, sendJson, waitHealthy } from './load.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'sluice.js');
const ADMIN_PASSWORD = 'bench-admin-password-1';

function knob(name, fallback, { min = 1 } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    process.stderr.write(`${name} must be a number ≥ ${min} (got "${raw}")\n`);
    process.exit(2);
  }
  return value;
}

const settings = {
  postgresUrl: process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test',
  redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
  /** The Redis database the bench uses; its `sluice:*` keys are deleted before and after. */
  redisDb: Math.floor(knob('BENCH_REDIS_DB', 8, { min: 0 })),
  concurrency: Math.floor(knob('BENCH_CONCURRENCY', 16)),
  durationMs: knob('BENCH_DURATION_S', 8, { min: 0.5 }) * 1000,
  warmupMs: knob('BENCH_WARMUP_S', 2, { min: 0 }) * 1000,
  workerCounts: (process.env.BENCH_WORKERS || '1,2,4').split(',').map(Number),
};

function log(line) {
  process.stdout.write(`${line}\n`);
}

const children = new Set();
process.once('SIGINT', () => {
  for (const child of children) child.kill('SIGKILL');
  process.exit(130);
});

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function spawnSluice(args, env) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('SLUICE_')),
  );
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...inherited, SLUICE_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  const keep = (chunk) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, output: () => output };
}

async function startServer(args, env) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const server = spawnSluice(args, {
    ...env,
    SLUICE_HOST: '127.0.0.1',
    SLUICE_PORT: String(port),
    SLUICE_LOG_LEVEL: 'warn',
  });
  try {
    await waitHealthy(url, server.child, since, 60_000);
  } catch (error) {
    server.child.kill('SIGKILL');
    throw new Error(`sluice ${args.join(' ')}: ${error.message}\n${server.output()}`);
  }
  return { ...server, url };
}

/** Resolves when the worker reports that it consumes the queue. */
async function startWorker(env) {
  const worker = spawnSluice(['worker'], { ...env, SLUICE_LOG_LEVEL: 'info' });
  const deadline = Date.now() + 60_000;
  while (!/worker running/.test(worker.output())) {
    if (worker.child.exitCode !== null)
      throw new Error(`sluice worker exited (${worker.child.exitCode}):\n${worker.output()}`);
    if (Date.now() > deadline) throw new Error(`sluice worker did not start:\n${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return worker;
}

async function stopAll(processes) {
  await Promise.all(
    processes.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

async function withPostgres(run) {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: settings.postgresUrl });
  await admin.connect();
  const name = `sluice_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(settings.postgresUrl);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
  }
}

async function clearRedis(url) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'sluice:*', 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function login(url) {
  const body = new URLSearchParams({
    realm: 'procesio01',
    grant_type: 'password',
    username: 'admin',
    password: ADMIN_PASSWORD,
    client_id: 'procesio-ui',
  }).toString();
  const res = await send(false, url, {
    method: 'POST',
    path: '/api/Authentication',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(body),
  });
  const token = res.status === 200 ? JSON.parse(res.text).access_token : null;
  if (!token) throw new Error(`login failed: ${res.status} ${res.text}`);
  return { authorization: `Bearer ${token}` };
}

/** One configuration: a fresh database, its processes, the W1 load; answers the figures. */
async function measure(label, workers) {
  const { decisionFlow } = await import('./flows.mjs');
  return withPostgres(async (databaseUrl) => {
    const redisUrl = new URL(settings.redisUrl);
    redisUrl.pathname = `/${settings.redisDb}`;
    const env = { SLUICE_DATABASE_URL: databaseUrl };
    if (workers > 0) {
      env.SLUICE_REDIS_URL = redisUrl.toString();
      await clearRedis(env.SLUICE_REDIS_URL);
    }
    const processes = [];
    try {
      const server = await startServer(workers > 0 ? ['serve', '--no-worker'] : ['serve'], env);
      processes.push(server);
      processes.push(
        ...(await Promise.all(Array.from({ length: workers }, () => startWorker(env)))),
      );
      const auth = await login(server.url);
      const flow = decisionFlow();
      const saved = await sendJson(false, server.url, '/api/Projects', flow, auth);
      if (saved.status !== 200) throw new Error(`saving W1 failed: ${saved.status} ${saved.text}`);
      const path = `/api/Projects/${flow.id}/run?runSynchronous=true`;
      let cpuBefore = [];
      const cpuOfAll = () => processes.map(({ child }) => cpuMs(child.pid) ?? NaN);
      const result = await closedLoop({
        url: server.url,
        concurrency: settings.concurrency,
        warmupMs: settings.warmupMs,
        durationMs: settings.durationMs,
        next: (i) => {
          const amount = (i * 37) % 100;
          return { path, body: { payload: { amount } }, headers: auth, expect: amount };
        },
        check: (answer, amount) => {
          if (answer.status !== 200) return false;
          const body = JSON.parse(answer.text);
          return body.status === 50 && body.variable?.value === amount;
        },
        pid: server.child.pid,
        onMeasureStart: () => (cpuBefore = cpuOfAll()),
      });
      const cpuAfter = cpuOfAll();
      const used = cpuAfter.map((ms, i) => ms - (cpuBefore[i] ?? NaN));
      const runs = Math.max(1, result.runs);
      const cpu = used.reduce((sum, ms) => sum + ms, 0);
      const figures = { label, workers, ...result, cpuMsPerRun: cpu / runs };
      log(
        `  ${label}: ${result.runsPerSecond.toFixed(0)} runs/s, p50 ${result.p50.toFixed(1)} ms, ` +
          `p99 ${result.p99.toFixed(1)} ms, ${result.failures} failures; CPU per run: server ` +
          `${(used[0] / runs).toFixed(2)} ms` +
          (workers > 0
            ? `, workers ${(used.slice(1).reduce((a, b) => a + b, 0) / runs).toFixed(2)} ms`
            : ''),
      );
      for (const sample of result.failureSamples) log(`    failure: ${sample}`);
      return figures;
    } catch (error) {
      for (const { child, output } of processes)
        if (child.exitCode !== null) log(`a process ended (${child.exitCode}):\n${output()}`);
      throw error;
    } finally {
      await stopAll(processes);
      if (workers > 0) await clearRedis(env.SLUICE_REDIS_URL);
    }
  });
}

function table(rows) {
  const headers = ['configuration', 'runs/s', 'p50 (ms)', 'p99 (ms)', 'CPU/run (ms)', 'failures'];
  const all = [headers, ...rows];
  const widths = headers.map((_, c) => Math.max(...all.map((row) => String(row[c]).length)));
  const line = (row) =>
    row
      .map((cell, c) =>
        c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]),
      )
      .join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'main.js'))) {
    process.stderr.write('dist/ is missing: run `npm ci` or `npm run build` first.\n');
    return 2;
  }
  log(
    `Sluice cluster benchmark: ${os.cpus().length} CPUs, Node ${process.version}, ` +
      `W1 with ${settings.concurrency} clients, ${settings.warmupMs / 1000} s warm-up + ` +
      `${settings.durationMs / 1000} s each; PostgreSQL ${new URL(settings.postgresUrl).host}, ` +
      `Redis ${new URL(settings.redisUrl).host} database ${settings.redisDb}`,
  );
  const results = [await measure('serve, in-process worker (reference)', 0)];
  for (const workers of settings.workerCounts)
    results.push(
      await measure(`serve --no-worker + ${workers} worker${workers === 1 ? '' : 's'}`, workers),
    );
  log('');
  log(
    table(
      results.map((r) => [
        r.label,
        r.runsPerSecond.toFixed(0),
        r.p50.toFixed(1),
        r.p99.toFixed(1),
        Number.isFinite(r.cpuMsPerRun) ? r.cpuMsPerRun.toFixed(2) : 'n/a',
        r.failures,
      ]),
    ),
  );
  log(
    `\nCPU/run sums every Sluice process of the configuration (not PostgreSQL or Redis). On ` +
      `${os.cpus().length} cores, workers beyond the core count share them with the server, ` +
      `PostgreSQL and Redis.`,
  );
  return results.every((r) => r.failures === 0) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
