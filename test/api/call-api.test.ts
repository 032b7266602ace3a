// Call API inside real processes through the HTTP API (API.md §9.6), against real local peers:
// every authentication method of the REST credential, every body type (a file from an earlier
// answer in multipart and binary bodies), query and headers, a response file downloaded through
// GET /api/File/download, the Idempotency-Key, timeouts and failing answers on the error port,
// and the egress policy refusing metadata, loopback and redirects into loopback.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CALL_API_IDS as IDS,
  CALL_API_V3_IDS as V3,
} from '../../src/actions/http/call-api.action.js';
import {
  RestAuthMethods as Auth,
  RestProperties as P,
  TemplateIds,
} from '../../src/credentials/templates.js';
import { runActionProcess, type ActionProcessResult } from '../../src/testing/action-process.js';
import {
  hasOpenssl,
  makeTestCertificates,
  type TestCertificates,
} from '../../src/testing/certificates.js';
import { HttpPeer, type PeerRequest } from '../../src/testing/http-peer.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

const GET = '3ab385bd-f8ae-b641-9176-e7db886aec01';
const POST = 'eb0b6e47-858e-fd43-a616-d8ffc1baec02';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 254, 255]);

interface FileValue {
  name: string;
  id: string;
  path: string;
  size: number;
  mimeType: string;
}

const flakyFailed = new Set<string>();
const flakyHits: { key: string; at: number }[] = [];
let flakyFirstFailure: ((idempotencyKey: string) => void) | undefined;
let heldRequest: ((idempotencyKey: string, answer: () => void) => void) | undefined;

/** Echoes what it was sent as JSON, so a test can read it back from the Response Body. */
function echo(request: PeerRequest, response: ServerResponse) {
  response.writeHead(200, { 'content-type': 'application/json', 'x-peer': 'echo' }).end(
    JSON.stringify({
      method: request.method,
      path: request.url.pathname,
      query: [...request.url.searchParams.entries()],
      authorization: request.headers.authorization ?? null,
      apiKey: request.headers['x-api-key'] ?? null,
    }),
  );
}

const peer = new HttpPeer('127.0.0.1')
  .route('/echo', echo)
  .route('/chart.png', (_request, response) =>
    response
      .writeHead(200, {
        'content-type': 'image/png',
        'content-disposition': 'attachment; filename="chart.png"',
      })
      .end(PNG),
  )
  .route('/slow', () => undefined)
  .route('/boom', (_request, response) =>
    response.writeHead(500, { 'content-type': 'text/plain' }).end('database is down'),
  )
  .route('/flaky', (request, response) => {
    // Fails the first attempt of each instance, then answers; the first failure is announced so
    // a test can look at the instance during the back-off.
    const key = String(request.headers['idempotency-key']);
    flakyHits.push({ key, at: Date.now() });
    if (!flakyFailed.has(key)) {
      flakyFailed.add(key);
      response.writeHead(503, { 'content-type': 'text/plain' }).end('warming up');
      flakyFirstFailure?.(key);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  })
  .route('/held', (request, response) => {
    // Answers only when the test says so, after it has looked at the calling instance.
    heldRequest?.(String(request.headers['idempotency-key']), () =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"held":false}'),
    );
  })
  .route('/missing', (_request, response) =>
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no item 7"}'),
  )
  .route('/token', (request, response) => {
    const basic = `Basic ${Buffer.from('app:app-secret').toString('base64')}`;
    if (request.headers.authorization !== basic) return void response.writeHead(401).end();
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end('{"access_token":"issued-token","token_type":"Bearer","expires_in":600}');
  });

let server: TestServer;
let api: { url: string; headers: Record<string, string> };

beforeAll(async () => {
  await peer.start();
  server = await startTestServer({ env: { SLUICE_EGRESS_ALLOW: '127.0.0.1' } });
  api = { url: server.url, headers: bearer((await login(server.url)).access_token!) };
});
afterAll(async () => {
  await server.close();
  await peer.stop();
});

