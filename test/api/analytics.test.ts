// Usage analytics through the real HTTP API (API.md §11): every figure is checked against what the
// instances the test ran report about themselves (their lists, status and per-instance details),
// within a shared workspace two users run processes in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JAVASCRIPT_IDS } from '../../src/actions/code/javascript.action.js';
import { CONCATENATE_IDS } from '../../src/actions/strings/concatenate.action.js';
import { closeSandbox } from '../../src/sandbox/index.js';
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
let bob: Record<string, string>;
let carol: Record<string, string>;
let greeter: { id: string; concatId: string; scriptId: string };
let failer: { id: string; throwId: string };
let firstRunAt: Date;
let lastRunAt: Date;

interface InstanceRow {
  id: string;
  status: number;
  createdOn: string;
  timeConsumed: number;
  totalTimeConsumed: number | null;
  actionsConsumed: number;
}

async function save(headers: Record<string, string>, flow: FlowBuilder): Promise<void> {
  const res = await call(url, 'POST', '/api/Projects', { headers, json: flow.build() });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function runSync(headers: Record<string, string>, processId: string, payload = {}) {
  const res = await call(url, 'POST', `/api/Projects/${processId}/run?runSynchronous=true`, {
    headers,
    json: { payload },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { instanceId: string; status: number };
}

/** The runs of a process as its instance list reports them (published-only ones left out). */
async function runsOf(processId: string): Promise<InstanceRow[]> {
  const res = await call(url, 'GET', `/api/Projects/${processId}/instances`, { headers: bob });
  return (res.body as { pageItems: InstanceRow[] }).pageItems.filter((i) => i.status !== 1);
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1]!;
}

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  const team = await server.app.identity.addUser({
    username: 'bob',
    password: 'bob-password',
    firstName: 'Bob',
    lastName: 'Builder',
    workspace: 'Analytics',
    role: 'editor',
  });
  await server.app.identity.addUser({
    username: 'carol',
    password: 'carol-password',
    workspace: 'Analytics',
    role: 'editor',
  });
  const workspaceId = team.shared!.id;
  bob = { ...bearer((await login(url, 'bob', 'bob-password')).access_token!), workspaceId };
  carol = { ...bearer((await login(url, 'carol', 'carol-password')).access_token!), workspaceId };

  const g = new FlowBuilder('Greeter');
  const name = g.variable('name', 'String', { orientation: 10 });
  const greeting = g.variable('greeting', 'String', { orientation: 30 });
  const scriptOut = g.variable('scriptOut', 'Json', { orientation: 30 });
  const concatId = g.node(CONCATENATE_IDS.Template, 'Concatenate', {
    [CONCATENATE_IDS.First]: ref(name),
    [CONCATENATE_IDS.Second]: lit('!'),
    [CONCATENATE_IDS.Result]: ref(greeting),
  });
  // A script that takes a while, so times and durations are well above zero and differ.
  const scriptId = g.node(JAVASCRIPT_IDS.Template, 'Script', {
    [JAVASCRIPT_IDS.Code]: {
      value: "const until = Date.now() + 15 + '<%0%>'.length * 3; while (Date.now() < until) {}",
      vars: [greeting],
    },
    [JAVASCRIPT_IDS.Output]: ref(scriptOut),
  });
  g.chain(g.start(), concatId, scriptId, g.stop());
  await save(bob, g);
  greeter = { id: g.id, concatId, scriptId };

  const f = new FlowBuilder('Failer');
  const throwId = f.throw(lit('boom'));
  f.chain(f.start(), throwId, f.stop());
  await save(bob, f);
  failer = { id: f.id, throwId };

  firstRunAt = new Date();
  for (let i = 0; i < 3; i++)
    expect((await runSync(bob, greeter.id, { name: `b${i}` })).status).toBe(50);
  for (let i = 0; i < 2; i++)
    expect((await runSync(carol, greeter.id, { name: `c${i}` })).status).toBe(50);
  for (let i = 0; i < 2; i++) expect((await runSync(bob, failer.id)).status).toBe(40);
  // Published and never launched: not a run.
  const published = await call(url, 'POST', `/api/Projects/${greeter.id}/instances/publish`, {
    headers: carol,
    json: { payload: { name: 'never' } },
  });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  lastRunAt = new Date();
});
afterAll(async () => {
  await server.close();
  closeSandbox();
});

interface ProcessRow {
  processId: string;
  processName: string;
  totalRuns: number;
  successfulRuns: number;
  failedRuns: number;
  stoppedRuns: number;
  runningRuns: number;
  actionsConsumed: number;
  totalTime: number;
  meanDuration: number | null;
  p95Duration: number | null;
  lastRunOn: string | null;
}

interface ActionRow {
  instanceId?: string;
  actionId: string;
  actionName: string | null;
  templateId?: string | null;
  totalRuns: number;
  failedRuns?: number;
  totalTime: number;
  actionExecutionTime: number;
}

