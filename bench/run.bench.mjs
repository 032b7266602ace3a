// `npm run bench:run`: measures a real `sluice serve` child process (fresh SQLite data dir) and a
// plain node:http baseline doing the same per-request work, then prints one table with the
// targets. bench/README.md explains each figure and the knobs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { URLSearchParams, fileURLToPath, pathToFileURL } from 'node:url';
import {
  closedLoop,
  cpuMs,
  machineCpuMs,
  median,
  memoryMb,
  percentile,
  send,
  sendJson,
  waitHealthy,
} from './load.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'sluice.js');
const BASELINE = path.join(ROOT, 'bench', 'baseline-server.mjs');
const ADMIN_PASSWORD = 'bench-admin-password-1';
const W2_ACTIONS = 100;

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
  concurrency: Math.floor(knob('BENCH_CONCURRENCY', 16)),
  durationMs: knob('BENCH_DURATION_S', 10, { min: 0.5 }) * 1000,
  warmupMs: knob('BENCH_WARMUP_S', 2, { min: 0 }) * 1000,
  w2Runs: Math.floor(knob('BENCH_W2_RUNS', 20)),
  w2Warmup: Math.floor(knob('BENCH_W2_WARMUP', 5, { min: 0 })),
  cpuProfDir: process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : '',
  sqlTrace: process.env.BENCH_SQL_TRACE ? path.resolve(process.env.BENCH_SQL_TRACE) : '',
  jsonOut: process.env.BENCH_JSON ? path.resolve(process.env.BENCH_JSON) : '',
};

const TARGETS = {
  ratio: 0.3,
  usPerAction: 50,
  idleRssMb: 100,
  startMs: 1000,
};

function log(line) {
  process.stdout.write(`${line}\n`);
}

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

// Interrupted runs take their servers with them rather than leaving them listening.
const children = new Set();
const scratch = new Set();
process.once('SIGINT', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(130);
});