async function createCredential(
  target: { url: string; headers: Record<string, string> },
  properties: Record<string, unknown>,
  gid?: string,
): Promise<string> {
  const res = await call(target.url, 'POST', '/api/Credentials', {
    headers: target.headers,
    json: {
      ...(gid ? { gid } : {}),
      gtid: TemplateIds.Rest,
      name: `Peer ${randomUUID().slice(0, 8)}`,
      properties: Object.entries(properties).map(([id, value]) => ({ id, value })),
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { id: string }).id;
}

const OUTPUTS = {
  status: { setting: IDS.ResponseStatus, type: 'Integer' },
  body: { setting: IDS.ResponseBody, type: 'Object' },
  headers: { setting: IDS.ResponseHeaders, type: 'Object' },
  file: { setting: IDS.ResponseFile, type: 'File' },
} as const;

function callApi(
  credentialId: string,
  settings: Record<string, unknown>,
  options: { requestParameters?: unknown; target?: typeof api } = {},
): Promise<ActionProcessResult> {
  return runActionProcess(options.target ?? api, {
    templateId: IDS.Template,
    settings: { [IDS.Credential]: credentialId, [IDS.Verb]: GET, [IDS.Timeout]: 20, ...settings },
    ...(options.requestParameters === undefined
      ? {}
      : {
          variables: {
            [IDS.RequestParameters]: { value: options.requestParameters, type: 'Json' },
          },
        }),
    outputs: OUTPUTS,
  });
}

function succeeded(result: ActionProcessResult): Record<string, unknown> {
  expect(result.error, JSON.stringify(result.error)).toBeNull();
  expect(result.status).toBe(50);
  return result.outputs;
}

let noAuth: string;
beforeAll(async () => {
  noAuth = await createCredential(api, { [P.Url]: peer.origin, [P.AuthMethod]: Auth.NoAuth });
});

describe('authentication', () => {
  const methods: [string, () => Record<string, unknown>, Record<string, unknown>][] = [
    ['no authentication', () => ({ [P.AuthMethod]: Auth.NoAuth }), { authorization: null }],
    [
      'basic',
      () => ({ [P.AuthMethod]: Auth.Basic, [P.BasicUser]: 'ann', [P.BasicPassword]: 'pw:1' }),
      { authorization: `Basic ${Buffer.from('ann:pw:1').toString('base64')}` },
    ],
    [
      'an API key in the header',
      () => ({
        [P.AuthMethod]: Auth.ApiKey,
        [P.ApiKeyName]: 'X-Api-Key',
        [P.ApiKeyValue]: 'k-1',
        [P.ApiKeyInHeader]: true,
      }),
      { apiKey: 'k-1', query: [] },
    ],
    [
      'an API key in the query',
      () => ({
        [P.AuthMethod]: Auth.ApiKey,
        [P.ApiKeyName]: 'X-Api-Key',
        [P.ApiKeyValue]: 'k-2',
        [P.ApiKeyInQuery]: true,
      }),
      { apiKey: null, query: [['X-Api-Key', 'k-2']] },
    ],
    [
      'an API key in both',
      () => ({
        [P.AuthMethod]: Auth.ApiKey,
        [P.ApiKeyName]: 'X-Api-Key',
        [P.ApiKeyValue]: 'k-3',
        [P.ApiKeyInHeader]: true,
        [P.ApiKeyInQuery]: true,
      }),
      { apiKey: 'k-3', query: [['X-Api-Key', 'k-3']] },
    ],
    [
      'a bearer token',
      () => ({ [P.AuthMethod]: Auth.Bearer, [P.BearerToken]: 'b-token' }),
      { authorization: 'Bearer b-token' },
    ],
    [
      'OAuth2 client credentials',
      () => ({
        [P.AuthMethod]: Auth.ClientCredentials,
        [P.ClientCredentialsTokenUrl]: `${peer.origin}/token`,
        [P.ClientCredentialsClientId]: 'app',
        [P.ClientCredentialsSecret]: 'app-secret',
      }),
      { authorization: 'Bearer issued-token' },
    ],
  ];

  it.each(methods)('calls the API with %s', async (_name, properties, expected) => {
    const id = await createCredential(api, { [P.Url]: peer.origin, ...properties() });
    const outputs = succeeded(await callApi(id, { [IDS.Endpoint]: '/echo' }));
    expect(outputs.status).toBe(200);
    expect(outputs.body).toMatchObject({ method: 'GET', path: '/echo', ...expected });
  });

  describe.skipIf(!hasOpenssl())('client certificate', () => {
    let certificates: TestCertificates;
    let secure: HttpPeer;

    beforeAll(async () => {
      certificates = makeTestCertificates();
      secure = await new HttpPeer('127.0.0.1', {
        ...certificates.server,
        ca: certificates.ca,
        requestCert: true,
        rejectUnauthorized: false,
      })
        .route('/whoami', (request, response) =>
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ client: request.clientCertificate ?? null })),
        )
        .start();
    });
    afterAll(async () => secure.stop());

    it('presents the uploaded PKCS#12 certificate', async () => {
      const gid = randomUUID();
      const form = new FormData();
      form.append('package', new Blob([certificates.clientPfx]), 'client.pfx');
      const upload = await fetch(`${server.url}/api/Credentials/upload/${gid}`, {
        method: 'POST',
        headers: api.headers,
        body: form,
      });
      expect(upload.status).toBe(200);
      const path = (await upload.json()) as string;
      const id = await createCredential(
        api,
        {
          [P.Url]: secure.origin,
          [P.AuthMethod]: Auth.Certificate,
          [P.CertificateFile]: path,
          [P.CertificatePassword]: certificates.clientPfxPassword,
        },
        gid,
      );
      // The peer's certificate comes from the test's own authority, which the server does not
      // know; only for this call is it trusted without a check.
      const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
      try {
        const outputs = succeeded(await callApi(id, { [IDS.Endpoint]: '/whoami' }));
        expect(outputs.body).toEqual({ client: certificates.clientCommonName });
      } finally {
        if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
        else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
      }
    });
  });
});

