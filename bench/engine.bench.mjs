// `node bench/engine.bench.mjs [runs]`: the engine's own cost per action, without HTTP, storage
// or the queue. It runs W2's 100-action linear flow (bench/flows.mjs) `runs` times (default
// 2000) in this process through the built engine, over ports that store nothing, and prints the
// median and 10th percentile time per action over the second half of the runs (the first half
// warms the JIT up). W2 in `npm run bench:run` is this plus the run's records written to SQLite,
// HTTP and authentication; comparing the two tells where a change should go.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 2000);
if (!Number.isInteger(runs) || runs < 2) {
  process.stderr.write('usage: node bench/engine.bench.mjs [runs ≥ 2]\n');
  process.exit(2);
}
const dist = (file) => import(path.join(ROOT, 'dist', file));
const [
  { createActionRegistry },
  { builtinResolver },
  { compileFlow },
  { systemClock },
  { Engine },
  { linearFlow },
] = await Promise.all([
  dist('actions/catalogue.js'),
  dist('domain/data-types/builtin-models.js'),
  dist('flow/compile.js'),
  dist('ports/clock.js'),
  dist('engine/engine.js'),
  import('./flows.mjs'),
]);

const ACTIONS = 100;
const registry = createActionRegistry();
const types = builtinResolver();
const flow = linearFlow(ACTIONS);
const { plan, problems } = compileFlow(flow, registry, types);
if (!plan) throw new Error(`the W2 flow does not compile: ${JSON.stringify(problems)}`);

// Ports that keep nothing: every checkpoint succeeds, no lease is lost, nothing waits.
const engine = new Engine({
  instances: {
    checkpoint: async () => true,
    renewLease: async () => true,
    get: async () => null,
    requestStop: async () => undefined,
  },
  plans: { load: async () => ({ plan, types }) },
  actions: registry,
  queue: { enqueue: async () => undefined },
  subprocesses: { start: async () => 'none' },
  events: { emit: () => undefined },
  clock: systemClock,
  log: { warn: () => undefined, error: () => undefined },
  services: () => ({}),
  options: {
    owner: 'bench',
    leaseMs: 60_000,
    maxAttempts: 3,
    retryBaseMs: 500,
    actionTimeoutMs: 300_000,
  },
});

const seed = flow.variables.find((variable) => variable.type === 10).id;
const times = [];
for (let i = 0; i < runs; i++) {
  const now = new Date();
  const started = performance.now();
  const finished = await engine.runClaimed({
    id: `bench-${i}`,
    workspaceId: 'bench',
    processId: flow.id,
    version: 1,
    title: flow.title,
    status: 30,
    variables: { [seed]: 'w2' },
    state: null,
    errors: [],
    currentActionId: null,
    parentInstanceId: null,
    parentActionId: null,
    trigger: { kind: 'api', name: null },
    createdById: null,
    createdOn: now,
    updatedOn: now,
    launchedOn: now,
    finishedOn: null,
    timeoutAt: null,
    stopRequested: false,
    timeConsumed: 0,
    actionsConsumed: 0,
  });
  times.push(performance.now() - started);
  if (finished.status !== 50) throw new Error(`run ${i} ended with status ${finished.status}`);
}
const warm = Float64Array.from(times.slice(Math.floor(runs / 2))).sort();
const perAction = (ms) => ((ms * 1000) / ACTIONS).toFixed(1);
process.stdout.write(
  `engine only, ${ACTIONS}-action linear flow, ${warm.length} warm runs: ` +
    `${perAction(warm[warm.length >> 1])} µs per action (median), ` +
    `${perAction(warm[Math.floor(warm.length / 10)])} µs (10th percentile)\n`,
);
