// Running processes through the real HTTP API (API.md §4): run sync and async, publish + launch,
// status, output, stop, instance lists, and every bad input as a PROCESIO 4xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONCATENATE_IDS } from '../../src/actions/strings/concatenate.action.js';
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
let keyAuth: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  auth = bearer((await login(url)).access_token!);
  const key = (await call(url, 'POST', '/api/ApiKey', { headers: auth })).body as {
    name: string;
    value: string;
  };
  keyAuth = { key: key.name, value: key.value };
});
afterAll(async () => server.close());

function greetFlow(title = 'Greet'): FlowBuilder {
  const f = new FlowBuilder(title);
  const name = f.variable('name', 'String', { orientation: 10, required: true });
  const greeting = f.variable('greeting', 'String', { orientation: 30 });
  const start = f.start();
  const concat = f.node(CONCATENATE_IDS.Template, 'Concatenate', {
    [CONCATENATE_IDS.First]: ref(name),
    [CONCATENATE_IDS.Second]: lit(' - processed'),
    [CONCATENATE_IDS.Result]: ref(greeting),
  });
  f.chain(start, concat, f.stop());
  return f;
}

async function save(flow: FlowBuilder): Promise<string> {
  const res = await call(url, 'POST', '/api/Projects', { headers: auth, json: flow.build() });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return flow.id;
}