describe('requests', () => {
  it('sends query parameters and headers, with the instance’s Idempotency-Key', async () => {
    const result = await callApi(
      noAuth,
      { [IDS.Endpoint]: 'echo?fixed=1' },
      {
        requestParameters: {
          body: { type: 'NONE' },
          headers: [
            { key: 'X-Trace', value: 'abc', type: 'TEXT' },
            { key: 'Accept', value: 'application/json', type: 'TEXT' },
          ],
          queryParams: [
            { key: 'page', value: '2', type: 'TEXT' },
            { key: 'q', value: 'a b&c', type: 'TEXT' },
          ],
        },
      },
    );
    const outputs = succeeded(result);
    expect(outputs.body).toMatchObject({
      query: [
        ['fixed', '1'],
        ['page', '2'],
        ['q', 'a b&c'],
      ],
    });
    expect(outputs.headers).toMatchObject({ 'x-peer': 'echo', 'content-type': 'application/json' });
    const seen = peer.to('/echo').at(-1)!;
    expect(seen.headers).toMatchObject({ 'x-trace': 'abc', accept: 'application/json' });
    expect(seen.headers['idempotency-key']).toMatch(new RegExp(`^${result.instanceId}:`, 'i'));
  });

  it('stores a binary answer as a file that GET /api/File/download serves byte for byte', async () => {
    const outputs = succeeded(await callApi(noAuth, { [IDS.Endpoint]: '/chart.png' }));
    expect(outputs.body).toBeNull();
    const file = outputs.file as FileValue;
    expect(file).toMatchObject({ name: 'chart.png', mimeType: 'image/png', size: PNG.length });
    const download = await fetch(
      `${server.url}/api/File/download?uploadFilePath=${encodeURIComponent(file.path)}`,
      { headers: api.headers },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);
  });

  describe('bodies', () => {
    let file: FileValue;
    const bodyRoute = '/body';
    beforeAll(async () => {
      peer.route(bodyRoute, (_request, response) => response.writeHead(204).end());
      file = succeeded(await callApi(noAuth, { [IDS.Endpoint]: '/chart.png' })).file as FileValue;
    });

    const send = async (body: unknown) => {
      const outputs = succeeded(
        await callApi(
          noAuth,
          { [IDS.Verb]: POST, [IDS.Endpoint]: bodyRoute },
          { requestParameters: { body, headers: [], queryParams: [] } },
        ),
      );
      expect(outputs.status).toBe(204);
      return peer.to(bodyRoute).at(-1)!;
    };

    it('sends nothing for NONE', async () => {
      const seen = await send({ type: 'NONE', value: {} });
      expect(seen.body.length).toBe(0);
      expect(seen.headers['content-type']).toBeUndefined();
    });

    it.each([
      ['JSON', '{"a":1}', 'application/json'],
      ['TEXT', 'plain words', 'text/plain; charset=utf-8'],
      ['XML', '<a>1</a>', 'application/xml'],
    ])('sends RAW %s with its media type', async (format, value, type) => {
      const seen = await send({ type: 'RAW', value: { RAW: { format, value } } });
      expect(seen.headers['content-type']).toBe(type);
      expect(seen.body.toString()).toBe(value);
    });

    it('sends X_WWW_FORM_URLENCODED', async () => {
      const seen = await send({
        type: 'X_WWW_FORM_URLENCODED',
        value: {
          X_WWW_FORM_URLENCODED: [
            { key: 'name', value: 'Ann Lee', type: 'TEXT' },
            { key: 'tags', value: 'a&b', type: 'TEXT' },
          ],
        },
      });
      expect(seen.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(seen.body.toString()).toBe('name=Ann+Lee&tags=a%26b');
    });

    it('sends FORM_DATA with a text item and a file from an earlier answer', async () => {
      const seen = await send({
        type: 'FORM_DATA',
        value: {
          FORM_DATA: [
            { key: 'title', value: 'Chart', id: randomUUID(), type: 'TEXT' },
            { key: 'upload', value: file, id: randomUUID(), type: 'FILE' },
          ],
        },
      });
      const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(
        seen.headers['content-type']!,
      )![1]!;
      expect(Number(seen.headers['content-length'])).toBe(seen.body.length);
      const expected = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nChart\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="chart.png"\r\n` +
            'Content-Type: image/png\r\n\r\n',
        ),
        PNG,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      expect(seen.body).toEqual(expected);
    });

    it('sends a file as a BINARY body', async () => {
      const seen = await send({ type: 'BINARY', value: { BINARY: file } });
      expect(seen.headers['content-type']).toBe('image/png');
      expect(seen.body).toEqual(PNG);
    });
  });

  it('runs Call API v3 with its own setting ids', async () => {
    const result = await runActionProcess(api, {
      templateId: V3.Template,
      settings: { [V3.Credential]: noAuth, [V3.Verb]: 'GET', [V3.Endpoint]: '/echo' },
      outputs: {
        status: { setting: V3.ResponseStatus, type: 'Integer' },
        body: { setting: V3.ResponseBody, type: 'Object' },
      },
    });
    expect(succeeded(result)).toMatchObject({ status: 200, body: { path: '/echo' } });
  });
});

describe('failures on the error port', () => {
  it('times out after the Time Out setting, retried, with a clear message', async () => {
    const before = peer.to('/slow').length;
    const result = await callApi(noAuth, { [IDS.Endpoint]: '/slow', [IDS.Timeout]: 1 });
    expect(result.status).toBe(50);
    expect(result.error).toMatchObject({
      code: 'timeout',
      message: `GET ${peer.origin}/slow did not answer within 1 s.`,
    });
    expect(peer.to('/slow').length - before).toBe(3);
  });

  it('lands a 500 on the error port after the retries, with the peer’s answer; one key for all', async () => {
    const result = await callApi(noAuth, { [IDS.Endpoint]: '/boom' });
    expect(result.status).toBe(50);
    expect(result.error).toMatchObject({
      code: 'http.status',
      message: `GET ${peer.origin}/boom answered 500 Internal Server Error: database is down`,
    });
    const attempts = peer.to('/boom');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers['idempotency-key'])).size).toBe(1);
  });

  it('parks the instance at 60 during a retry back-off and makes the next attempt when the queue wakes it', async () => {
    const failed = new Promise<string>((resolve) => (flakyFirstFailure = resolve));
    const running = callApi(noAuth, { [IDS.Endpoint]: '/flaky' });
    const instanceId = (await failed).split(':')[0]!;
    let parked: { status?: number } = {};
    for (let i = 0; i < 40 && parked.status !== 60; i++) {
      const res = await call(api.url, 'GET', `/api/Projects/instances/${instanceId}/status`, {
        headers: api.headers,
      });
      parked = res.body as { status?: number };
      if (parked.status !== 60) await new Promise((r) => setTimeout(r, 25));
    }
    expect(parked.status).toBe(60);
    const result = await running;
    expect(result.instanceId).toBe(instanceId);
    expect(succeeded(result)).toMatchObject({ status: 200, body: { ok: true } });
    const hits = flakyHits.filter((hit) => hit.key.startsWith(instanceId));
    expect(hits).toHaveLength(2);
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(450);
    const finished = (
      await call(api.url, 'GET', `/api/Projects/instances/${instanceId}/status`, {
        headers: api.headers,
      })
    ).body as { instance: { actionsConsumed: number } };
    // Both attempts count as executions (API.md §11); Start and Stop do not.
    expect(finished.instance.actionsConsumed).toBe(2);
  });

  it('stores a synchronous run before its call leaves the server, so the call is never unrecorded', async () => {
    const held = new Promise<{ key: string; answer: () => void }>(
      (resolve) => (heldRequest = (key, answer) => resolve({ key, answer })),
    );
    const running = callApi(noAuth, { [IDS.Endpoint]: '/held' });
    const { key, answer } = await held;
    const instanceId = key.split(':')[0]!;
    const during = await call(api.url, 'GET', `/api/Projects/instances/${instanceId}/status`, {
      headers: api.headers,
    });
    expect(during.status).toBe(200);
    expect((during.body as { status: number }).status).toBe(30);
    answer();
    const result = await running;
    expect(result.instanceId).toBe(instanceId);
    expect(succeeded(result)).toMatchObject({ status: 200, body: { held: false } });
  });

  it('lands a 404 on the error port at once, the status and body in its details', async () => {
    const result = await callApi(noAuth, { [IDS.Endpoint]: '/missing' });
    expect(result.error).toMatchObject({
      code: 'http.status',
      message: `GET ${peer.origin}/missing answered 404 Not Found: {"error":"no item 7"}`,
      details: { status: 404, body: { error: 'no item 7' } },
    });
    expect(peer.to('/missing')).toHaveLength(1);
  });
});

describe('egress policy', () => {
  const redirector = new HttpPeer('127.0.0.2');
  let strict: TestServer;
  let strictApi: typeof api;
  let onlySecondLoopback: TestServer;
  let secondApi: typeof api;

  beforeAll(async () => {
    await redirector.start();
    redirector.route('/hop', (_request, response) =>
      response.writeHead(302, { location: `${peer.origin}/echo` }).end(),
    );
    strict = await startTestServer();
    strictApi = { url: strict.url, headers: bearer((await login(strict.url)).access_token!) };
    onlySecondLoopback = await startTestServer({ env: { SLUICE_EGRESS_ALLOW: '127.0.0.2' } });
    secondApi = {
      url: onlySecondLoopback.url,
      headers: bearer((await login(onlySecondLoopback.url)).access_token!),
    };
  });
  afterAll(async () => {
    await strict.close();
    await onlySecondLoopback.close();
    await redirector.stop();
  });

  async function refused(target: typeof api, baseUrl: string, endpoint: string) {
    const id = await createCredential(target, { [P.Url]: baseUrl, [P.AuthMethod]: Auth.NoAuth });
    const before = peer.requests.length;
    const result = await callApi(id, { [IDS.Endpoint]: endpoint }, { target });
    expect(result.status).toBe(50);
    expect(result.error?.code).toBe('egress.refused');
    expect(peer.requests.length).toBe(before);
    return result.error!.message;
  }

  it('refuses the cloud metadata address', async () => {
    expect(await refused(strictApi, 'http://169.254.169.254', '/latest/meta-data/')).toContain(
      'a cloud metadata address',
    );
  });

  it('refuses loopback by default', async () => {
    expect(await refused(strictApi, peer.origin, '/echo')).toContain('a loopback address');
  });

  it('refuses a redirect from an allowed host into loopback', async () => {
    const message = await refused(secondApi, redirector.origin, '/hop');
    expect(message).toContain('127.0.0.1');
    expect(redirector.to('/hop')).toHaveLength(1);
  });
});
