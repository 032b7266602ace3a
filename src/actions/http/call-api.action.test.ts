import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedCredential } from '../../credentials/resolved.js';
import {
  RestAuthMethods as Auth,
  RestProperties as P,
  TemplateIds,
  builtinTemplate,
} from '../../credentials/templates.js';
import { EgressPolicy } from '../../net/egress.js';
import { MemoryFiles, failureOf, runAction } from '../testing/run-action.js';
import {
  CALL_API_IDS as IDS,
  CALL_API_V3_IDS as V3,
  callApiAction,
  callApiV3Action,
} from './call-api.action.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const seen: Seen[] = [];
const server = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  seen.push({
    method: req.method!,
    url: req.url!,
    headers: req.headers,
    body: Buffer.concat(chunks),
  });
  const path = new URL(req.url!, 'http://x').pathname.replace(/^\/api/, '');
  if (path === '/json')
    return res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":[1,2]}');
  if (path === '/text') return res.writeHead(200, { 'content-type': 'text/csv' }).end('a,b\n1,2');
  if (path === '/png')
    return res
      .writeHead(200, {
        'content-type': 'image/png',
        'content-disposition': 'attachment; filename="chart.png"',
      })
      .end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]));
  if (path === '/empty') return res.writeHead(204).end();
  if (path === '/missing')
    return res
      .writeHead(404, { 'content-type': 'application/json' })
      .end('{"error":"no such item"}');
  if (path === '/busy')
    return res.writeHead(503, { 'content-type': 'text/plain' }).end('try later');
  res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
});
let base: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
});

const rest = (): ResolvedCredential => ({
  id: 'rest-1',
  template: builtinTemplate(TemplateIds.Rest)!,
  name: 'Peer',
  values: new Map<string, unknown>([
    [P.Url, `${base}/api/`],
    [P.AuthMethod, Auth.Bearer],
    [P.BearerToken, 'tok'],
  ]),
});

const GET = '3ab385bd-f8ae-b641-9176-e7db886aec01';
const POST = 'eb0b6e47-858e-fd43-a616-d8ffc1baec02';

function inputs(extra: Record<string, unknown>): Record<string, unknown> {
  return { [IDS.Credential]: 'rest-1', [IDS.Verb]: GET, [IDS.Timeout]: 100, ...extra };
}
const options = (files = new MemoryFiles()) => ({ credentials: { 'rest-1': rest() }, files });

