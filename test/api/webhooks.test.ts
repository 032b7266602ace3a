// Webhooks through the real HTTP API (API.md §5): definitions, and inbound calls whose JSON, form,
// multipart, text, NDJSON and XML bodies, headers and query reach the instances they start;
// dedupe, binding filters, answer modes, inactive processes and every bad input as a 4xx.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowBuilder, ref } from '../../src/testing/flow-builder.js';
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

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  auth = bearer((await login(url)).access_token!);
});
afterAll(async () => server.close());

interface Webhook {
  id: string;
  name: string;
  dedupe: unknown;
  customResponseConfig: unknown;
  [key: string]: unknown;
}

async function createWebhook(body: Record<string, unknown>): Promise<Webhook> {
  const res = await call(url, 'POST', '/api/Webhooks', { headers: auth, json: body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Webhook;
}

let names = 0;
const uniqueName = (prefix: string) => `${prefix}-${++names}`;

/**
 * A process whose inputs receive the call's body, headers and query and whose outputs echo them;
 * `bodyType` is the body input's type.
 */
async function echoProcess(
  webhookId: string,
  options: { bodyType?: 'Json' | 'String'; filterRules?: unknown; title?: string } = {},
): Promise<{ id: string; variables: { body: string; headers: string; query: string } }> {
  const f = new FlowBuilder(options.title ?? 'Echo');
  const body = f.variable('body', options.bodyType ?? 'Json', { orientation: 10 });
  const headers = f.variable('headers', 'Object', { orientation: 10 });
  const query = f.variable('query', 'Object', { orientation: 10 });
  const outBody = f.variable('outBody', options.bodyType ?? 'Json', { orientation: 30 });
  const outHeaders = f.variable('outHeaders', 'Object', { orientation: 30 });
  const outQuery = f.variable('outQuery', 'Object', { orientation: 30 });
  const start = f.start();
  const map = f.mapData([
    { to: outBody, from: ref(body) },
    { to: outHeaders, from: ref(headers) },
    { to: outQuery, from: ref(query) },
  ]);
  f.chain(start, map, f.stop());
  const flow = {
    ...f.build(),
    webhooks: [
      {
        id: crypto.randomUUID(),
        webhookId,
        webhookVariables: [
          { variableId: body, variableType: 3 },
          { variableId: headers, variableType: 1 },
          { variableId: query, variableType: 2 },
        ],
        isObsoleted: false,
        ...(options.filterRules ? { filterRules: options.filterRules } : {}),
      },
    ],
  };
  const res = await call(url, 'POST', '/api/Projects', { headers: auth, json: flow });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect((res.body as { flow: { isValid: boolean } }).flow.isValid).toBe(true);
  return { id: f.id, variables: { body, headers, query } };
}

interface Envelope {
  status: number;
  variable: Record<string, unknown>;
  error: unknown[];
}

async function finished(instanceId: string): Promise<Envelope> {
  const started = Date.now();
  for (;;) {
    const res = await call(url, 'GET', `/api/Projects/instances/${instanceId}/status`, {
      headers: auth,
    });
    const body = res.body as Envelope;
    if ([6, 40, 50].includes(body.status) || Date.now() - started > 15_000) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function instanceCount(processId: string): Promise<number> {
  const res = await call(url, 'GET', `/api/Projects/${processId}/instances/count`, {
    headers: auth,
  });
  return res.body as number;
}

async function launch(
  webhookId: string,
  init: {
    method?: string;
    query?: string;
    headers?: Record<string, string>;
    body?: string | FormData;
  },
) {
  const res = await fetch(`${url}/api/Webhooks/launch/${webhookId}${init.query ?? ''}`, {
    method: init.method ?? 'POST',
    headers: init.headers,
    body: init.body ?? null,
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, text, body, headers: res.headers };
}

/** Files left under the blob store's staging area of webhook calls. */
function stagedFiles(dataDir: string): string[] {
  const staged = path.join(dataDir, 'files', 'webhooks');
  if (!fs.existsSync(staged)) return [];
  return fs
    .readdirSync(staged, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

describe('webhook definitions', () => {
  it('creates, reads, lists by name, replaces keeping unsent fields, and deletes a webhook', async () => {
    const created = await createWebhook({
      name: 'Orders in',
      hasHeader: true,
      definition: { orderId: 1, Lines: [] },
      dedupe: { source: 1, path: 'X-Delivery', windowSeconds: 30 },
    });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Orders in',
      hasHeader: true,
      hasQuery: false,
      type: 0,
      definition: { orderId: 1, Lines: [] },
      dedupe: { source: 1, path: 'X-Delivery', windowSeconds: 30 },
      customResponseConfig: null,
    });
    await createWebhook({ name: 'another orders hook' });
    await createWebhook({ name: 'Alpha' });

    const read = await call(url, 'GET', `/api/Webhooks/${created.id.toUpperCase()}`, {
      headers: auth,
    });
    expect(read.body).toEqual(created);

    const page = await call(url, 'GET', '/api/Webhooks?searchName=ORDERS&pageItemCount=1', {
      headers: auth,
    });
    expect(page.body).toMatchObject({
      totalItemCount: 2,
      pageNumber: 1,
      pageItemCount: 1,
      pageItems: [{ name: 'another orders hook' }],
    });

    const replaced = await call(url, 'PUT', '/api/Webhooks', {
      headers: auth,
      json: {
        id: created.id,
        name: 'Orders',
        customResponseConfig: { configType: 1, config: '{"ok":1}' },
      },
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body).toMatchObject({
      id: created.id,
      name: 'Orders',
      hasHeader: true,
      dedupe: { source: 1, path: 'X-Delivery', windowSeconds: 30 },
      customResponseConfig: { configType: 1, config: '{"ok":1}' },
    });

    const deleted = await call(url, 'DELETE', `/api/Webhooks/${created.id}`, { headers: auth });
    expect(deleted.body).toEqual({ id: created.id });
    const gone = await call(url, 'GET', `/api/Webhooks/${created.id}`, { headers: auth });
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual([
      { statusCode: 450, value: 'Database requested information not found.', target: 'webhook' },
    ]);
  });

  it('answers bad definitions with 400 naming every field, and writes nothing', async () => {
    const listed = await call(url, 'GET', '/api/Webhooks', { headers: auth });
    expect(listed.status).toBe(200);
    const before = listed.body as { totalItemCount: number; pageItems: unknown[] };
    expect(before.pageItems).toHaveLength(before.totalItemCount);
    const res = await call(url, 'POST', '/api/Webhooks', {
      headers: auth,
      json: {
        name: 'x'.repeat(33),
        type: 7,
        dataModelId: 'not-a-guid',
        customResponseConfig: { configType: 9 },
        dedupe: { source: 2, path: '', windowSeconds: 0 },
      },
    });
    expect(res.status).toBe(400);
    const targets = (res.body as { target: string; statusCode: number }[]).map((e) => e.target);
    expect(targets).toEqual([
      'name',
      'type',
      'dataModelId',
      'customResponseConfig.configType',
      'dedupe.path',
      'dedupe.windowSeconds',
    ]);
    const wrongType = await call(url, 'POST', '/api/Webhooks', {
      headers: auth,
      json: { name: 3, hasHeader: 'maybe' },
    });
    expect(wrongType.status).toBe(400);
    expect((wrongType.body as { statusCode: number }[])[0]!.statusCode).toBe(502);
    const after = (await call(url, 'GET', '/api/Webhooks', { headers: auth })).body as {
      totalItemCount: number;
    };
    expect(after.totalItemCount).toBe(before.totalItemCount);
  });

  it('refuses a second webhook with the same name in any case, and an unknown id on PUT', async () => {
    await createWebhook({ name: 'Unique Name' });
    const twin = await call(url, 'POST', '/api/Webhooks', {
      headers: auth,
      json: { name: 'UNIQUE name' },
    });
    expect(twin.status).toBe(400);
    expect((twin.body as { target: string }[])[0]!.target).toBe('name');
    const unknown = await call(url, 'PUT', '/api/Webhooks', {
      headers: auth,
      json: { id: crypto.randomUUID(), name: 'x' },
    });
    expect(unknown.status).toBe(404);
  });

  it('lists the processes binding a webhook and refuses to delete it while one does', async () => {
    const webhook = await createWebhook({ name: uniqueName('bound') });
    const process = await echoProcess(webhook.id, { title: 'Bound process' });
    const used = await call(url, 'GET', `/api/Webhooks/${webhook.id}/used`, { headers: auth });
    expect(used.body).toEqual([
      { id: process.id, title: 'Bound process', workspaceId: expect.any(String) },
    ]);
    const refused = await call(url, 'DELETE', `/api/Webhooks/${webhook.id}`, { headers: auth });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual([
      {
        statusCode: 502,
        value: `The webhook is bound to "Bound process" (${process.id}).`,
        target: 'usedIn',
      },
    ]);
    await call(url, 'DELETE', `/api/Projects/${process.id}`, { headers: auth });
    const deleted = await call(url, 'DELETE', `/api/Webhooks/${webhook.id}`, { headers: auth });
    expect(deleted.status).toBe(200);
  });

  it('needs a principal for definitions', async () => {
    const res = await call(url, 'GET', '/api/Webhooks');
    expect(res.status).toBe(401);
  });
});

describe('inbound calls', () => {
  it('starts the bound process with a JSON body, lower-case headers and the query', async () => {
    const webhook = await createWebhook({ name: uniqueName('json') });
    const process = await echoProcess(webhook.id);
    const res = await launch(webhook.id, {
      query: '?source=shop&tag=a&tag=b',
      headers: { 'content-type': 'application/json', 'X-Trace-Id': 'T-1' },
      body: JSON.stringify({ orderId: 42, Lines: [{ sku: 'A' }] }),
    });
    expect(res.status, res.text).toBe(200);
    const answer = res.body as { instanceId: string; instanceIds: string[] };
    expect(answer.instanceIds).toEqual([answer.instanceId]);
    const result = await finished(answer.instanceId);
    expect(result.status).toBe(50);
    expect(result.variable.outBody).toEqual({ orderId: 42, Lines: [{ sku: 'A' }] });
    expect(result.variable.outHeaders).toMatchObject({
      'x-trace-id': 'T-1',
      'content-type': 'application/json',
    });
    expect(result.variable.outQuery).toEqual({ source: 'shop', tag: ['a', 'b'] });
    expect(await instanceCount(process.id)).toBe(1);
  });

  it('reads form fields, text, NDJSON and XML bodies, and takes every method', async () => {
    const webhook = await createWebhook({ name: uniqueName('media') });
    await echoProcess(webhook.id);
    const cases: [string, Record<string, string>, string, unknown][] = [
      [
        'PUT',
        { 'content-type': 'application/x-www-form-urlencoded' },
        'a=1&b=two+words',
        { a: '1', b: 'two words' },
      ],
      ['PATCH', { 'content-type': 'text/plain; charset=utf-8' }, 'plain words', 'plain words'],
      [
        'POST',
        { 'content-type': 'application/x-ndjson' },
        '{"n":1}\n\n{"n":2}\n',
        [{ n: 1 }, { n: 2 }],
      ],
      [
        'DELETE',
        { 'content-type': 'application/xml' },
        '<order id="7"><sku>A</sku></order>',
        { order: { '@id': '7', sku: 'A' } },
      ],
    ];
    for (const [method, headers, body, expected] of cases) {
      const res = await launch(webhook.id, { method, headers, body });
      expect(res.status, `${method} ${res.text}`).toBe(200);
      const result = await finished((res.body as { instanceId: string }).instanceId);
      expect(result.variable.outBody, method).toEqual(expected);
    }
    const get = await launch(webhook.id, { method: 'GET', query: '?payload={"from":"query"}' });
    const fromQuery = await finished((get.body as { instanceId: string }).instanceId);
    expect(fromQuery.variable.outBody).toEqual({ from: 'query' });
  });

  it('stores multipart files as files of the instance, readable by their path', async () => {
    const webhook = await createWebhook({ name: uniqueName('multipart') });
    await echoProcess(webhook.id);
    const form = new FormData();
    form.append('note', 'see attached');
    form.append('doc', new Blob(['hello file'], { type: 'text/plain' }), 'hello.txt');
    const res = await launch(webhook.id, { body: form });
    expect(res.status, res.text).toBe(200);
    const instanceId = (res.body as { instanceId: string }).instanceId;
    const result = await finished(instanceId);
    expect(result.status).toBe(50);
    const body = result.variable.outBody as {
      note: string;
      doc: { name: string; path: string; size: number; mimeType: string; hash: string };
    };
    expect(body.note).toBe('see attached');
    expect(body.doc).toMatchObject({
      name: 'hello.txt',
      size: 10,
      mimeType: 'text/plain',
      hash: createHash('sha256').update('hello file').digest('hex'),
    });
    expect(body.doc.path).toMatch(
      new RegExp(`^flow/flow-[0-9a-f-]{36}/flow-instance-${instanceId}/variable-[0-9a-f-]{36}/`),
    );
    // The instance holds its own copy; the bytes staged while the call was read are gone.
    expect(fs.existsSync(path.join(server.dataDir, 'files', body.doc.path))).toBe(true);
    expect(stagedFiles(server.dataDir)).toEqual([]);
    const download = await fetch(`${url}/api/File/download`, {
      headers: { ...auth, uploadFilePath: body.doc.path },
    });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('hello file');
  });

  it('answers 413 for a file over the limit, starts nothing and keeps no staged bytes', async () => {
    const small = await startTestServer({ env: { SLUICE_FILE_LIMIT_BYTES: '1024' } });
    try {
      const headers = bearer((await login(small.url)).access_token!);
      const created = await call(small.url, 'POST', '/api/Webhooks', {
        headers,
        json: { name: 'small files' },
      });
      const webhookId = (created.body as Webhook).id;
      const f = new FlowBuilder('Small');
      const body = f.variable('body', 'Json', { orientation: 10 });
      f.chain(f.start(), f.stop());
      const flow = {
        ...f.build(),
        webhooks: [{ webhookId, webhookVariables: [{ variableId: body, variableType: 3 }] }],
      };
      expect((await call(small.url, 'POST', '/api/Projects', { headers, json: flow })).status).toBe(
        200,
      );
      const form = new FormData();
      form.append('doc', new Blob(['x'.repeat(4096)]), 'big.bin');
      const res = await fetch(`${small.url}/api/Webhooks/launch/${webhookId}`, {
        method: 'POST',
        body: form,
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { statusCode: number }[])[0]!.statusCode).toBe(413);
      const count = await call(small.url, 'GET', `/api/Projects/${f.id}/instances/count`, {
        headers,
      });
      expect(count.body).toBe(0);
      expect(stagedFiles(small.dataDir)).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('starts nothing for a call the dedupe rule has seen within its window', async () => {
    const byHeader = await createWebhook({
      name: uniqueName('dedupe-header'),
      dedupe: { source: 1, path: 'X-Delivery-Id', windowSeconds: 300 },
    });
    const process = await echoProcess(byHeader.id);
    const send = (delivery: string) =>
      launch(byHeader.id, {
        headers: { 'content-type': 'application/json', 'x-delivery-id': delivery },
        body: '{}',
      });
    const first = await send('d-1');
    expect((first.body as { instanceIds: string[] }).instanceIds).toHaveLength(1);
    const again = await send('d-1');
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ instanceIds: [], duplicate: true });
    const other = await send('d-2');
    expect((other.body as { instanceIds: string[] }).instanceIds).toHaveLength(1);
    expect(await instanceCount(process.id)).toBe(2);

    const byBody = await createWebhook({
      name: uniqueName('dedupe-body'),
      dedupe: { source: 2, path: '$.event.id', windowSeconds: 300 },
    });
    const bodyProcess = await echoProcess(byBody.id);
    const event = (id: number) =>
      launch(byBody.id, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: { id }, at: Date.now() }),
      });
    await event(1);
    expect((await event(1)).body).toEqual({ instanceIds: [], duplicate: true });
    await event(2);
    expect(await instanceCount(bodyProcess.id)).toBe(2);
  });

  it('answers respondOk=true empty, respondOk=false with a page, and the custom responses', async () => {
    const webhook = await createWebhook({ name: uniqueName('answers') });
    await echoProcess(webhook.id);
    const json = { 'content-type': 'application/json' };
    const empty = await launch(webhook.id, { query: '?respondOk=TRUE', headers: json, body: '{}' });
    expect(empty.status).toBe(200);
    expect(empty.text).toBe('');
    const page = await launch(webhook.id, { query: '?respondok=false', headers: json, body: '{}' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('Request sent');
    const bad = await launch(webhook.id, { query: '?respondOk=yes', headers: json, body: '{}' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual([
      { statusCode: 502, value: 'respondOk must be true or false.', target: 'respondOk' },
    ]);

    await call(url, 'PUT', '/api/Webhooks', {
      headers: auth,
      json: {
        id: webhook.id,
        customResponseConfig: { configType: 1, config: '{"received":true}' },
      },
    });
    const fixed = await launch(webhook.id, { headers: json, body: '{}' });
    expect(fixed.body).toEqual({ received: true });
    await call(url, 'PUT', '/api/Webhooks', {
      headers: auth,
      json: { id: webhook.id, customResponseConfig: { configType: 3, config: '$.Body.order.id' } },
    });
    const picked = await launch(webhook.id, {
      headers: json,
      body: JSON.stringify({ order: { id: 'O-9' } }),
    });
    expect(picked.body).toBe('O-9');
  });

  it('starts only the processes whose binding filter passes', async () => {
    const webhook = await createWebhook({ name: uniqueName('filtered') });
    const f = new FlowBuilder('Filtered');
    const body = f.variable('body', 'String', { orientation: 10 });
    const out = f.variable('out', 'String', { orientation: 30 });
    f.chain(f.start(), f.mapData([{ to: out, from: ref(body) }]), f.stop());
    const flow = {
      ...f.build(),
      webhooks: [
        {
          webhookId: webhook.id,
          webhookVariables: [{ variableId: body, variableType: 3 }],
          filterRules: {
            value: '',
            parameters: [
              {
                id: 0,
                operator: 'EQUALS',
                logicOperator: 1,
                leftOperator: {
                  value: '<%0%>',
                  variable: [{ id: 0, variableId: body, attribute: null }],
                },
                rightOperator: { value: 'go', variable: [] },
              },
            ],
          },
        },
      ],
    };
    expect((await call(url, 'POST', '/api/Projects', { headers: auth, json: flow })).status).toBe(
      200,
    );
    const text = { 'content-type': 'text/plain' };
    const passedBy = await launch(webhook.id, { headers: text, body: 'stop' });
    expect(passedBy.body).toEqual({ instanceId: null, instanceIds: [] });
    const started = await launch(webhook.id, { headers: text, body: 'go' });
    const result = await finished((started.body as { instanceId: string }).instanceId);
    expect(result.variable.out).toBe('go');
    expect(await instanceCount(f.id)).toBe(1);
  });

  it('refuses a call when the bound process is inactive, and starts it once active again', async () => {
    const webhook = await createWebhook({ name: uniqueName('inactive') });
    const process = await echoProcess(webhook.id);
    await call(url, 'PATCH', `/api/Projects/${process.id}/toggle-activation`, {
      headers: { ...auth, state: 'false' },
    });
    const json = { 'content-type': 'application/json' };
    const refused = await launch(webhook.id, { headers: json, body: '{}' });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual([
      { statusCode: 502, value: 'Process is inactive.', target: 'active' },
    ]);
    expect(await instanceCount(process.id)).toBe(0);
    await call(url, 'PATCH', `/api/Projects/${process.id}/toggle-activation`, {
      headers: { ...auth, state: 'true' },
    });
    expect((await launch(webhook.id, { headers: json, body: '{}' })).status).toBe(200);
  });

  it('answers an unbound webhook as inactive, an unknown one 404, and bad bodies 4xx', async () => {
    const unbound = await createWebhook({ name: uniqueName('unbound') });
    const json = { 'content-type': 'application/json' };
    expect((await launch(unbound.id, { headers: json, body: '{}' })).status).toBe(400);
    const unknown = await launch(crypto.randomUUID(), { headers: json, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([
      { statusCode: 450, value: 'Database requested information not found.', target: 'webhook' },
    ]);
    expect((await launch('not-a-guid', { headers: json, body: '{}' })).status).toBe(404);

    const webhook = await createWebhook({ name: uniqueName('bad-bodies') });
    const process = await echoProcess(webhook.id);
    const badJson = await launch(webhook.id, { headers: json, body: '{"open": ' });
    expect(badJson.status).toBe(400);
    const media = await launch(webhook.id, {
      headers: { 'content-type': 'application/pdf' },
      body: '%PDF',
    });
    expect(media.status).toBe(415);
    expect((media.body as { statusCode: number }[])[0]!.statusCode).toBe(415);
    const xml = await launch(webhook.id, {
      headers: { 'content-type': 'text/xml' },
      body: '<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>',
    });
    expect(xml.status).toBe(400);
    const payload = await launch(webhook.id, { method: 'GET', query: '?payload={broken' });
    expect(payload.status).toBe(400);
    expect((payload.body as { target: string }[])[0]!.target).toBe('payload');
    expect(await instanceCount(process.id)).toBe(0);
  });
});