async function statusOf(instanceId: string, headers = auth) {
  return (await call(url, 'GET', `/api/Projects/instances/${instanceId}/status`, { headers }))
    .body as {
    status: number;
    variable: Record<string, unknown>;
    instance: Record<string, unknown>;
  };
}

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 10_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - started > ms) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('run', () => {
  for (const [who, headers] of [
    ['a Bearer user', () => auth],
    ['an API key', () => keyAuth],
  ] as const) {
    it(`answers the result envelope of a synchronous run for ${who}`, async () => {
      const id = await save(greetFlow());
      const res = await call(
        url,
        'POST',
        `/api/Projects/${id}/run?runSynchronous=True&secondsTimeOut=30`,
        { headers: headers(), json: { payload: { name: 'Ada' }, connectionId: null } },
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        instanceId: expect.any(String),
        status: 50,
        variable: { greeting: 'Ada - processed' },
        error: [],
      });
    });
  }

  it('answers {instanceId} at once for an asynchronous run, which then finishes', async () => {
    const id = await save(greetFlow());
    const res = await call(url, 'POST', `/api/projects/${id.toUpperCase()}/run`, {
      headers: auth,
      json: { Payload: { NAME: 'Grace' }, ConnectionId: '' },
    });
    expect(res.status).toBe(200);
    const { instanceId } = res.body as { instanceId: string };
    const status = await until(
      () => statusOf(instanceId),
      (s) => s.status === 50,
    );
    expect(status).toMatchObject({
      instanceId,
      status: 50,
      variable: { greeting: 'Grace - processed' },
      error: [],
    });
    expect(status.instance).toMatchObject({
      id: instanceId,
      parentId: id,
      status: 50,
      title: 'Greet',
    });
    const actions = status.instance.actions as {
      status: number;
      startedOn: string;
      finishedOn: string;
      attempts: number;
    }[];
    expect(actions.every((a) => a.status === 40)).toBe(true);
    // Sluice additions: each action's timing and attempts, within the instance's lifetime.
    const created = Date.parse(status.instance.createdOn as string);
    for (const action of actions) {
      expect(action.attempts).toBe(1);
      expect(Date.parse(action.startedOn)).toBeGreaterThanOrEqual(created);
      expect(Date.parse(action.finishedOn)).toBeGreaterThanOrEqual(Date.parse(action.startedOn));
    }
    const output = await call(url, 'GET', `/api/Projects/instances/${instanceId}/output`, {
      headers: auth,
    });
    expect(output.body).toEqual({
      instance: { instanceId, status: 50, variable: { greeting: 'Grace - processed' }, error: [] },
    });
  });

  it('accepts the [{id, value}] payload and an empty payload list', async () => {
    const flow = greetFlow();
    const id = await save(flow);
    const nameVar = (flow.build().variables as { id: string; name: string }[]).find(
      (v) => v.name === 'name',
    )!.id;
    const res = await call(url, 'POST', `/api/Projects/${id}/run?runSynchronous=true`, {
      headers: auth,
      json: { payload: [{ id: nameVar, value: 'Lin' }] },
    });
    expect((res.body as { variable: unknown }).variable).toEqual({ greeting: 'Lin - processed' });
  });

  it('answers the rendered custom response of a synchronous run that finished with 50', async () => {
    const flow = greetFlow('Custom');
    const built = flow.build() as unknown as Record<string, unknown> & {
      variables: { id: string; name: string }[];
    };
    const greeting = built.variables.find((v) => v.name === 'greeting')!.id;
    built.customResponse = {
      variable: [{ id: 0, variableId: greeting, attribute: null }],
      value: '{"hello": "<%0%>", "ok": true}',
    };
    expect((await call(url, 'POST', '/api/Projects', { headers: auth, json: built })).status).toBe(
      200,
    );
    const res = await call(url, 'POST', `/api/Projects/${flow.id}/run?runSynchronous=true`, {
      headers: auth,
      json: { payload: { name: 'Ada' } },
    });
    expect(res.body).toEqual({ hello: 'Ada - processed', ok: true });
    const async = await call(url, 'POST', `/api/Projects/${flow.id}/run`, {
      headers: auth,
      json: { payload: { name: 'Ada' } },
    });
    expect(async.body).toEqual({ instanceId: expect.any(String) });
  });

  it('refuses bad input with PROCESIO errors and leaves no instance behind', async () => {
    const id = await save(greetFlow());
    const unknown = await call(url, 'POST', `/api/Projects/${crypto.randomUUID()}/run`, {
      headers: auth,
      json: { payload: {} },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([{ statusCode: 450, value: expect.any(String), target: 'flow' }]);
    const missing = await call(url, 'POST', `/api/Projects/${id}/run`, {
      headers: auth,
      json: { payload: {} },
    });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual([
      { statusCode: 502, value: expect.stringContaining('required'), target: 'name' },
    ]);
    const wrongType = await call(url, 'POST', `/api/Projects/${id}/run`, {
      headers: auth,
      json: { payload: { name: { not: 'text' } } },
    });
    expect(wrongType.status).toBe(400);
    expect((wrongType.body as { target: string }[])[0]!.target).toBe('name');
    const list = await call(url, 'GET', `/api/Projects/${id}/instances`, { headers: auth });
    expect(list.body).toMatchObject({ totalItemCount: 0, pageItems: [] });
  });

  it('refuses an inactive process and an invalid one', async () => {
    const id = await save(greetFlow());
    await call(url, 'PATCH', `/api/Projects/${id}/toggle-activation`, {
      headers: { ...auth, state: 'false' },
    });
    const inactive = await call(url, 'POST', `/api/Projects/${id}/run`, {
      headers: auth,
      json: { payload: { name: 'x' } },
    });
    expect(inactive.status).toBe(400);
    expect(inactive.body).toEqual([
      { statusCode: 502, value: 'Process is inactive.', target: 'active' },
    ]);
    const broken = new FlowBuilder('Broken');
    broken.start();
    const brokenId = await save(broken);
    const invalid = await call(url, 'POST', `/api/Projects/${brokenId}/run`, {
      headers: auth,
      json: {},
    });
    expect(invalid.status).toBe(400);
    expect((invalid.body as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('publish, launch, status, stop', () => {
  it('publishes an instance with status 1 in the flat-plus-flows envelope, then launches it', async () => {
    const id = await save(greetFlow());
    const published = await call(url, 'POST', `/api/Projects/${id}/instances/publish`, {
      headers: auth,
      json: { name: 'Pub' },
    });
    expect(published.status).toBe(200);
    const doc = published.body as {
      id: string;
      status: number;
      isValid: boolean;
      flows: { id: string; variables: { name: string; defaultValue: unknown }[] };
    };
    expect(doc).toMatchObject({ status: 1, isValid: true, parentId: id });
    expect(doc.flows.id).toBe(doc.id);
    expect(doc.flows.variables.find((v) => v.name === 'name')?.defaultValue).toBe('Pub');
    const launched = await call(
      url,
      'POST',
      `/api/Projects/instances/${doc.id}/launch?runSynchronous=true`,
      { headers: auth, json: { connectionId: '' } },
    );
    expect(launched.body).toMatchObject({
      instanceId: doc.id,
      status: 50,
      variable: { greeting: 'Pub - processed' },
    });
    const again = await call(url, 'POST', `/api/Projects/instances/${doc.id}/launch`, {
      headers: auth,
    });
    expect(again.status).toBe(400);
    expect(again.body).toBe('Launch failed!');
  });

  it('answers GET publish and GET launch too, with flowTemplateId optional', async () => {
    const id = await save(greetFlow());
    const published = await call(url, 'GET', `/api/Projects/${id}/instances/publish`, {
      headers: { ...auth, 'content-type': 'application/json' },
      body: undefined,
    });
    expect(published.status).toBe(400);
    const withInput = await call(url, 'POST', `/api/Projects/${id}/instances/publish`, {
      headers: auth,
      json: { name: 'Get' },
    });
    const instanceId = (withInput.body as { id: string }).id;
    const launched = await call(
      url,
      'GET',
      `/api/Projects/instances/${instanceId}/launch?flowTemplateId=${id}`,
      { headers: auth },
    );
    expect(launched.body).toEqual({ instanceId });
    const status = await until(
      () => statusOf(instanceId),
      (s) => s.status === 50,
    );
    expect(status.variable).toEqual({ greeting: 'Get - processed' });
  });

  it('refuses a flowTemplateId that is not the instance’s process', async () => {
    const id = await save(greetFlow());
    const run = (
      await call(url, 'POST', `/api/Projects/${id}/run?runSynchronous=true`, {
        headers: auth,
        json: { payload: { name: 'x' } },
      })
    ).body as { instanceId: string };
    const res = await call(
      url,
      'GET',
      `/api/Projects/instances/${run.instanceId}/status?flowTemplateId=${crypto.randomUUID()}`,
      { headers: auth },
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ statusCode: 502, value: expect.any(String), target: 'flow' }]);
  });

  it('stops a waiting instance: status 6, and a second stop fails', async () => {
    const f = new FlowBuilder('Long');
    const start = f.start();
    f.chain(start, f.delay({ value: 60, interval: 1 }), f.stop());
    const id = await save(f);
    const { instanceId } = (
      await call(url, 'POST', `/api/Projects/${id}/run`, { headers: auth, json: {} })
    ).body as { instanceId: string };
    await until(
      () => statusOf(instanceId),
      (s) => s.status === 60,
    );
    const stopped = await call(url, 'POST', `/api/Projects/instances/${instanceId}/stop`, {
      headers: auth,
    });
    expect(stopped.body).toBe('Stop process instance is complete.');
    const ended = await statusOf(instanceId);
    expect(ended.status).toBe(6);
    // The Delay it waited on ends with it, as stopped, instead of staying open.
    const actions = ended.instance.actions as {
      actionName: string;
      status: number;
      errorMessage: string | null;
    }[];
    expect(actions.find((a) => a.actionName.startsWith('Delay'))).toMatchObject({
      status: 90,
      errorMessage: 'Stopped',
    });
    expect(actions.every((a) => a.status !== 10)).toBe(true);
    const again = await call(url, 'POST', `/api/Projects/instances/${instanceId}/stop`, {
      headers: auth,
    });
    expect(again.status).toBe(400);
    expect(again.body).toBe('Stopping process failed.');
  });

  it('stops the unfinished instances of a deleted process and keeps the finished ones readable', async () => {
    const f = new FlowBuilder('Doomed');
    const start = f.start();
    f.chain(start, f.delay({ value: 60, interval: 1 }), f.stop());
    const id = await save(f);
    const finished = await save(greetFlow('Kept'));
    const done = (
      await call(url, 'POST', `/api/Projects/${finished}/run?runSynchronous=true`, {
        headers: auth,
        json: { payload: { name: 'x' } },
      })
    ).body as { instanceId: string };
    const { instanceId } = (
      await call(url, 'POST', `/api/Projects/${id}/run`, { headers: auth, json: {} })
    ).body as { instanceId: string };
    const published = (
      await call(url, 'POST', `/api/Projects/${id}/instances/publish`, { headers: auth, json: {} })
    ).body as { id: string };
    await until(
      () => statusOf(instanceId),
      (s) => s.status === 60,
    );
    expect((await call(url, 'DELETE', `/api/Projects/${id}`, { headers: auth })).status).toBe(200);
    expect(
      (
        await until(
          () => statusOf(instanceId),
          (s) => s.status === 6,
        )
      ).status,
    ).toBe(6);
    expect((await statusOf(published.id)).status).toBe(6);
    expect((await statusOf(done.instanceId)).status).toBe(50);
  });

  it('lists a process’s instances newest first, with a status filter and a count', async () => {
    const id = await save(greetFlow());
    for (const name of ['one', 'two', 'three'])
      await call(url, 'POST', `/api/Projects/${id}/run?runSynchronous=true`, {
        headers: auth,
        json: { payload: { name } },
      });
    const page = (
      await call(
        url,
        'GET',
        `/api/Projects/${id}/instances?pageNumber=1&pageItemCount=2&filterStatus=50`,
        { headers: auth },
      )
    ).body as { totalItemCount: number; pageItems: { status: number; createdOn: string }[] };
    expect(page.totalItemCount).toBe(3);
    expect(page.pageItems).toHaveLength(2);
    expect(page.pageItems[0]!.createdOn >= page.pageItems[1]!.createdOn).toBe(true);
    expect(
      (
        await call(url, 'GET', `/api/Projects/${id}/instances/count?filterStatus=40`, {
          headers: auth,
        })
      ).body,
    ).toBe(0);
    expect(
      (await call(url, 'GET', `/api/Projects/${id}/instances/count`, { headers: auth })).body,
    ).toBe(3);
  });

  it('answers the history of a process by time span, and refuses a bad month', async () => {
    const id = await save(greetFlow());
    await call(url, 'POST', `/api/Projects/${id}/run?runSynchronous=true`, {
      headers: auth,
      json: { payload: { name: 'h' } },
    });
    const recent = (
      await call(url, 'GET', `/api/Projects/${id}/history?filter=1`, { headers: auth })
    ).body as { totalItemCount: number };
    expect(recent.totalItemCount).toBe(1);
    const month = new Date().toISOString().slice(0, 7);
    expect(
      (
        (
          await call(url, 'GET', `/api/Projects/${id}/history?filter=14&monthFilter=${month}`, {
            headers: auth,
          })
        ).body as { totalItemCount: number }
      ).totalItemCount,
    ).toBe(1);
    expect(
      (
        (await call(url, 'GET', `/api/Projects/${id}/history?filter=13`, { headers: auth }))
          .body as { totalItemCount: number }
      ).totalItemCount,
    ).toBe(0);
    const bad = await call(
      url,
      'GET',
      `/api/Projects/${id}/history?filter=14&monthFilter=2026-13`,
      { headers: auth },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual([
      { statusCode: 502, value: expect.any(String), target: 'monthFilter' },
    ]);
  });

  it('answers 404 for another workspace’s instance', async () => {
    await server.app.identity.addUser({ username: 'outsider', password: 'outsider-password' });
    const outsider = bearer((await login(url, 'outsider', 'outsider-password')).access_token!);
    const id = await save(greetFlow());
    const { instanceId } = (
      await call(url, 'POST', `/api/Projects/${id}/run`, {
        headers: auth,
        json: { payload: { name: 'x' } },
      })
    ).body as { instanceId: string };
    const res = await call(url, 'GET', `/api/Projects/instances/${instanceId}/status`, {
      headers: outsider,
    });
    expect(res.status).toBe(404);
  });
});

describe('synchronous runs beyond the worker concurrency', () => {
  let narrow: TestServer;
  afterAll(async () => narrow?.close());

  it('wait in line in the answering process and all finish with their own values', async () => {
    narrow = await startTestServer({ env: { SLUICE_WORKER_CONCURRENCY: '1' } });
    const headers = bearer((await login(narrow.url)).access_token!);
    const flow = greetFlow('One at a time');
    expect(
      (await call(narrow.url, 'POST', '/api/Projects', { headers, json: flow.build() })).status,
    ).toBe(200);
    const names = Array.from({ length: 12 }, (_, n) => `caller ${n}`);
    const answers = await Promise.all(
      names.map((name) =>
        call(narrow.url, 'POST', `/api/Projects/${flow.id}/run?runSynchronous=true`, {
          headers,
          json: { payload: { name } },
        }),
      ),
    );
    const bodies = answers.map(
      (a) => a.body as { instanceId: string; status: number; variable: Record<string, unknown> },
    );
    expect(bodies.map((b) => [b.status, b.variable.greeting])).toEqual(
      names.map((name) => [50, `${name} - processed`]),
    );
    expect(new Set(bodies.map((b) => b.instanceId)).size).toBe(names.length);
    const counted = await call(narrow.url, 'GET', `/api/Projects/${flow.id}/instances/count`, {
      headers,
    });
    expect(counted.body).toBe(names.length);
  });
});
