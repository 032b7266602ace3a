// Summarises a V8 .cpuprofile (as `BENCH_CPU_PROF=<dir> npm run bench:run` writes for the
// sluice serve child): where the sampled time went, by package or source area, and the top
// functions by self and by total (inclusive) time.
// Usage: node bench/profile-summary.mjs <file.cpuprofile | dir> [--from ms] [--to ms] [--top n]
// --from/--to keep the samples in that window, in ms since the profile began (the benchmark
// prints its phases in ms since the spawn, which is within a few ms of that).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

// Piped into `head`: stop quietly when the reader goes away.
process.stdout.on('error', () => process.exit(0));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    from: { type: 'string', default: '0' },
    to: { type: 'string', default: 'Infinity' },
    top: { type: 'string', default: '25' },
  },
});
const target = positionals[0];
if (!target) {
  process.stderr.write(
    'usage: node bench/profile-summary.mjs <file.cpuprofile | dir> [--from ms] [--to ms] [--top n]\n',
  );
  process.exit(2);
}
const top = Number(values.top);
const fromUs = Number(values.from) * 1000;
const toUs = Number(values.to) * 1000;
const file = fs.statSync(target).isDirectory()
  ? fs
      .readdirSync(target)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => path.join(target, name))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]
  : target;
if (!file) {
  process.stderr.write(`no .cpuprofile in ${target}\n`);
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);

// Each sample's time is the delta to the next sample.
const selfMs = new Map();
const deltas = profile.timeDeltas;
let at = 0;
for (let i = 0; i < profile.samples.length; i++) {
  at += deltas[i] ?? 0;
  if (at < fromUs || at > toUs) continue;
  const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
  selfMs.set(profile.samples[i], (selfMs.get(profile.samples[i]) ?? 0) + ms);
}
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);

function area(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native/V8)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const dist = /\/dist\/([^/]+)(?:\/([^/]+))?/.exec(url);
  if (dist)
    return dist[2] && !dist[2].endsWith('.js')
      ? `sluice ${dist[1]}/${dist[2]}`
      : `sluice ${dist[1]}`;
  if (url.startsWith('node:'))
    return `node:${url.slice(5).split('/')[0] === 'internal' ? url.slice(5).split('/')[1] : url.slice(5)}`;
  return url;
}

/** `name package/file:line`, or `name sluice:dir/file:line` for the server's own build. */
function label(node) {
  const { functionName, url, lineNumber } = node.callFrame;
  let where = url.replace(/^file:\/\//, '');
  const modules = where.lastIndexOf('node_modules/');
  if (modules >= 0) where = where.slice(modules + 'node_modules/'.length);
  else if (where.includes('/dist/'))
    where = `sluice:${where.slice(where.lastIndexOf('/dist/') + 6)}`;
  return `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
}

const areas = new Map();
const selfByFn = new Map();
const totalByFn = new Map();
for (const [id, ms] of selfMs) {
  const node = byId.get(id);
  const a = area(node.callFrame.url, node.callFrame.functionName);
  areas.set(a, (areas.get(a) ?? 0) + ms);
  const fn = label(node);
  selfByFn.set(fn, (selfByFn.get(fn) ?? 0) + ms);
  // Inclusive: every distinct function on the stack gets the sample once.
  const seen = new Set();
  for (let up = id; up !== undefined; up = parent.get(up)) {
    const name = label(byId.get(up));
    if (seen.has(name)) continue;
    seen.add(name);
    totalByFn.set(name, (totalByFn.get(name) ?? 0) + ms);
  }
}

function print(title, map, count) {
  process.stdout.write(`\n${title}\n`);
  const rows = [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
  for (const [name, ms] of rows)
    process.stdout.write(
      `${((ms / total) * 100).toFixed(1).padStart(6)}%  ${ms.toFixed(0).padStart(7)} ms  ${name}\n`,
    );
}

const window =
  values.from !== '0' || values.to !== 'Infinity' ? ` in ${values.from}–${values.to} ms` : '';
process.stdout.write(`${file}: ${total.toFixed(0)} ms sampled${window}\n`);
print('By area (self time)', areas, top);
print('Top functions by self time', selfByFn, top);
print('Top functions by total time', totalByFn, top);
print(
  'Sluice functions by total time',
  new Map([...totalByFn].filter(([name]) => name.includes(' sluice:'))),
  top,
);
