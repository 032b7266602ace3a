// The live credential test and credential file uploads through the real HTTP API (API.md §7.3,
// §7.4), against real local peers: the REST probe for every authentication method, the peer's own
// error on a refusal, the egress policy, what a test of a stored credential may change (its
// status, nothing else), and uploaded files — stored ones and test ones — used by a probe.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RestAuthMethods as Auth,
  RestProperties as P,
  RestTestMethods,
  TemplateIds,
} from '../../src/credentials/templates.js';
import {
  hasOpenssl,
  makeTestCertificates,
  type TestCertificates,
} from '../../src/testing/certificates.js';
import { HttpPeer } from '../../src/testing/http-peer.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

type Json = Record<string, unknown>;
type Headers = Record<string, string>;

const MASK = '********';
const BASIC = `Basic ${Buffer.from('ann:right-password').toString('base64')}`;

/** Answers 200 only to the authentication the tests configure; 401 with its reason otherwise. */
const peer = new HttpPeer('127.0.0.1')
  .route('/secured', (request, response) => {
    const { authorization } = request.headers;
    const key = request.headers['x-api-key'] ?? request.url.searchParams.get('api_key');
    const accepted =
      authorization === BASIC ||
      authorization === 'Bearer b-token' ||
      authorization === 'Bearer issued-token' ||
      key === 'k-1';
    if (accepted) return void response.writeHead(200).end('fine');
    response.writeHead(401, { 'content-type': 'text/plain' }).end('Wrong user name or password.');
  })
  .route('/token', (request, response) => {
    const basic = `Basic ${Buffer.from('app:app-secret').toString('base64')}`;
    if (request.headers.authorization !== basic && !request.body.includes('client_secret=app'))
      return void response.writeHead(401, { 'content-type': 'application/json' }).end('{}');
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end('{"access_token":"issued-token","expires_in":600}');
  });

let server: TestServer;
let user: Headers;
let apiKey: Headers;

beforeAll(async () => {
  await peer.start();
  server = await startTestServer({ env: { SLUICE_EGRESS_ALLOW: '127.0.0.1' } });
  user = bearer((await login(server.url)).access_token!);
  const key = (await call(server.url, 'POST', '/api/ApiKey', { headers: user })).body as {
    name: string;
    value: string;
  };
  apiKey = { key: key.name, value: key.value };
});
afterAll(async () => {
  await server.close();
  await peer.stop();
});

function restCredential(properties: Json, extra: Json = {}): Json {
  return {
    gtid: TemplateIds.Rest,
    name: 'Peer',
    properties: Object.entries({
      [P.Url]: peer.origin,
      [P.TestMethod]: RestTestMethods.Get,
      [P.TestEndpoint]: '/secured',
      ...properties,
    }).map(([id, value]) => ({ id, value })),
    ...extra,
  };
}

const BASIC_RIGHT = {
  [P.AuthMethod]: Auth.Basic,
  [P.BasicUser]: 'ann',
  [P.BasicPassword]: 'right-password',
};

async function probe(body: unknown, headers: Headers = user, target = server.url) {
  return call(target, 'POST', '/api/Credentials/test', { headers, json: body });
}

