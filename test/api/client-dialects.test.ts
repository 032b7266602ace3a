// The exchange sequences of PROCESIO's real clients (API.md §15), request for request: the 2021
// TypeScript SDK, the .NET SDK and the 2026 CLI all succeed against Sluice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONCATENATE_IDS } from '../../src/actions/strings/concatenate.action.js';
import { FlowBuilder, lit, ref } from '../../src/testing/flow-builder.js';
import {
  ADMIN_PASSWORD,
  bearer,
  call,
  form,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

let server: TestServer;
let url: string;
let processId: string;

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  const f = new FlowBuilder('Greet');
  const name = f.variable('name', 'String', { orientation: 10, required: true });
  const greeting = f.variable('greeting', 'String', { orientation: 30 });
  const start = f.start();
  const concat = f.node(CONCATENATE_IDS.Template, 'Concatenate', {
    [CONCATENATE_IDS.First]: ref(name),
    [CONCATENATE_IDS.Second]: lit(' - processed'),
    [CONCATENATE_IDS.Result]: ref(greeting),
  });
  f.chain(start, concat, f.stop());
  const token = (await login(url)).access_token!;
  expect(
    (await call(url, 'POST', '/api/Projects', { headers: bearer(token), json: f.build() })).status,
  ).toBe(200);
  processId = f.id;
});
afterAll(async () => server.close());