describe('per process', () => {
  it('counts runs, outcomes, action time, actions consumed and durations as the instances report them', async () => {
    const res = await call(url, 'GET', '/api/Resources/analytics/processes', { headers: bob });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = res.body as { totalItemCount: number; pageItems: ProcessRow[] };
    expect(page.totalItemCount).toBe(2);
    expect(page.pageItems.map((r) => r.processName)).toEqual(['Failer', 'Greeter']);
    for (const [process, row] of [
      [failer.id, page.pageItems[0]!],
      [greeter.id, page.pageItems[1]!],
    ] as const) {
      const runs = await runsOf(process);
      const durations = runs.map((r) => r.totalTimeConsumed!);
      expect(row).toEqual({
        processId: process,
        processName: row.processName,
        totalRuns: runs.length,
        successfulRuns: runs.filter((r) => r.status === 50).length,
        failedRuns: runs.filter((r) => r.status === 40).length,
        stoppedRuns: 0,
        runningRuns: 0,
        actionsConsumed: sum(runs.map((r) => r.actionsConsumed)),
        totalTime: sum(runs.map((r) => r.timeConsumed)),
        meanDuration: round2(sum(durations) / durations.length),
        p95Duration: p95(durations),
        lastRunOn: runs
          .map((r) => r.createdOn)
          .sort()
          .at(-1),
      });
    }
    expect(page.pageItems[1]).toMatchObject({
      totalRuns: 5,
      successfulRuns: 5,
      actionsConsumed: 10,
    });
    expect(page.pageItems[1]!.totalTime).toBeGreaterThanOrEqual(5 * 15);
    expect(page.pageItems[1]!.p95Duration).toBeGreaterThanOrEqual(15);
    expect(page.pageItems[0]).toMatchObject({ totalRuns: 2, failedRuns: 2, actionsConsumed: 2 });
  });

  it('pages and searches by process name', async () => {
    const res = await call(
      url,
      'GET',
      '/api/Resources/analytics/processes?pageNumber=2&pageItemCount=1',
      { headers: bob },
    );
    expect(res.body).toMatchObject({
      totalItemCount: 2,
      pageNumber: 2,
      pageItemCount: 1,
      pageItems: [{ processName: 'Greeter' }],
    });
    const search = await call(url, 'GET', '/api/Resources/analytics/processes?searchName=fail', {
      headers: bob,
    });
    expect((search.body as { pageItems: ProcessRow[] }).pageItems.map((r) => r.processId)).toEqual([
      failer.id,
    ]);
  });

  it('gives per-action figures that add up to the per-instance details, Start and Stop left out', async () => {
    const res = await call(url, 'GET', `/api/Resources/analytics/processes/${greeter.id}/details`, {
      headers: bob,
    });
    expect(res.status).toBe(200);
    const rows = res.body as ActionRow[];
    const details: ActionRow[] = [];
    for (const run of await runsOf(greeter.id)) {
      const one = await call(url, 'GET', `/api/Resources/analytics/instances/${run.id}/details`, {
        headers: carol,
      });
      const items = one.body as ActionRow[];
      expect(items.map((i) => [i.actionId, i.actionName, i.totalRuns])).toEqual([
        [greeter.concatId, 'Concatenate', 1],
        [greeter.scriptId, 'Script', 1],
      ]);
      for (const item of items) {
        expect(item.instanceId).toBe(run.id);
        expect(item.actionExecutionTime).toBe(item.totalTime);
      }
      // The instance's own counter of action time is the sum of its actions' times.
      expect(sum(items.map((i) => i.totalTime))).toBe(run.timeConsumed);
      expect(items[1]!.totalTime).toBeGreaterThanOrEqual(15);
      details.push(...items);
    }
    const timeOf = (actionId: string) =>
      sum(details.filter((d) => d.actionId === actionId).map((d) => d.totalTime));
    expect(rows).toEqual([
      {
        processId: greeter.id,
        actionId: greeter.concatId,
        actionName: 'Concatenate',
        templateId: CONCATENATE_IDS.Template,
        totalRuns: 5,
        failedRuns: 0,
        totalTime: timeOf(greeter.concatId),
        actionExecutionTime: round2(timeOf(greeter.concatId) / 5),
      },
      {
        processId: greeter.id,
        actionId: greeter.scriptId,
        actionName: 'Script',
        templateId: JAVASCRIPT_IDS.Template,
        totalRuns: 5,
        failedRuns: 0,
        totalTime: timeOf(greeter.scriptId),
        actionExecutionTime: round2(timeOf(greeter.scriptId) / 5),
      },
    ]);

    const failed = await call(
      url,
      'GET',
      `/api/Resources/analytics/processes/${failer.id}/details`,
      {
        headers: bob,
      },
    );
    expect(failed.body).toMatchObject([
      { actionId: failer.throwId, actionName: 'Throw 1', totalRuns: 2, failedRuns: 2 },
    ]);
  });

  it('answers 404 for a process or an instance outside the workspace', async () => {
    const admin = bearer((await login(url)).access_token!);
    const run = (await runsOf(greeter.id))[0]!;
    const foreign = await call(url, 'GET', `/api/Resources/analytics/instances/${run.id}/details`, {
      headers: admin,
    });
    expect(foreign.status).toBe(404);
    const unknown = await call(
      url,
      'GET',
      `/api/Resources/analytics/processes/${crypto.randomUUID()}/details`,
      { headers: bob },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([
      { statusCode: 450, value: 'Database requested information not found.', target: 'flow' },
    ]);
  });
});

describe('per user and usage', () => {
  it('counts each run for the user who started it', async () => {
    const res = await call(url, 'GET', '/api/Resources/analytics/users', { headers: carol });
    const rows = (res.body as { pageItems: Record<string, unknown>[] }).pageItems;
    const all = [...(await runsOf(greeter.id)), ...(await runsOf(failer.id))];
    const bobRuns = [
      ...(await runsOf(failer.id)),
      ...(await runsOf(greeter.id)).slice(2), // newest first: carol ran the last two
    ];
    expect(rows).toEqual([
      {
        userId: expect.any(String),
        userName: 'bob',
        firstName: 'Bob',
        lastName: 'Builder',
        totalRuns: 5,
        successfulRuns: 3,
        failedRuns: 2,
        actionsConsumed: 8,
        totalTime: sum(bobRuns.map((r) => r.timeConsumed)),
      },
      {
        userId: expect.any(String),
        userName: 'carol',
        firstName: null,
        lastName: null,
        totalRuns: 2,
        successfulRuns: 2,
        failedRuns: 0,
        actionsConsumed: 4,
        totalTime: sum(all.map((r) => r.timeConsumed)) - sum(bobRuns.map((r) => r.timeConsumed)),
      },
    ]);
  });

  it('reports the action time of the workspace and the mean time per action execution', async () => {
    const res = await call(url, 'GET', '/api/Resources/used', { headers: bob });
    expect(res.status).toBe(200);
    const all = [...(await runsOf(greeter.id)), ...(await runsOf(failer.id))];
    const consumed = sum(all.map((r) => r.timeConsumed));
    const details: ActionRow[] = [];
    for (const id of [greeter.id, failer.id])
      details.push(
        ...((
          await call(url, 'GET', `/api/Resources/analytics/processes/${id}/details`, {
            headers: bob,
          })
        ).body as ActionRow[]),
      );
    const mean = round2(
      sum(details.map((d) => d.totalTime)) / sum(details.map((d) => d.totalRuns)),
    );
    expect(res.body).toEqual({
      subscriptionType: 'SelfHosted',
      price: 0,
      time: {
        consumed,
        // Bob's personal workspace ran nothing.
        masterConsumed: consumed,
        canExceedPaidTime: true,
        limit: { soft: null, hard: null },
        notifyThreshold: null,
      },
      average: { platform: { total: mean, internal: mean, external: 0 }, custom: 0 },
      expirationDate: null,
      autoRenewable: false,
    });
  });
});

describe('date ranges', () => {
  it('selects runs by creation time, a date-only end covering its whole day', async () => {
    const after = new Date(lastRunAt.getTime() + 1000).toISOString();
    const before = new Date(firstRunAt.getTime() - 1000).toISOString();
    const query = async (q: string) => {
      const res = await call(url, 'GET', `/api/Resources/analytics/processes?${q}`, {
        headers: bob,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body as { pageItems: ProcessRow[] }).pageItems.reduce(
        (n, r) => n + r.totalRuns,
        0,
      );
    };
    expect(await query(`startDate=${after}`)).toBe(0);
    expect(await query(`endDate=${before}`)).toBe(0);
    expect(await query(`startDate=${before}&endDate=${after}`)).toBe(7);
    const today = lastRunAt.toISOString().slice(0, 10);
    expect(await query(`StartDate=${before}&ENDDATE=${today}`)).toBe(7);
    // No offset: read as UTC.
    expect(await query(`startDate=${after.replace('Z', '')}`)).toBe(0);

    const users = await call(url, 'GET', `/api/Resources/analytics/users?startDate=${after}`, {
      headers: bob,
    });
    expect((users.body as { totalItemCount: number }).totalItemCount).toBe(0);
    const usage = await call(url, 'GET', `/api/Resources/used?endDate=${before}`, { headers: bob });
    expect((usage.body as { time: { consumed: number } }).time.consumed).toBe(0);
    const details = await call(
      url,
      'GET',
      `/api/Resources/analytics/processes/${greeter.id}/details?startDate=${after}`,
      { headers: bob },
    );
    expect(details.body).toEqual([]);
  });

  it('answers a malformed or reversed range with 400', async () => {
    const bad = await call(url, 'GET', '/api/Resources/used?startDate=yesterday', { headers: bob });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual([
      {
        statusCode: 502,
        value: 'startDate must be an ISO-8601 date or date-time.',
        target: 'startDate',
      },
    ]);
    const reversed = await call(
      url,
      'GET',
      '/api/Resources/analytics/users?startDate=2026-02-01&endDate=2026-01-01',
      { headers: bob },
    );
    expect(reversed.status).toBe(400);
    expect((reversed.body as { target: string }[])[0]!.target).toBe('startDate');
  });
});