async function upload(route: string, data: Buffer, name = 'client.pfx', headers = user) {
  const form = new FormData();
  form.append('package', new Blob([data]), name);
  const res = await fetch(`${server.url}/api/Credentials/upload/${route}`, {
    method: 'POST',
    headers,
    body: form,
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as unknown };
}

describe('REST probe', () => {
  const methods: [string, () => Json][] = [
    ['basic', () => BASIC_RIGHT],
    [
      'an API key in the header',
      () => ({
        [P.AuthMethod]: Auth.ApiKey,
        [P.ApiKeyName]: 'X-Api-Key',
        [P.ApiKeyValue]: 'k-1',
        [P.ApiKeyInHeader]: true,
      }),
    ],
    [
      'an API key in the query',
      () => ({
        [P.AuthMethod]: Auth.ApiKey,
        [P.ApiKeyName]: 'api_key',
        [P.ApiKeyValue]: 'k-1',
        [P.ApiKeyInQuery]: true,
      }),
    ],
    [
      'an API key in both',
      () => ({
        [P.AuthMethod]: Auth.ApiKey,
        [P.ApiKeyName]: 'api_key',
        [P.ApiKeyValue]: 'k-1',
        [P.ApiKeyInHeader]: true,
        [P.ApiKeyInQuery]: true,
      }),
    ],
    ['a bearer token', () => ({ [P.AuthMethod]: Auth.Bearer, [P.BearerToken]: 'b-token' })],
    [
      'OAuth2 client credentials',
      () => ({
        [P.AuthMethod]: Auth.ClientCredentials,
        [P.ClientCredentialsTokenUrl]: `${peer.origin}/token`,
        [P.ClientCredentialsClientId]: 'app',
        [P.ClientCredentialsSecret]: 'app-secret',
      }),
    ],
  ];

  it.each(methods)('succeeds with %s, answering what was checked', async (_name, properties) => {
    const res = await probe(restCredential(properties()));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      isSuccess: true,
      message: `GET ${peer.origin}/secured answered 200 OK.`,
    });
  });

  it('succeeds with no authentication on an open endpoint, with the test method', async () => {
    peer.route('/open', (_request, response) => response.writeHead(204).end());
    const res = await probe(
      restCredential({
        [P.AuthMethod]: Auth.NoAuth,
        [P.TestEndpoint]: 'open',
        [P.TestMethod]: RestTestMethods.Post,
      }),
    );
    expect(res.body).toEqual({
      isSuccess: true,
      message: `POST ${peer.origin}/open answered 204 No Content.`,
    });
    expect(peer.to('/open').at(-1)!.method).toBe('POST');
  });

  it.each([
    ['a Bearer user', () => user],
    ['an API key', () => apiKey],
  ])(
    'answers 400 with the peer’s error for a wrong password, never the password (%s)',
    async (_who, headers) => {
      const res = await probe(
        restCredential({ ...BASIC_RIGHT, [P.BasicPassword]: 'wrong-password' }),
        headers(),
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual([
        {
          statusCode: 502,
          value: `GET ${peer.origin}/secured answered 401 Unauthorized: Wrong user name or password.`,
          target: 'connection',
        },
      ]);
      expect(res.text).not.toContain('wrong-password');
    },
  );

  it('answers 400 when the peer cannot be reached', async () => {
    const gone = new HttpPeer('127.0.0.1');
    await gone.start();
    const origin = gone.origin;
    await gone.stop();
    const res = await probe(restCredential({ [P.AuthMethod]: Auth.NoAuth, [P.Url]: origin }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { statusCode: 502, value: expect.stringContaining('ECONNREFUSED'), target: 'connection' },
    ]);
  });

  it('answers 400 for a refused address under the default egress policy, and sends nothing', async () => {
    const strict = await startTestServer();
    try {
      const token = bearer((await login(strict.url)).access_token!);
      const before = peer.requests.length;
      const loopback = await probe(restCredential(BASIC_RIGHT), token, strict.url);
      expect(loopback.status).toBe(400);
      expect(loopback.body).toEqual([
        {
          statusCode: 502,
          value: expect.stringContaining('a loopback address'),
          target: 'connection',
        },
      ]);
      const metadata = await probe(
        restCredential({ [P.AuthMethod]: Auth.NoAuth, [P.Url]: 'http://169.254.169.254' }),
        token,
        strict.url,
      );
      expect(metadata.status).toBe(400);
      expect((metadata.body as Json[])[0]!.value).toContain('a cloud metadata address');
      expect(peer.requests.length).toBe(before);
    } finally {
      await strict.close();
    }
  });
});