describe('Call API', () => {
  it('is effectful, under PROCESIO template cd8bd0bc-…04de, with v3 beside it', () => {
    expect(callApiAction.effectful).toBe(true);
    expect(callApiAction.template.id).toBe('cd8bd0bc-9c9c-476c-b16e-975acde804de');
    expect(callApiV3Action.template.id).toBe('cd8bd0bc-9c9c-476c-b16e-975acde814de');
  });

  it('calls URL + endpoint with the verb, query, headers and an Idempotency-Key; parses JSON', async () => {
    const out = await runAction(
      callApiAction,
      inputs({
        [IDS.Endpoint]: '/json',
        [IDS.RequestParameters]: JSON.stringify({
          body: { type: 'NONE' },
          headers: [
            { key: 'Accept', value: 'application/json', type: 'TEXT' },
            { key: '', value: '' },
          ],
          queryParams: [{ key: 'page', value: 2 }],
        }),
      }),
      options(),
    );
    expect(out[IDS.ResponseStatus]).toBe(200);
    expect(out[IDS.ResponseBody]).toEqual({ a: [1, 2] });
    expect(out[IDS.ResponseFile]).toBeNull();
    expect(out[IDS.ResponseHeaders]).toMatchObject({ 'content-type': 'application/json' });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/json?page=2' });
    expect(seen[0]!.headers).toMatchObject({
      accept: 'application/json',
      authorization: 'Bearer tok',
      'idempotency-key': 'test',
    });
  });

  it('takes the verb by name too, and refuses an unknown verb', async () => {
    await runAction(
      callApiAction,
      inputs({ [IDS.Verb]: 'delete', [IDS.Endpoint]: 'x' }),
      options(),
    );
    expect(seen[0]!.method).toBe('DELETE');
    expect(
      await failureOf(callApiAction, inputs({ [IDS.Verb]: 'FETCH' }), options()),
    ).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Verb },
    });
  });

  it('sends RAW JSON and url-encoded bodies with their media types; GET sends none', async () => {
    const raw = { type: 'RAW', value: { RAW: { format: 'JSON', value: '{"a":1}' } } };
    const form = {
      type: 'X_WWW_FORM_URLENCODED',
      value: { X_WWW_FORM_URLENCODED: [{ key: 'a b', value: 'c&d' }] },
    };
    await runAction(
      callApiAction,
      inputs({ [IDS.Verb]: POST, [IDS.RequestParameters]: { body: raw } }),
      options(),
    );
    await runAction(
      callApiAction,
      inputs({ [IDS.Verb]: 'PUT', [IDS.RequestParameters]: { body: form } }),
      options(),
    );
    await runAction(callApiAction, inputs({ [IDS.RequestParameters]: { body: raw } }), options());
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.body.toString()).toBe('{"a":1}');
    expect(seen[1]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[1]!.body.toString()).toBe('a+b=c%26d');
    expect(seen[2]!.body.length).toBe(0);
  });

  it('sends multipart form data with text and file items, and a binary body, with lengths', async () => {
    const files = new MemoryFiles();
    const doc = files.put('report "q1".pdf', 'application/pdf', Buffer.from('%PDF-bytes'));
    const multipart = {
      type: 'FORM_DATA',
      value: {
        FORM_DATA: [
          { key: 'title', value: 'Q1', type: 'TEXT' },
          { key: 'doc', value: doc, type: 'FILE' },
        ],
      },
    };
    await runAction(
      callApiAction,
      inputs({ [IDS.Verb]: POST, [IDS.RequestParameters]: { body: multipart } }),
      options(files),
    );
    await runAction(
      callApiAction,
      inputs({
        [IDS.Verb]: POST,
        [IDS.RequestParameters]: {
          body: { type: 'BINARY', value: { BINARY: JSON.stringify(doc) } },
        },
      }),
      options(files),
    );
    const [form, binary] = seen;
    const boundary = /boundary=(.+)$/.exec(form!.headers['content-type']!)![1]!;
    expect(Number(form!.headers['content-length'])).toBe(form!.body.length);
    expect(form!.body.toString()).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nQ1\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="doc"; filename="report %22q1%22.pdf"\r\n` +
        `Content-Type: application/pdf\r\n\r\n%PDF-bytes\r\n--${boundary}--\r\n`,
    );
    expect(binary!.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': '10',
    });
    expect(binary!.body.toString()).toBe('%PDF-bytes');
  });

  it('keeps text as text, bytes as a file named by the peer, and stores any body as a file when asked', async () => {
    const files = new MemoryFiles();
    const text = await runAction(callApiAction, inputs({ [IDS.Endpoint]: 'text' }), options(files));
    expect(text[IDS.ResponseBody]).toBe('a,b\n1,2');
    const png = await runAction(callApiAction, inputs({ [IDS.Endpoint]: 'png' }), options(files));
    expect(png[IDS.ResponseBody]).toBeNull();
    expect(png[IDS.ResponseFile]).toMatchObject({
      name: 'chart.png',
      mimeType: 'image/png',
      size: 6,
    });
    const asFile = await runAction(
      callApiAction,
      inputs({ [IDS.Endpoint]: 'json', [IDS.ResponseAsFile]: true }),
      options(files),
    );
    const stored = await files.read(asFile[IDS.ResponseFile]);
    expect(stored).toMatchObject({ name: 'json', mimeType: 'application/json' });
    expect(stored.bytes.toString()).toBe('{"a":[1,2]}');
    const empty = await runAction(
      callApiAction,
      inputs({ [IDS.Endpoint]: 'empty' }),
      options(files),
    );
    expect(empty).toMatchObject({
      [IDS.ResponseStatus]: 204,
      [IDS.ResponseBody]: null,
      [IDS.ResponseFile]: null,
    });
  });

  it('fails on a 4xx with the answer in the details, and retryably on a 5xx', async () => {
    expect(
      await failureOf(callApiAction, inputs({ [IDS.Endpoint]: 'missing' }), options()),
    ).toEqual({
      type: 'http.status',
      message: `GET ${base}/api/missing answered 404 Not Found: {"error":"no such item"}`,
      retryable: false,
      details: {
        status: 404,
        headers: expect.objectContaining({ 'content-type': 'application/json' }),
        body: { error: 'no such item' },
      },
    });
    expect(
      await failureOf(callApiAction, inputs({ [IDS.Endpoint]: 'busy' }), options()),
    ).toMatchObject({
      type: 'http.status',
      retryable: true,
      details: { status: 503, body: 'try later' },
    });
  });

  it('calls an absolute endpoint without a credential, and refuses a relative one', async () => {
    const out = await runAction(
      callApiAction,
      inputs({ [IDS.Credential]: '', [IDS.Endpoint]: `${base}/json` }),
      options(),
    );
    expect(out[IDS.ResponseStatus]).toBe(200);
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(
      await failureOf(
        callApiAction,
        inputs({ [IDS.Credential]: '', [IDS.Endpoint]: '/json' }),
        options(),
      ),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Endpoint } });
  });

  it('reports a refused destination as egress.refused, not retryable', async () => {
    const failure = await failureOf(callApiAction, inputs({ [IDS.Endpoint]: 'json' }), {
      ...options(),
      egress: EgressPolicy.allowing([]),
    });
    expect(failure).toMatchObject({ type: 'egress.refused', retryable: false });
    expect(failure.message).toContain('a loopback address');
    expect(seen).toHaveLength(0);
  });

  it('refuses a header that would split the request, and a credential of another type', async () => {
    const split = { headers: [{ key: 'X-A', value: 'a\r\nX-B: b' }] };
    expect(
      await failureOf(callApiAction, inputs({ [IDS.RequestParameters]: split }), options()),
    ).toMatchObject({ type: 'validation' });
    const smtp = { ...rest(), template: builtinTemplate(TemplateIds.Smtp)! };
    expect(
      await failureOf(callApiAction, inputs({}), { credentials: { 'rest-1': smtp } }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Credential } });
  });

  it('runs v3 with its own setting ids', async () => {
    const out = await runAction(
      callApiV3Action,
      { [V3.Credential]: 'rest-1', [V3.Verb]: GET, [V3.Endpoint]: 'json' },
      options(),
    );
    expect(out).toEqual({
      [V3.ResponseStatus]: 200,
      [V3.ResponseBody]: { a: [1, 2] },
      [V3.ResponseFile]: null,
    });
  });
});