async function poll(
  route: string,
  headers: Record<string, string>,
  done: (body: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const body = (await call(url, 'GET', route, { headers })).body as Record<string, unknown>;
    if (done(body)) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${route} never finished`);
}

describe('TypeScript SDK (2021)', () => {
  it('logs in, runs sync and async, and reads the status as {instance: {status}}', async () => {
    const f = form({
      username: 'admin',
      password: ADMIN_PASSWORD,
      realm: 'procesio01',
      client_id: 'procesio-ui',
    });
    const auth = await call(url, 'POST', '/api/authentication', {
      headers: f.headers,
      body: f.body,
    });
    const token = (auth.body as { access_token: string }).access_token;
    const headers = {
      'Content-type': 'application/json',
      Authorization: `Bearer ${token}`,
      realm: 'procesio01',
      workspace: '',
    };
    const sync = await call(url, 'POST', `/api/Projects/${processId}/run?runSynchronous=true`, {
      headers,
      body: JSON.stringify({ payload: { name: 'ts' } }),
    });
    expect(sync.status).toBe(200);
    expect(sync.body).toMatchObject({ status: 50, variable: { greeting: 'ts - processed' } });
    const started = await call(url, 'POST', `/api/Projects/${processId}/run`, {
      headers,
      body: JSON.stringify({ payload: { name: 'ts2' } }),
    });
    const { instanceId } = started.body as { instanceId: string };
    const status = await poll(
      `/api/projects/instances/${instanceId}/status`,
      headers,
      (b) => (b.instance as { status: number }).status === 50,
    );
    expect(status.instance).toMatchObject({ id: instanceId, status: 50 });
  });

  it('publishes with {flows: {id, isValid, variables}} and launches with {"connectionId": ""}', async () => {
    const token = (await login(url)).access_token!;
    const headers = {
      'Content-type': 'application/json',
      Authorization: `Bearer ${token}`,
      realm: 'procesio01',
      workspace: '',
    };
    const published = await call(url, 'POST', `/api/Projects/${processId}/instances/publish`, {
      headers,
      body: JSON.stringify({ name: 'pub' }),
    });
    const flows = (
      published.body as {
        flows: {
          id: string;
          isValid: boolean;
          variables: { name: string; defaultValue: unknown }[];
        };
      }
    ).flows;
    expect(flows.isValid).toBe(true);
    expect(flows.variables.find((v) => v.name === 'name')?.defaultValue).toBe('pub');
    const launched = await call(
      url,
      'POST',
      `/api/Projects/instances/${flows.id}/launch?runSynchronous=true`,
      { headers, body: JSON.stringify({ connectionId: '' }) },
    );
    expect(launched.body).toMatchObject({
      instanceId: flows.id,
      status: 50,
      variable: { greeting: 'pub - processed' },
    });
  });
});

describe('.NET SDK (1.1.6)', () => {
  it('runs with {Payload, ConnectionId} and runSynchronous=True, publishes, launches and reads {status, variable}', async () => {
    const f = form({
      realm: 'procesio01',
      client_id: 'procesio-ui',
      username: 'admin',
      password: ADMIN_PASSWORD,
      grant_type: 'password',
    });
    const auth = (
      await call(url, 'POST', '/api/Authentication', {
        headers: { ...f.headers, Accept: 'application/json' },
        body: f.body,
      })
    ).body as { access_token: string; expires_in: number; refresh_token: string };
    expect(auth.expires_in).toBeGreaterThan(0);
    const headers = {
      Accept: 'application/json',
      workspace: '',
      Authorization: `Bearer ${auth.access_token}`,
      'content-type': 'application/json; charset=utf-8',
    };
    const run = await call(
      url,
      'POST',
      `/api/Projects/${processId}/run?runSynchronous=True&secondsTimeOut=60`,
      { headers, body: JSON.stringify({ Payload: { name: 'net' }, ConnectionId: '' }) },
    );
    expect(run.body).toMatchObject({ status: 50, variable: { greeting: 'net - processed' } });
    const published = (
      await call(url, 'POST', `/api/Projects/${processId}/instances/publish`, {
        headers,
        body: JSON.stringify({ name: 'net2' }),
      })
    ).body as { flows: Record<string, unknown> };
    for (const field of [
      'id',
      'title',
      'description',
      'isValid',
      'firstName',
      'lastName',
      'workspaceName',
      'variables',
    ])
      expect(published.flows).toHaveProperty(field);
    for (const variable of published.flows.variables as Record<string, unknown>[]) {
      for (const field of ['dataType', 'name', 'type', 'isList', 'defaultValue'])
        expect(variable).toHaveProperty(field);
    }
    const iid = published.flows.id as string;
    const launched = await call(url, 'POST', `/api/Projects/instances/${iid}/launch`, {
      headers,
      body: JSON.stringify({ ConnectionId: '' }),
    });
    expect(launched.body).toEqual({ instanceId: iid });
    const status = await poll(
      `/api/Projects/instances/${iid}/status`,
      headers,
      (b) => b.status === 50,
    );
    expect(status).toMatchObject({ status: 50, variable: { greeting: 'net2 - processed' } });
    const refreshed = form({ grant_type: 'refresh_token', refresh_token: auth.refresh_token });
    expect(
      (
        await call(url, 'POST', '/api/Authentication', {
          headers: refreshed.headers,
          body: refreshed.body,
        })
      ).status,
    ).toBe(200);
  });

  it('uses an API key with key/value headers', async () => {
    const token = (await login(url)).access_token!;
    const key = (await call(url, 'POST', '/api/ApiKey', { headers: bearer(token) })).body as {
      name: string;
      value: string;
    };
    const headers = {
      Accept: 'application/json',
      workspace: '',
      key: key.name,
      value: key.value,
      'content-type': 'application/json; charset=utf-8',
    };
    const run = await call(
      url,
      'POST',
      `/api/Projects/${processId}/run?runSynchronous=True&secondsTimeOut=60`,
      { headers, body: JSON.stringify({ Payload: { name: 'key' }, ConnectionId: '' }) },
    );
    expect(run.body).toMatchObject({ status: 50, variable: { greeting: 'key - processed' } });
  });
});

describe('PROCESIO CLI (2026)', () => {
  it('logs in with cookies and drives processes and instances with x-version and workspaceid', async () => {
    const f = form({ username: 'admin', password: ADMIN_PASSWORD, client_id: 'procesio-ui' });
    const loginRes = await call(url, 'POST', '/api/authentication', {
      headers: {
        ...f.headers,
        'x-requested-by': 'playground-v1',
        Origin: 'https://app.example',
        Referer: 'https://app.example/',
      },
      body: f.body,
    });
    const cookies = loginRes.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(cookies).toContain('__Host-procesio.access=ey');
    const base = {
      'User-Agent': 'Mozilla/5.0',
      Accept: 'application/json',
      'x-version': '1.19',
      cookie: cookies,
      'x-requested-by': 'playground-v1',
    };
    const workspaces = (await call(url, 'GET', '/api/Workspaces', { headers: base })).body as {
      id: string;
      type: number;
    }[];
    expect(Array.isArray(workspaces)).toBe(true);
    const headers = { ...base, workspaceid: workspaces[0]!.id };
    const list = (
      await call(url, 'GET', '/api/Projects?pageNumber=1&pageItemCount=10&searchName=gre', {
        headers,
      })
    ).body as { pageItems: { id: string }[] };
    expect(list.pageItems.map((p) => p.id)).toContain(processId);
    expect((await call(url, 'GET', `/api/Projects/${processId}`, { headers })).body).toHaveProperty(
      'flow',
    );
    expect(
      (await call(url, 'GET', `/api/Projects/${processId}/payload`, { headers })).body,
    ).toEqual({ name: '' });
    const run = await call(
      url,
      'POST',
      `/api/Projects/${processId}/run?runSynchronous=true&secondsTimeOut=30`,
      {
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ payload: { name: 'cli' }, connectionid: null }),
      },
    );
    const instanceId = (run.body as { instanceId: string }).instanceId;
    expect(run.body).toMatchObject({ status: 50, variable: { greeting: 'cli - processed' } });
    const status = (
      await call(
        url,
        'GET',
        `/api/Projects/instances/${instanceId}/status?flowTemplateId=${processId}&getVariables=true&getActions=true`,
        { headers },
      )
    ).body as { instance: { status: number; actions: unknown[] } };
    expect(status.instance.status).toBe(50);
    expect(status.instance.actions).toHaveLength(3);
    const output = (
      await call(
        url,
        'GET',
        `/api/Projects/instances/${instanceId}/output?flowTemplateId=${processId}`,
        { headers },
      )
    ).body as { instance: { variable: unknown; error: unknown[] } };
    expect(output.instance).toMatchObject({ variable: { greeting: 'cli - processed' }, error: [] });
    const instances = (
      await call(
        url,
        'GET',
        `/api/Projects/${processId}/instances?pageNumber=1&pageItemCount=5&filterStatus=50`,
        { headers },
      )
    ).body as { pageItems: { id: string }[] };
    expect(instances.pageItems.map((i) => i.id)).toContain(instanceId);
    const refresh = parseRefresh(loginRes.headers.getSetCookie());
    const renewed = form({ refresh_token: refresh, client_id: 'procesio-ui' });
    const renewal = await call(url, 'POST', '/api/Authentication/refreshToken', {
      headers: { ...renewed.headers, 'x-requested-by': 'playground-v1' },
      body: renewed.body,
    });
    expect(renewal.body).toEqual({ message: 'Token refreshed successfully' });
    expect((await call(url, 'POST', '/api/Authentication/logOut', { headers: base })).status).toBe(
      204,
    );
  });
});

function parseRefresh(setCookies: string[]): string {
  const cookie = setCookies.find((c) => c.startsWith('__Host-procesio.refresh='))!;
  return cookie.split(';')[0]!.split('=')[1]!;
}