describe('testing a stored credential', () => {
  async function stored(properties: Json): Promise<{ id: string; credential: Json }> {
    const res = await call(server.url, 'POST', '/api/Credentials', {
      headers: user,
      json: restCredential(properties),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const id = (res.body as { id: string }).id;
    return {
      id,
      credential: (await call(server.url, 'GET', `/api/Credentials/${id}`, { headers: user }))
        .body as Json,
    };
  }

  const read = async (id: string) =>
    (await call(server.url, 'GET', `/api/Credentials/${id}`, { headers: user })).body as Json;

  it('uses the stored secret for a masked one, sets status and changes nothing else', async () => {
    const { id, credential } = await stored(BASIC_RIGHT);
    expect(credential.status).toBe(false);
    expect((credential.properties as Json[]).find((p) => p.id === P.BasicPassword)!.value).toBe(
      MASK,
    );
    const res = await probe({ ...credential, gid: id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = await read(id);
    expect(after.status).toBe(true);
    expect({ ...after, status: false }).toEqual(credential);
  });

  it('sets status back to false when the stored credential stops working', async () => {
    const { id, credential } = await stored(BASIC_RIGHT);
    await probe({ ...credential, gid: id });
    expect((await read(id)).status).toBe(true);
    peer.route('/secured-later', (_request, response) => response.writeHead(403).end('revoked'));
    const moved = await call(server.url, 'PUT', '/api/Credentials', {
      headers: user,
      json: restCredential(
        { ...BASIC_RIGHT, [P.BasicPassword]: MASK, [P.TestEndpoint]: '/secured-later' },
        {
          gid: id,
        },
      ),
    });
    expect(moved.status).toBe(200);
    const res = await probe({ ...(await read(id)), gid: id });
    expect(res.status).toBe(400);
    expect((res.body as Json[])[0]!.value).toContain('403 Forbidden: revoked');
    expect((await read(id)).status).toBe(false);
  });

  it('leaves status alone when the test is of values other than the stored ones', async () => {
    const { id, credential } = await stored(BASIC_RIGHT);
    const res = await probe(
      restCredential(
        { ...BASIC_RIGHT, [P.BasicPassword]: MASK, [P.TestEndpoint]: '/secured?x=1' },
        { gid: id },
      ),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await read(id)).toEqual(credential);
  });

  it('tests an unsaved credential without storing it', async () => {
    const before = (await call(server.url, 'GET', '/api/Credentials/count', { headers: user }))
      .body;
    const gid = randomUUID();
    expect((await probe(restCredential(BASIC_RIGHT, { gid }))).status).toBe(200);
    expect((await call(server.url, 'GET', '/api/Credentials/count', { headers: user })).body).toBe(
      before,
    );
    expect(
      (await call(server.url, 'GET', `/api/Credentials/${gid}`, { headers: user })).status,
    ).toBe(404);
  });
});

describe('bad input', () => {
  it('validates the body with a schema (400, never 500)', async () => {
    for (const body of [{ properties: 'x' }, { gtid: 5 }, [1, 2], 'text']) {
      const res = await probe(body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
    }
  });

  it('answers 113 for an empty required field and 400 for an unknown template', async () => {
    const missing = await probe(
      restCredential({ [P.AuthMethod]: Auth.Basic, [P.BasicUser]: 'ann' }),
    );
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual([
      {
        statusCode: 113,
        value: 'Required credentials fields should not be empty.',
        target: 'Password',
      },
    ]);
    const unknown = await probe({ ...restCredential(BASIC_RIGHT), gtid: randomUUID() });
    expect(unknown.status).toBe(400);
    expect((unknown.body as Json[])[0]!.target).toBe('gtid');
  });

  it('answers 400 for a template Sluice has no test for', async () => {
    const template = await call(server.url, 'POST', '/api/Credentials/types', {
      headers: user,
      json: { name: 'Own', type: 'own', properties: [{ label: 'Host' }] },
    });
    expect(template.status).toBe(200);
    const res = await probe({ gtid: (template.body as Json).gid, name: 'x', properties: [] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { statusCode: 502, value: 'Credentials of type "own" cannot be tested.', target: 'gtid' },
    ]);
  });
});

describe('uploads', () => {
  it.each([
    ['a Bearer user', () => user],
    ['an API key', () => apiKey],
  ])(
    'answers the stored path of a credential file and of a test file (%s)',
    async (_who, headers) => {
      const gid = randomUUID();
      const stored = await upload(gid.toUpperCase(), randomBytes(300), 'my cert.pfx', headers());
      expect(stored.status).toBe(200);
      expect(stored.body).toMatch(new RegExp(`^credentials/${gid}/[0-9a-f-]{36}/my_cert\\.pfx$`));
      const test = await upload('test', randomBytes(300), 'client.pem', headers());
      expect(test.status).toBe(200);
      expect(test.body).toMatch(/^credentials\/test\/[0-9a-f-]{36}\/client\.pem$/);
    },
  );

  it('refuses an id that is not a GUID, a body without a package part and a file over 1 MiB', async () => {
    const notGuid = await upload('not-a-guid', randomBytes(10));
    expect(notGuid.status).toBe(400);
    expect((notGuid.body as Json[])[0]!.target).toBe('credentialsId');

    const form = new FormData();
    form.append('other', new Blob([randomBytes(10)]), 'x.pfx');
    const noPackage = await fetch(`${server.url}/api/Credentials/upload/test`, {
      method: 'POST',
      headers: user,
      body: form,
    });
    expect(noPackage.status).toBe(400);

    const large = await upload('test', randomBytes(1024 * 1024 + 1));
    expect(large.status).toBe(413);
  });

  describe.skipIf(!hasOpenssl())('used by a probe', () => {
    let certificates: TestCertificates;
    let secure: HttpPeer;
    let previous: string | undefined;

    beforeAll(async () => {
      certificates = makeTestCertificates();
      secure = await new HttpPeer('127.0.0.1', {
        ...certificates.server,
        ca: certificates.ca,
        requestCert: true,
        rejectUnauthorized: false,
      })
        .route('/me', (request, response) =>
          request.clientCertificate
            ? response.writeHead(200).end()
            : response.writeHead(401).end('A client certificate is required.'),
        )
        .start();
      // The peer's certificate comes from the test's own authority, which the server does not
      // know; these tests trust it without a check.
      previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    });
    afterAll(async () => {
      if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
      await secure.stop();
    });

    const withCertificate = (path: string, password = '') =>
      restCredential({
        [P.Url]: secure.origin,
        [P.TestEndpoint]: '/me',
        [P.AuthMethod]: Auth.Certificate,
        [P.CertificateFile]: path,
        [P.CertificatePassword]: password,
      });

    it('presents an uploaded test certificate (PEM) to the peer', async () => {
      const path = (await upload('test', certificates.clientPem, 'client.pem')).body as string;
      const res = await probe(withCertificate(path));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(secure.to('/me').at(-1)!.clientCertificate).toBe(certificates.clientCommonName);
    });

    it('presents a stored credential’s PKCS#12 certificate with its password', async () => {
      const gid = randomUUID();
      const path = (await upload(gid, certificates.clientPfx)).body as string;
      const res = await probe(withCertificate(path, certificates.clientPfxPassword));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });

    it('deletes a credential’s uploaded files with the credential', async () => {
      const gid = randomUUID();
      const path = (await upload(gid, certificates.clientPem, 'client.pem')).body as string;
      const saved = await call(server.url, 'POST', '/api/Credentials', {
        headers: user,
        json: { ...withCertificate(path), gid, name: `Certificate ${gid.slice(0, 8)}` },
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect((await probe(withCertificate(path))).status).toBe(200);
      const deleted = await call(server.url, 'DELETE', `/api/Credentials/${gid}`, {
        headers: user,
      });
      expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
      const res = await probe(withCertificate(path));
      expect(res.status).toBe(400);
      expect((res.body as Json[])[0]!.value).toContain('certificate file');
    });

    it('fails with the reason when the file is not one of this workspace', async () => {
      const res = await probe(withCertificate(`credentials/test/${randomUUID()}/client.pem`));
      expect(res.status).toBe(400);
      expect((res.body as Json[])[0]!.value).toContain('certificate file');
    });
  });
});
