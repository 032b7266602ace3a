// `node bench/start.bench.mjs [runs]`: starts `sluice serve` `runs` times (default 7) on a fresh
// SQLite data directory and once more on the directory each run left, as `npm run bench:run`
// does once, and prints the medians: time to the first GET /health answer, CPU used by then, and
// resident memory a second later. On a shared machine single starts vary by hundreds of ms;
// medians of several are the figures to compare. bench/README.md explains the figures.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMs, median, memoryMb, waitHealthy } from './load.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'sluice.js');
const runs = Number(process.argv[2] ?? 7);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: node bench/start.bench.mjs [runs ≥ 1]\n');
  process.exit(2);
}
if (!fs.existsSync(path.join(ROOT, 'dist', 'main.js'))) {
  process.stderr.write('dist/ is missing: run `npm ci` or `npm run build` first.\n');
  process.exit(2);
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

/** One start: ms to the first answer, CPU ms by then, RSS MB one second later. */
async function start(dataDir) {
  const port = await freePort();
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('SLUICE_')),
  );
  const since = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: {
      ...inherited,
      SLUICE_DATA_DIR: dataDir,
      SLUICE_HOST: '127.0.0.1',
      SLUICE_PORT: String(port),
      SLUICE_ADMIN_PASSWORD: 'bench-admin-password-1',
      SLUICE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const ms = await waitHealthy(`http://127.0.0.1:${port}`, child, since);
    const cpu = cpuMs(child.pid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return { ms, cpu, rss: memoryMb(child.pid).rss };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const fresh = [];
const existing = [];
for (let i = 0; i < runs; i++) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-start-'));
  try {
    fresh.push(await start(dataDir));
    existing.push(await start(dataDir));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const describe = (label, results) =>
  `${label}: start to first answer ${median(results.map((r) => r.ms)).toFixed(0)} ms ` +
  `(each: ${results.map((r) => r.ms.toFixed(0)).join(', ')}), CPU ${median(results.map((r) => r.cpu)).toFixed(0)} ms, ` +
  `idle RSS ${median(results.map((r) => r.rss)).toFixed(1)} MB`;
process.stdout.write(
  `sluice serve, ${runs} starts each, medians (${os.cpus().length} CPUs, Node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(
      ' ',
    )}):\n${describe('fresh data dir', fresh)}\n${describe('existing data dir', existing)}\n`,
);
