// The engine over a real SQLite file and the persisted queue: every control action, error
// routes, waits, stops and timeouts, with variable values checked after each run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionRegistry } from '../../src/actions/catalogue.js';
import { CONCATENATE_IDS } from '../../src/actions/strings/concatenate.action.js';
import { ADD_NUMBERS_IDS } from '../../src/actions/numbers/add.action.js';
import type { FlowRequestDto } from '../../src/flow/flow.schema.js';
import { systemClock } from '../../src/ports/clock.js';
import { InlineWorkQueue } from '../../src/queue/inline/inline.queue.js';
import { createRuntime, type Runtime } from '../../src/services/runtime.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { FlowBuilder, lit, ref } from '../../src/testing/flow-builder.js';
import { FlowStatus } from '../../src/engine/statuses.js';

const WORKSPACE = 'b0b0b0b0-0000-4000-8000-000000000001';
const flows = new Map<string, FlowRequestDto>();
let storage: Storage;
let runtime: Runtime;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-engine-'));
  storage = openStorage({ dialect: 'sqlite', file: path.join(dir, 'engine.db') });
  await storage.migrate();
  const processes = {
    async head(_ws: string, id: string) {
      const flow = flows.get(id);
      return flow
        ? { id, workspaceId: WORKSPACE, title: flow.title, active: true, version: 1 }
        : null;
    },
    async flow(_ws: string, id: string) {
      return flows.get(id) ?? null;
    },
    async exists(_ws: string, id: string) {
      return flows.has(id);
    },
  };
  const queue = new InlineWorkQueue(storage.db, 'sqlite', {
    pollMs: 20,
    leaseMs: 5000,
    backoffMs: 50,
  });
  runtime = createRuntime({
    storage,
    processes,
    registry: createActionRegistry(),
    queue,
    clock: systemClock,
    log: { warn: () => undefined, error: () => undefined },
    concurrency: 4,
    engine: { retryBaseMs: 10 },
  });
  await runtime.startWorker();
});