/** Starts a child, keeps the tail of its output for error messages, times it to its first answer. */
async function launch(name, args, env) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const machineBefore = machineCpuMs();
  const ownBefore = process.cpuUsage();
  const since = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...env(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  try {
    const startMs = await waitHealthy(url, child, since);
    // The CPU the start took, and what the rest of the machine took meanwhile (in cores).
    const startCpuMs = cpuMs(child.pid);
    const machineAfter = machineCpuMs();
    const own = process.cpuUsage(ownBefore);
    const otherCpuShare =
      machineBefore && machineAfter && startCpuMs !== null
        ? (machineAfter.busy - machineBefore.busy - startCpuMs - (own.user + own.system) / 1000) /
          startMs
        : NaN;
    return { name, child, url, since, startMs, startCpuMs, otherCpuShare, output: () => output };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${name}: ${error.message}\n${output}`);
  }
}

/** SIGTERM, then SIGKILL if it has not exited within 15 s (a CPU profile is written on exit). */
async function stop(server) {
  server.stopped = true;
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

function sluiceEnv(dataDir, extra) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('SLUICE_')),
  );
  return (port) => ({
    ...inherited,
    ...extra,
    SLUICE_DATA_DIR: dataDir,
    SLUICE_HOST: '127.0.0.1',
    SLUICE_PORT: String(port),
    SLUICE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    SLUICE_LOG_LEVEL: 'warn',
  });
}

/** `instrumented`: the first server, which carries the CPU profiler and the SQL trace if asked. */
function startSluice(dataDir, instrumented) {
  const args = [];
  const extra = {};
  if (instrumented && settings.cpuProfDir)
    args.push('--cpu-prof', `--cpu-prof-dir=${settings.cpuProfDir}`);
  if (instrumented && settings.sqlTrace) {
    args.push('--import', pathToFileURL(path.join(ROOT, 'bench', 'sql-trace.mjs')).href);
    extra.SQL_TRACE_OUT = settings.sqlTrace;
  }
  return launch('sluice serve', [...args, BIN, 'serve'], sluiceEnv(dataDir, extra));
}

/** Cuts the SQL trace at a phase boundary: bench/sql-trace.mjs writes a snapshot on SIGUSR2. */
async function cutSqlTrace(server) {
  if (!settings.sqlTrace) return;
  server.child.kill('SIGUSR2');
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/** The statements one phase ran, per run, as bench/sql-trace.mjs recorded them. */
function describeSqlTrace(file, phase, runs) {
  const trace = JSON.parse(fs.readFileSync(file, 'utf8'));
  const statements = trace.statements.reduce((sum, row) => sum + row.count, 0);
  const ms = trace.statements.reduce((sum, row) => sum + row.ms, 0);
  log(
    `SQL in ${phase}: ${(statements / runs).toFixed(1)} statements and ` +
      `${(trace.prepares.count / runs).toFixed(1)} prepares per run; ${(ms / runs).toFixed(3)} ms ` +
      `executing + ${(trace.prepares.ms / runs).toFixed(3)} ms preparing per run`,
  );
  for (const row of trace.statements.slice(0, 12))
    log(
      `  ${(row.count / runs).toFixed(2).padStart(5)}×  ${((row.ms / runs) * 1000).toFixed(0).padStart(5)} µs/run  ` +
        row.sql.replace(/\s+/g, ' ').slice(0, 150),
    );
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

async function save(url, auth, flow) {
  const res = await sendJson(false, url, '/api/Projects', flow, auth);
  if (res.status !== 200)
    throw new Error(`saving "${flow.title}" failed: ${res.status} ${res.text}`);
  return flow.id;
}

/** W1's request i: an amount on either side of the Decisional's 50, and the value to expect. */
function w1Request(processId, auth) {
  const path = `/api/Projects/${processId}/run?runSynchronous=true`;
  return (i) => {
    const amount = (i * 37) % 100;
    return { path, body: { payload: { amount } }, headers: auth, expect: amount };
  };
}

function w1Check(answer, amount) {
  if (answer.status !== 200) return false;
  const body = JSON.parse(answer.text);
  return body.status === 50 && body.variable?.value === amount;
}

/**
 * W2: the 100-action flow run after run by one client, interleaved with the 4-node W1 flow, so
 * the fixed cost of a run (HTTP, auth, instance rows, queue) can be told from the cost per action.
 */
async function runW2(url, auth, linearId, decisionId) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const expected = `w2${'.'.repeat(W2_ACTIONS - 2)}`;
  const kinds = [
    {
      path: `/api/Projects/${linearId}/run?runSynchronous=true`,
      payload: { seed: 'w2' },
      ok: (body) => body.variable?.text === expected,
      times: [],
    },
    {
      path: `/api/Projects/${decisionId}/run?runSynchronous=true`,
      payload: { amount: 70 },
      ok: (body) => body.variable?.value === 70,
      times: [],
    },
  ];
  try {
    for (let i = 0; i < settings.w2Warmup + settings.w2Runs; i++) {
      for (const kind of kinds) {
        const started = performance.now();
        const answer = await sendJson(agent, url, kind.path, { payload: kind.payload }, auth);
        const ms = performance.now() - started;
        const body = answer.status === 200 ? JSON.parse(answer.text) : null;
        if (body?.status !== 50 || !kind.ok(body))
          throw new Error(`W2 run answered ${answer.status} ${answer.text.slice(0, 500)}`);
        if (i >= settings.w2Warmup) kind.times.push(ms);
      }
    }
  } finally {
    agent.destroy();
  }
  const [linear, small] = kinds.map((kind) => Float64Array.from(kind.times).sort());
  const med = median(linear);
  const smallMed = median(small);
  return {
    runs: linear.length,
    medianMs: med,
    minMs: linear[0],
    p90Ms: percentile(linear, 0.9),
    usPerAction: (med * 1000) / W2_ACTIONS,
    smallFlowMedianMs: smallMed,
    // A W1 run walks 4 nodes (Start, Map Data, Decisional, one Stop).
    marginalUsPerAction: ((med - smallMed) * 1000) / (W2_ACTIONS - 4),
  };
}

async function countFinished(url, auth, processId) {
  const res = await send(false, url, {
    path: `/api/Projects/${processId}/instances/count?filterStatus=50`,
    headers: auth,
  });
  return res.status === 200 ? Number(res.text) : NaN;
}

/** Other processes using more than this share of a core during a phase skew its figures. */
const SKEW = 0.15;

function describeStart(server) {
  const skewed =
    server.otherCpuShare > SKEW
      ? ` (other processes used ${(server.otherCpuShare * 100).toFixed(0)}% of a core meanwhile; skewed)`
      : '';
  return (
    `${server.startMs.toFixed(0)} ms to the first /health answer, ` +
    `${fmt(server.startCpuMs)} ms of CPU${skewed}`
  );
}

function describeLoad(label, result) {
  log(
    `  ${label}: ${result.runsPerSecond.toFixed(0)} runs/s, p50 ${result.p50.toFixed(2)} ms, ` +
      `p99 ${result.p99.toFixed(2)} ms, ${result.failures} failures; server CPU ` +
      `${(result.serverCpuShare * 100).toFixed(0)}% of a core, load generator ` +
      `${(result.clientCpuShare * 100).toFixed(0)}%, other processes ` +
      `${(Math.max(0, result.otherCpuShare) * 100).toFixed(0)}%`,
  );
  if (result.otherCpuShare > SKEW)
    log('    note: other processes were busy during this window; its figures are skewed');
  for (const sample of result.failureSamples) log(`    failure: ${sample}`);
}

function table(rows) {
  const headers = ['figure', 'sluice', 'baseline', 'target', 'verdict'];
  const all = [headers, ...rows];
  const widths = headers.map((_, c) => Math.max(...all.map((row) => String(row[c]).length)));
  const line = (row) =>
    row
      .map((cell, c) =>
        c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const fmt = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const verdict = (ok) => (ok ? 'meets' : 'MISSES');

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'main.js'))) {
    process.stderr.write('dist/ is missing: run `npm ci` or `npm run build` first.\n');
    return 2;
  }
  const { decisionFlow, linearFlow } = await import('./flows.mjs');
  if (settings.cpuProfDir) fs.mkdirSync(settings.cpuProfDir, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-bench-'));
  scratch.add(dataDir);
  const servers = [];
  const results = { settings, machine: { cpus: os.cpus().length, node: process.version } };
  try {
    log(
      `Sluice benchmark: ${os.cpus().length} CPUs, Node ${process.version}, N=${settings.concurrency}, ` +
        `${settings.warmupMs / 1000} s warm-up + ${settings.durationMs / 1000} s per W1 run`,
    );

    let sluice = await startSluice(dataDir, true);
    servers.push(sluice);
    // Idle: after start, before any request but the health poll; a second to settle.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idle = memoryMb(sluice.child.pid);
    results.start = {
      freshMs: sluice.startMs,
      freshCpuMs: sluice.startCpuMs,
      freshOtherCpuShare: sluice.otherCpuShare,
      idleRssMb: idle.rss,
    };
    log(`start (fresh data dir): ${describeStart(sluice)}; idle RSS ${idle.rss.toFixed(1)} MB`);

    const auth = await login(sluice.url);
    const w1Id = await save(sluice.url, auth, decisionFlow());
    const w2Id = await save(sluice.url, auth, linearFlow(W2_ACTIONS));

    log(
      `W2: ${W2_ACTIONS}-action linear flow, ${settings.w2Warmup} warm-up + ${settings.w2Runs} runs`,
    );
    await cutSqlTrace(sluice);
    const w2Began = performance.now();
    results.w2 = await runW2(sluice.url, auth, w2Id, w1Id);
    const w2Ended = performance.now();
    await cutSqlTrace(sluice);
    log(
      `  median ${results.w2.medianMs.toFixed(2)} ms per run (min ${results.w2.minMs.toFixed(2)}, ` +
        `p90 ${results.w2.p90Ms.toFixed(2)}), ${results.w2.usPerAction.toFixed(0)} µs per action`,
    );
    log(
      `  the 4-action W1 flow, same client: median ${results.w2.smallFlowMedianMs.toFixed(2)} ms; ` +
        `so ${results.w2.marginalUsPerAction.toFixed(0)} µs per added action`,
    );

    log(`W1: Start → Map Data → Decisional → Stop, ${settings.concurrency} clients`);
    const before = await countFinished(sluice.url, auth, w1Id);
    const w1 = await closedLoop({
      url: sluice.url,
      concurrency: settings.concurrency,
      warmupMs: settings.warmupMs,
      durationMs: settings.durationMs,
      next: w1Request(w1Id, auth),
      check: w1Check,
      pid: sluice.child.pid,
      onMeasureStart: () => void cutSqlTrace(sluice),
    });
    const persisted = (await countFinished(sluice.url, auth, w1Id)) - before;
    results.w1 = { sluice: { ...w1, persisted } };
    describeLoad('sluice', w1);
    log(`  instances persisted with status 50: ${persisted} (answered 50: ${w1.answeredOk})`);
    results.peakRssMb = memoryMb(sluice.child.pid).hwm;
    log(`  peak RSS of sluice serve: ${results.peakRssMb.toFixed(1)} MB`);

    await stop(sluice);
    if (settings.cpuProfDir) {
      const at = (t) => (t - sluice.since).toFixed(0);
      log(
        `CPU profile in ${settings.cpuProfDir}; phases in ms since the spawn: start 0–${at(sluice.since + sluice.startMs)}, ` +
          `W2 ${at(w2Began)}–${at(w2Ended)}, W1 window ${at(w1.window.from)}–${at(w1.window.to)} ` +
          `(node bench/profile-summary.mjs ${settings.cpuProfDir} --from … --to …)`,
      );
    }
    if (settings.sqlTrace) {
      describeSqlTrace(
        `${settings.sqlTrace}.2`,
        'W2 (a "run" here is one 100-action plus one 4-action run)',
        settings.w2Warmup + settings.w2Runs,
      );
      describeSqlTrace(settings.sqlTrace, 'the W1 window', w1.runs);
    }
    // A restart on the data the run left (migrations applied, admin present, instances stored).
    sluice = await startSluice(dataDir, false);
    servers.push(sluice);
    results.start.existingMs = sluice.startMs;
    results.start.existingCpuMs = sluice.startCpuMs;
    log(`start (existing data dir): ${describeStart(sluice)}`);
    await stop(sluice);

    const baseline = await launch('baseline', [BASELINE], (port) => ({
      ...process.env,
      BASELINE_PORT: String(port),
    }));
    servers.push(baseline);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    results.baseline = { startMs: baseline.startMs, idleRssMb: memoryMb(baseline.child.pid).rss };
    const base = await closedLoop({
      url: baseline.url,
      concurrency: settings.concurrency,
      warmupMs: settings.warmupMs,
      durationMs: settings.durationMs,
      next: w1Request('00000000-0000-0000-0000-0000000000b1', {}),
      check: w1Check,
      pid: baseline.child.pid,
    });
    results.w1.baseline = base;
    describeLoad('baseline', base);
    await stop(baseline);

    const ratio = w1.runsPerSecond / base.runsPerSecond;
    results.w1.ratio = ratio;
    const rows = [
      [
        `W1 runs/s (N=${settings.concurrency}, ${settings.durationMs / 1000} s)`,
        fmt(w1.runsPerSecond),
        fmt(base.runsPerSecond),
        '',
        '',
      ],
      [
        'W1 runs/s ratio sluice/baseline',
        fmt(ratio, 3),
        '',
        `≥ ${TARGETS.ratio}`,
        verdict(ratio >= TARGETS.ratio),
      ],
      ['W1 p50 latency (ms)', fmt(w1.p50, 2), fmt(base.p50, 2), '', ''],
      ['W1 p99 latency (ms)', fmt(w1.p99, 2), fmt(base.p99, 2), '', ''],
      [
        'W1 failures (answer not status 50)',
        w1.failures,
        base.failures,
        '0',
        verdict(!w1.failures),
      ],
      [
        'W1 server CPU per run (ms)',
        fmt(w1.serverCpuMsPerRun, 3),
        fmt(base.serverCpuMsPerRun, 3),
        '',
        '',
      ],
      ['W2 median run, 100 actions (ms)', fmt(results.w2.medianMs, 2), '', '', ''],
      [
        'W2 per action (µs)',
        fmt(results.w2.usPerAction),
        '',
        `≤ ${TARGETS.usPerAction}`,
        verdict(results.w2.usPerAction <= TARGETS.usPerAction),
      ],
      [
        'W2 per added action, beyond a 4-action run (µs)',
        fmt(results.w2.marginalUsPerAction),
        '',
        '',
        '',
      ],
      [
        'idle RSS after start (MB)',
        fmt(idle.rss, 1),
        fmt(results.baseline.idleRssMb, 1),
        `≤ ${TARGETS.idleRssMb}`,
        verdict(idle.rss <= TARGETS.idleRssMb),
      ],
      ['peak RSS under W1 (MB)', fmt(results.peakRssMb, 1), '', '', ''],
      [
        'start to first answer, fresh dir (ms)',
        fmt(results.start.freshMs),
        fmt(baseline.startMs),
        `≤ ${TARGETS.startMs}`,
        verdict(results.start.freshMs <= TARGETS.startMs),
      ],
      [
        'start to first answer, existing dir (ms)',
        fmt(results.start.existingMs),
        '',
        `≤ ${TARGETS.startMs}`,
        verdict(results.start.existingMs <= TARGETS.startMs),
      ],
    ];
    log('');
    log(table(rows));
    const skewed =
      [sluice, baseline].some((server) => server.otherCpuShare > SKEW) ||
      results.start.freshOtherCpuShare > SKEW ||
      [w1, base].some((result) => result.otherCpuShare > SKEW);
    if (skewed)
      log(
        '\nOther processes were busy during some phases (see the notes above): run again on a quiet machine.',
      );
    if (settings.jsonOut)
      fs.writeFileSync(settings.jsonOut, `${JSON.stringify(results, null, 2)}\n`);
    return w1.failures === 0 && base.failures === 0 ? 0 : 1;
  } catch (error) {
    for (const server of servers)
      if (!server.stopped && (server.child.exitCode !== null || server.child.signalCode !== null))
        log(
          `${server.name} ended (${server.child.exitCode ?? server.child.signalCode}):\n${server.output()}`,
        );
    throw error;
  } finally {
    for (const server of servers) await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
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
