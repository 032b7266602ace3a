// Every control action through the real HTTP API: processes saved with POST /api/Projects and
// run with POST /api/Projects/{id}/run, variable values checked after sync and async runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import { CONCATENATE_IDS } from '../../src/actions/strings/concatenate.action.js';
import { ADD_NUMBERS_IDS } from '../../src/actions/numbers/add.action.js';
import { FlowStatus } from '../../src/engine/statuses.js';
import { FlowBuilder, lit, ref } from '../../src/testing/flow-builder.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

let server: TestServer;
let url: string;
let auth: Record<string, string>;
const flows = new Map<string, ReturnType<FlowBuilder['build']>>();

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  auth = bearer((await login(url)).access_token!);
});
afterAll(async () => server.close());

interface Envelope {
  instanceId: string;
  status: number;
  variable: Record<string, unknown>;
  error: { actionId: string | null; actionName: string | null; message: string }[];
}

async function register(flow: FlowBuilder): Promise<string> {
  const built = flow.build();
  const res = await call(url, 'POST', '/api/Projects', { headers: auth, json: built });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  flows.set(flow.id.toLowerCase(), built);
  return flow.id.toLowerCase();
}

async function runToEnd(
  processId: string,
  payload: unknown,
  seconds = 30,
): Promise<{ envelope: Envelope }> {
  const res = await call(
    url,
    'POST',
    `/api/Projects/${processId}/run?runSynchronous=true&secondsTimeOut=${seconds}`,
    { headers: auth, json: { payload } },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { envelope: res.body as Envelope };
}

async function runAsync(processId: string, payload: unknown): Promise<string> {
  const res = await call(url, 'POST', `/api/Projects/${processId}/run`, {
    headers: auth,
    json: { payload },
  });
  return (res.body as { instanceId: string }).instanceId;
}

async function statusOf(instanceId: string): Promise<Envelope> {
  return (await call(url, 'GET', `/api/Projects/instances/${instanceId}/status`, { headers: auth }))
    .body as Envelope;
}

async function waitFor(instanceId: string, seconds = 10): Promise<Envelope> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const status = await statusOf(instanceId);
    if ([6, 40, 50].includes(status.status) || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface RunRow {
  action_id: string;
  status: number;
  attempts: number;
  counted: number;
  outputs: string | null;
}

/** The action records of an instance, read straight from the database file. */
function actionRuns(instanceId: string): RunRow[] {
  const db = new Database(path.join(server.dataDir, 'sluice.db'), { readonly: true });
  try {
    return db
      .prepare('select * from action_runs where instance_id = ? order by started_on, iteration')
      .all(instanceId) as RunRow[];
  } finally {
    db.close();
  }
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
    const { envelope } = await runToEnd(await register(f), { name: 'Ada' });
    expect(envelope).toMatchObject({
      status: FlowStatus.Finished,
      variable: { greeting: 'Ada - processed' },
      error: [],
    });
    const runs = actionRuns(envelope.instanceId);
    expect(runs.map((r) => r.status)).toEqual([40, 40, 40]);
    const concatRun = runs.find((r) => r.action_id === concat)!;
    expect(concatRun).toMatchObject({ attempts: 1, counted: 1 });
    expect(JSON.parse(concatRun.outputs!)).toEqual({ [CONCATENATE_IDS.Result]: 'Ada - processed' });
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
    const id = await register(f);
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
    const { envelope } = await runToEnd(await register(f), {});
    expect(envelope).toMatchObject({
      status: 50,
      variable: { a: 'left', b: 'right', both: 'leftright' },
    });
    expect(actionRuns(envelope.instanceId).filter((r) => r.action_id === join)).toHaveLength(1);
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
    const { envelope } = await runToEnd(await register(f), { numbers: list }, 120);
    expect(envelope).toMatchObject({ status: 50, variable: { sum: 50_005_000 } });
    expect(actionRuns(envelope.instanceId).filter((r) => r.action_id === add)).toHaveLength(10_000);
  }, 120_000);

  it('counts a For Each once in the actions consumed, beside each run of its body', async () => {
    const f = new FlowBuilder('Counted loop');
    const numbers = f.variable('numbers', 'Integer', { orientation: 10, list: true });
    const item = f.variable('item', 'Integer');
    const sum = f.variable('sum', 'Integer', { orientation: 30, defaultValue: 0 });
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
    f.chain(f.start(), loop).edge(loop, add).edge(add, loop).edge(loop, f.stop());
    const { envelope } = await runToEnd(await register(f), { numbers: [1, 2, 3] });
    expect(envelope).toMatchObject({ status: 50, variable: { sum: 6 } });
    const status = (await statusOf(envelope.instanceId)) as unknown as {
      instance: { actionsConsumed: number };
    };
    // The loop once and its body three times; Start and Stop are not counted.
    expect(status.instance.actionsConsumed).toBe(4);
  });

  it('runs For Each items concurrently when asked, each with its own item', async () => {
    const f = new FlowBuilder('Parallel items');
    const words = f.variable('words', 'String', { orientation: 10, list: true });
    const word = f.variable('word', 'String');
    const out = f.variable('out', 'String');
    const start = f.start();
    const loop = f.forEach(words, word, { concurrency: 3 });
    const upper = concatenate(f, ref(word), lit('!'), out, loop);
    f.chain(start, loop).edge(loop, upper).edge(upper, loop).edge(loop, f.stop());
    const { envelope } = await runToEnd(await register(f), { words: ['a', 'b', 'c', 'd', 'e'] });
    expect(envelope.status).toBe(50);
    const outputs = actionRuns(envelope.instanceId)
      .filter((r) => r.action_id === upper)
      .map((r) => (JSON.parse(r.outputs!) as Record<string, string>)[CONCATENATE_IDS.Result]);
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
    const { envelope } = await runToEnd(await register(f), {});
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
    const { envelope } = await runToEnd(await register(f), {});
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
    const instanceId = await runAsync(await register(f), {});
    await new Promise((r) => setTimeout(r, 400));
    expect((await statusOf(instanceId)).status).toBe(FlowStatus.Waiting);
    expect(await waitFor(instanceId)).toMatchObject({ status: 50, variable: { done: 'after' } });
  });

  it('calls a sub-process chain three deep and copies outputs back', async () => {
    const leaf = new FlowBuilder('Leaf');
    const leafIn = leaf.variable('text', 'String', { orientation: 10 });
    const leafOut = leaf.variable('result', 'String', { orientation: 30 });
    const ls = leaf.start();
    leaf.chain(ls, concatenate(leaf, ref(leafIn), lit('+leaf'), leafOut), leaf.stop());
    let childId = await register(leaf);
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
      childId = await register(f);
    }
    const { envelope } = await runToEnd(childId, { text: 'x' });
    expect(envelope).toMatchObject({ status: 50, variable: { result: 'x+top+middle+leaf' } });
  });

  it('fires a Join when the inputs it still waits for can no longer arrive (a Decisional chose one branch)', async () => {
    const f = new FlowBuilder('Either way');
    const flag = f.variable('flag', 'Boolean', { orientation: 10 });
    const chosen = f.variable('path', 'String', { orientation: 30 });
    const start = f.start();
    const yes = f.mapData([{ to: chosen, from: lit('yes') }]);
    const no = f.mapData([{ to: chosen, from: lit('no') }]);
    const decide = f.decisional([{ to: yes, left: ref(flag), operator: 'IS_TRUE' }], no);
    const join = f.join();
    f.chain(start, decide).edge(yes, join).edge(no, join).chain(join, f.stop());
    const id = await register(f);
    expect((await runToEnd(id, { flag: true })).envelope).toMatchObject({
      status: 50,
      variable: { path: 'yes' },
    });
    expect((await runToEnd(id, { flag: 'false' })).envelope).toMatchObject({
      status: 50,
      variable: { path: 'no' },
    });
  });

  it('triggers a sub-process without waiting and hands back its instance id', async () => {
    const child = new FlowBuilder('Child');
    const childIn = child.variable('text', 'String', { orientation: 10 });
    const childOut = child.variable('result', 'String', { orientation: 30 });
    child.chain(child.start(), concatenate(child, ref(childIn), lit('!'), childOut), child.stop());
    const childId = await register(child);
    const f = new FlowBuilder('Trigger');
    const input = f.variable('text', 'String', { orientation: 10 });
    const started = f.variable('started', 'Guid', { orientation: 30 });
    const start = f.start();
    const trigger = f.subprocess('trigger', childId, [{ from: input, to: childIn }]);
    f.chain(start, trigger, f.stop());
    const built = f.build() as unknown as {
      actions: {
        id: string;
        parameters: { tabPropertyId: string; value: unknown; variable: unknown[] }[];
      }[];
    };
    built.actions
      .find((a) => a.id === trigger)!
      .parameters.push({
        tabPropertyId: 'bf97e355-8e64-154b-bf3c-4f7d3be111e9',
        value: '<%0%>',
        variable: [{ id: 0, variableId: started, attribute: null }],
      });
    const saved = await call(url, 'POST', '/api/Projects', { headers: auth, json: built });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const { envelope } = await runToEnd(f.id, { text: 'hi' });
    expect(envelope.status).toBe(50);
    const childInstance = envelope.variable.started as string;
    expect(childInstance).toMatch(/^[0-9a-f-]{36}$/);
    expect(await waitFor(childInstance)).toMatchObject({ status: 50, variable: { result: 'hi!' } });
  });

  it('stops a For Each whose Action timeout is used up before its next item', async () => {
    const f = new FlowBuilder('Slow loop');
    const items = f.variable('items', 'Integer', { orientation: 10, list: true });
    const item = f.variable('item', 'Integer');
    const start = f.start();
    const loop = f.forEach(items, item, { timeout: 1 });
    const wait = f.delay({ value: 1, interval: 1 }, 1, { parent: loop });
    f.chain(start, loop).edge(loop, wait).edge(wait, loop).edge(loop, f.stop());
    const { envelope } = await runToEnd(await register(f), { items: [1, 2, 3, 4, 5] });
    expect(envelope.status).toBe(40);
    expect(envelope.error).toEqual([
      expect.objectContaining({ actionId: loop, message: 'Foreach timeout exceeded!' }),
    ]);
  });

  it('stops a running instance: status 6, nothing after the stop', async () => {
    const f = new FlowBuilder('Stoppable');
    const done = f.variable('done', 'String', { orientation: 30 });
    const start = f.start();
    const wait = f.delay({ value: 30, interval: 1 });
    f.chain(start, wait, f.mapData([{ to: done, from: lit('too far') }]), f.stop());
    const instanceId = await runAsync(await register(f), {});
    await new Promise((r) => setTimeout(r, 300));
    const stop = await call(url, 'POST', `/api/Projects/instances/${instanceId}/stop`, {
      headers: auth,
    });
    expect(stop.body).toBe('Stop process instance is complete.');
    const stopped = await statusOf(instanceId);
    expect(stopped.status).toBe(FlowStatus.StoppedByUser);
    expect(stopped.variable).toEqual({ done: null });
    expect(done).toBeTruthy();
  });

  it('ends with 40 "Process timeout" when the process timeout passes', async () => {
    const f = new FlowBuilder('Slow').timeout(1);
    const start = f.start();
    f.chain(start, f.delay({ value: 30, interval: 1 }), f.stop());
    const { envelope } = await runToEnd(await register(f), {}, 10);
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