afterAll(async () => {
  await runtime.stop();
  await storage.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const caller = { workspaceId: WORKSPACE, userId: null };

function register(flow: FlowBuilder): string {
  const built = flow.build();
  const id = flow.id.toLowerCase();
  flows.set(id, built);
  return id;
}

async function runToEnd(processId: string, payload: unknown, seconds = 30) {
  const instance = await runtime.instances.run(caller, processId, payload);
  return runtime.instances.awaitResult(instance.id, seconds);
}

function concatenate(
  f: FlowBuilder,
  first: ReturnType<typeof ref>,
  second: ReturnType<typeof ref>,
  out: string,
  parent?: string,
): string {
  return f.node(
    CONCATENATE_IDS.Template,
    'Concatenate',
    {
      [CONCATENATE_IDS.First]: first,
      [CONCATENATE_IDS.Second]: second,
      [CONCATENATE_IDS.Result]: ref(out),
    },
    parent ? { parent } : {},
  );
}

describe('engine', () => {
  it('runs Start → Concatenate → Stop and fills the output variable', async () => {
    const f = new FlowBuilder('Greet');
    const name = f.variable('name', 'String', { orientation: 10, required: true });
    const greeting = f.variable('greeting', 'String', { orientation: 30 });
    const start = f.start();
    const concat = concatenate(f, ref(name), lit(' - processed'), greeting);
    f.chain(start, concat, f.stop());
    const { envelope } = await runToEnd(register(f), { name: 'Ada' });
    expect(envelope).toMatchObject({
      status: FlowStatus.Finished,
      variable: { greeting: 'Ada - processed' },
      error: [],
    });
    const runs = await storage.instances.listActionRuns(envelope.instanceId);
    expect(runs.map((r) => r.status)).toEqual([40, 40, 40]);
    expect(runs.find((r) => r.actionId === concat)).toMatchObject({
      attempts: 1,
      counted: true,
      outputs: { [CONCATENATE_IDS.Result]: 'Ada - processed' },
    });
  });

  it('takes the first true Decisional case, else the default, after Map Data', async () => {
    const f = new FlowBuilder('Classify');
    const amount = f.variable('amount', 'Integer', { orientation: 10 });
    const copy = f.variable('copy', 'Integer');
    const label = f.variable('label', 'String', { orientation: 30 });
    const start = f.start();
    const map = f.mapData([{ to: copy, from: ref(amount) }]);
    const big = f.mapData([{ to: label, from: lit('big') }]);
    const small = f.mapData([{ to: label, from: ref(copy, 'small <%0%>') }]);
    const decide = f.decisional(
      [{ to: big, left: ref(copy), operator: 'GREATER_THAN', right: lit('50') }],
      small,
    );
    f.chain(start, map, decide);
    f.edge(big, f.stop()).edge(small, f.stop());
    const id = register(f);
    expect((await runToEnd(id, { amount: 70 })).envelope.variable).toEqual({ label: 'big' });
    expect((await runToEnd(id, { amount: '7' })).envelope.variable).toEqual({ label: 'small 7' });
  });

  it('runs parallel branches and joins them once both arrived', async () => {
    const f = new FlowBuilder('Fan out');
    const a = f.variable('a', 'String', { orientation: 30 });
    const b = f.variable('b', 'String', { orientation: 30 });
    const both = f.variable('both', 'String', { orientation: 30 });
    const start = f.start();
    const left = f.mapData([{ to: a, from: lit('left') }]);
    const right = f.mapData([{ to: b, from: lit('right') }]);
    const join = f.join();
    const merge = concatenate(f, ref(a), ref(b), both);
    f.edge(start, left)
      .edge(start, right)
      .edge(left, join)
      .edge(right, join)
      .chain(join, merge, f.stop());
    const { envelope } = await runToEnd(register(f), {});
    expect(envelope).toMatchObject({
      status: 50,
      variable: { a: 'left', b: 'right', both: 'leftright' },
    });
    const runs = await storage.instances.listActionRuns(envelope.instanceId);
    expect(runs.filter((r) => r.actionId === join)).toHaveLength(1);
  });

  it('runs a For Each body once per item, in order, over 10,000 items', async () => {
    const f = new FlowBuilder('Sum');
    const numbers = f.variable('numbers', 'Integer', { orientation: 10, list: true });
    const item = f.variable('item', 'Integer');
    const sum = f.variable('sum', 'Integer', { orientation: 30, defaultValue: 0 });
    const start = f.start();
    const loop = f.forEach(numbers, item);
    const add = f.node(
      ADD_NUMBERS_IDS.Template,
      'Add',
      {
        [ADD_NUMBERS_IDS.First]: ref(sum),
        [ADD_NUMBERS_IDS.Second]: ref(item),
        [ADD_NUMBERS_IDS.Result]: ref(sum),
      },
      { parent: loop },
    );
    f.chain(start, loop).edge(loop, add).edge(add, loop).edge(loop, f.stop());
    const list = Array.from({ length: 10_000 }, (_, i) => i + 1);
    const { envelope } = await runToEnd(register(f), { numbers: list }, 120);
    expect(envelope).toMatchObject({ status: 50, variable: { sum: 50_005_000 } });
    const runs = await storage.instances.listActionRuns(envelope.instanceId);
    expect(runs.filter((r) => r.actionId === add)).toHaveLength(10_000);
  }, 120_000);

  it('runs For Each items concurrently when asked, each with its own item', async () => {
    const f = new FlowBuilder('Parallel items');
    const words = f.variable('words', 'String', { orientation: 10, list: true });
    const word = f.variable('word', 'String');
    const out = f.variable('out', 'String');
    const start = f.start();
    const loop = f.forEach(words, word, { concurrency: 3 });
    const upper = concatenate(f, ref(word), lit('!'), out, loop);
    f.chain(start, loop).edge(loop, upper).edge(upper, loop).edge(loop, f.stop());
    const { envelope } = await runToEnd(register(f), { words: ['a', 'b', 'c', 'd', 'e'] });
    expect(envelope.status).toBe(50);
    const runs = await storage.instances.listActionRuns(envelope.instanceId);
    const outputs = runs
      .filter((r) => r.actionId === upper)
      .map((r) => (r.outputs as Record<string, string>)[CONCATENATE_IDS.Result]);
    expect(outputs.sort()).toEqual(['a!', 'b!', 'c!', 'd!', 'e!']);
  });

  it('routes a failure along the error edge with the error value in the error variable', async () => {
    const f = new FlowBuilder('Handled');
    const error = f.variable('failure', 'Error', { orientation: 30 });
    const handled = f.variable('handled', 'String', { orientation: 30 });
    const start = f.start();
    const boom = f.throw(lit('It broke'), { errorVariable: error });
    const recover = f.mapData([{ to: handled, from: lit('yes') }]);
    f.chain(start, boom)
      .edge(boom, f.stop())
      .edge(boom, recover, { error: true })
      .edge(recover, f.stop());
    const { envelope } = await runToEnd(register(f), {});
    expect(envelope.status).toBe(50);
    expect(envelope.variable.handled).toBe('yes');
    expect(envelope.variable.failure).toMatchObject({
      message: 'It broke',
      code: 'throw',
      actionId: boom,
    });
  });

  it('ends with status 40 and the action’s error when a failure has no error edge', async () => {
    const f = new FlowBuilder('Unhandled');
    const start = f.start();
    const boom = f.throw(lit('No way'));
    f.chain(start, boom, f.stop());
    const { envelope } = await runToEnd(register(f), {});
    expect(envelope.status).toBe(40);
    expect(envelope.error).toEqual([
      { actionId: boom, actionName: expect.any(String), message: 'No way' },
    ]);
  });

  it('parks a Delay at status 60 without a worker and resumes it', async () => {
    const f = new FlowBuilder('Wait');
    const done = f.variable('done', 'String', { orientation: 30 });
    const start = f.start();
    const wait = f.delay({ value: 1, interval: 1 });
    const mark = f.mapData([{ to: done, from: lit('after') }]);
    f.chain(start, wait, mark, f.stop());
    const instance = await runtime.instances.run(caller, register(f), {});
    await new Promise((r) => setTimeout(r, 400));
    expect((await storage.instances.get(instance.id))?.status).toBe(FlowStatus.Waiting);
    const { envelope } = await runtime.instances.awaitResult(instance.id, 10);
    expect(envelope).toMatchObject({ status: 50, variable: { done: 'after' } });
  });

  it('calls a sub-process chain three deep and copies outputs back', async () => {
    const leaf = new FlowBuilder('Leaf');
    const leafIn = leaf.variable('text', 'String', { orientation: 10 });
    const leafOut = leaf.variable('result', 'String', { orientation: 30 });
    const ls = leaf.start();
    leaf.chain(ls, concatenate(leaf, ref(leafIn), lit('+leaf'), leafOut), leaf.stop());
    let childId = register(leaf);
    for (const name of ['Middle', 'Top']) {
      const f = new FlowBuilder(name);
      const input = f.variable('text', 'String', { orientation: 10 });
      const output = f.variable('result', 'String', { orientation: 30 });
      const tagged = f.variable('tagged', 'String');
      const start = f.start();
      const tag = concatenate(f, ref(input), lit(`+${name.toLowerCase()}`), tagged);
      const call = f.subprocess(
        'call',
        childId,
        [{ from: tagged, to: inputIdOf(childId) }],
        [{ from: outputIdOf(childId), to: output }],
      );
      f.chain(start, tag, call, f.stop());
      childId = register(f);
    }
    const { envelope } = await runToEnd(childId, { text: 'x' });
    expect(envelope).toMatchObject({ status: 50, variable: { result: 'x+top+middle+leaf' } });
  });

  it('stops a running instance: status 6, nothing after the stop', async () => {
    const f = new FlowBuilder('Stoppable');
    const done = f.variable('done', 'String', { orientation: 30 });
    const start = f.start();
    const wait = f.delay({ value: 30, interval: 1 });
    f.chain(start, wait, f.mapData([{ to: done, from: lit('too far') }]), f.stop());
    const instance = await runtime.instances.run(caller, register(f), {});
    await new Promise((r) => setTimeout(r, 300));
    await runtime.instances.stop(caller, instance.id);
    const stopped = await storage.instances.get(instance.id);
    expect(stopped?.status).toBe(FlowStatus.StoppedByUser);
    expect(stopped?.variables[done]).toBeNull();
  });

  it('ends with 40 "Process timeout" when the process timeout passes', async () => {
    const f = new FlowBuilder('Slow').timeout(1);
    const start = f.start();
    f.chain(start, f.delay({ value: 30, interval: 1 }), f.stop());
    const { envelope } = await runToEnd(register(f), {}, 10);
    expect(envelope.status).toBe(40);
    expect(envelope.error).toEqual([expect.objectContaining({ message: 'Process timeout' })]);
  });
});

function variableIdOf(processId: string, orientation: number): string {
  const flow = flows.get(processId)!;
  return String(
    (flow.variables as { id: string; type: number }[]).find((v) => v.type === orientation)!.id,
  );
}
const inputIdOf = (processId: string) => variableIdOf(processId, 10);
const outputIdOf = (processId: string) => variableIdOf(processId, 30);
