// The load generator and the small HTTP and /proc helpers the benchmark shares. It runs in the
// benchmark's own process on node:http with keep-alive sockets: undici is not resolvable as a
// package here, and the global fetch costs more client CPU per request, which the servers would
// feel on a 2-core machine.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const targets = new Map();

/** One HTTP exchange; resolves with the status and the body text, rejects on socket errors. */
export function send(agent, url, { method = 'GET', path = '/', headers = {}, body } = {}) {
  let target = targets.get(url);
  if (!target) targets.set(url, (target = new URL(url)));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method,
        path,
        headers: body === undefined ? headers : { ...headers, 'content-length': body.length },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(120_000, () => req.destroy(new Error('request timed out')));
    req.end(body);
  });
}

export function sendJson(agent, url, path, json, headers = {}) {
  return send(agent, url, {
    method: 'POST',
    path,
    headers: { ...headers, 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(json)),
  });
}

/** Nearest-rank percentile of sorted values (0 < p ≤ 1). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function median(values) {
  return percentile(Float64Array.from(values).sort(), 0.5);
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a process has used so far, in ms; null where /proc is missing. */
export function cpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Busy and total CPU time of the whole machine so far, in ms, from /proc/stat. */
export function machineCpuMs() {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const ticks = fields.slice(1, 9).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = ticks[3] + ticks[4];
    return { busy: ((total - idle) * 1000) / CLOCK_TICKS, total: (total * 1000) / CLOCK_TICKS };
  } catch {
    return null;
  }
}

/** VmRSS (resident now) and VmHWM (peak resident) of a process, in MB. */
export function memoryMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const read = (key) => {
      const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Number(match[1]) / 1024 : NaN;
    };
    return { rss: read('VmRSS'), hwm: read('VmHWM') };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/**
 * Polls GET /health on fresh connections until it answers 200; resolves with the ms since
 * `since` (a performance.now() value), rejects when `child` exits or after `timeoutMs`.
 */
export async function waitHealthy(url, child, since, timeoutMs = 30_000) {
  let exited = null;
  const onExit = (code, signal) => (exited = signal ?? code);
  child.once('exit', onExit);
  try {
    while (performance.now() - since < timeoutMs) {
      if (exited !== null) throw new Error(`the server exited (${exited}) before answering`);
      try {
        const res = await send(false, url, { path: '/health' });
        if (res.status === 200) return performance.now() - since;
      } catch {
        // Not listening yet.
      }
      await sleep(5);
    }
    throw new Error(`no answer from ${url}/health within ${timeoutMs} ms`);
  } finally {
    child.off('exit', onExit);
  }
}

/**
 * Closed-loop load: `concurrency` clients, each sending its next request as soon as the previous
 * answer arrived, for `warmupMs` then `durationMs`. Only answers that arrive in the measured
 * window count, so the figure is the server's sustained rate. `next(i)` gives the i-th request
 * (`{ path, body, headers, expect }`); `check(answer, expect)` says whether the answer is right.
 * `pid` is the server's process, whose CPU use over the window is reported; `onMeasureStart`
 * is called when the window opens.
 */
export async function closedLoop({
  url,
  concurrency,
  warmupMs,
  durationMs,
  next,
  check,
  pid,
  onMeasureStart,
}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const begin = performance.now();
  const from = begin + warmupMs;
  const to = from + durationMs;
  const latencies = [];
  const failures = { count: 0, samples: [] };
  let sent = 0;
  let answeredOk = 0;
  const cpu = { server: [null, null], client: [null, null], machine: [null, null] };
  const mark = (slot) => {
    cpu.machine[slot] = machineCpuMs();
    cpu.server[slot] = cpuMs(pid);
    const own = process.cpuUsage();
    cpu.client[slot] = (own.user + own.system) / 1000;
  };
  const marks = [
    setTimeout(() => {
      mark(0);
      onMeasureStart?.();
    }, warmupMs),
    setTimeout(() => mark(1), warmupMs + durationMs),
  ];

  const fail = (what) => {
    failures.count++;
    if (failures.samples.length < 5) failures.samples.push(what);
  };
  async function client() {
    while (performance.now() < to) {
      const request = next(sent++);
      const started = performance.now();
      let good = false;
      let problem = null;
      try {
        const answer = await sendJson(agent, url, request.path, request.body, request.headers);
        good = check(answer, request.expect);
        if (!good) problem = `${answer.status} ${answer.text.slice(0, 300)}`;
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      const ended = performance.now();
      if (good) answeredOk++;
      if (ended < from || ended > to) continue;
      if (good) latencies.push(ended - started);
      else fail(problem);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  for (const timer of marks) clearTimeout(timer);
  if (cpu.server[1] === null) mark(1);
  agent.destroy();

  const sorted = Float64Array.from(latencies).sort();
  const seconds = durationMs / 1000;
  const perRun = (pair) =>
    pair[0] === null || pair[1] === null || sorted.length === 0
      ? NaN
      : (pair[1] - pair[0]) / sorted.length;
  return {
    window: { from, to },
    runs: sorted.length,
    runsPerSecond: sorted.length / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    failures: failures.count,
    failureSamples: failures.samples,
    answeredOk,
    serverCpuMsPerRun: perRun(cpu.server),
    serverCpuShare:
      cpu.server[0] === null ? NaN : (cpu.server[1] - cpu.server[0]) / (seconds * 1000),
    clientCpuShare: (cpu.client[1] - cpu.client[0]) / (seconds * 1000),
    // What the rest of the machine (neither server nor load generator) used, in cores.
    otherCpuShare:
      cpu.machine[0] && cpu.machine[1] && cpu.server[0] !== null
        ? (cpu.machine[1].busy -
            cpu.machine[0].busy -
            (cpu.server[1] - cpu.server[0]) -
            (cpu.client[1] - cpu.client[0])) /
          (seconds * 1000)
        : NaN,
  };
}
