import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedCredential } from '../credentials/resolved.js';
import {
  RestAuthMethods as Auth,
  RestProperties as P,
  RestTestMethods,
  builtinTemplate,
  TemplateIds,
} from '../credentials/templates.js';
import { EgressPolicy } from '../net/egress.js';
import {
  hasOpenssl,
  makeTestCertificates,
  type TestCertificates,
} from '../testing/certificates.js';
import { HttpClient } from './http-client.js';
import { RestCredentialError, callRest, forgetRestTokens, joinUrl, probeRest } from './rest.js';
import { runProbe } from './probes.js';

interface Seen {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
  clientCertificate?: string;
}

const seen: Seen[] = [];
let tokenRequests: Seen[] = [];
let tokensIssued = 0;
/** Tokens the API accepts; tests revoke them to see a renewal. */
const validTokens = new Set<string>();
/** Whether the token endpoint takes the client only in the body (client_secret_post). */
let tokenEndpointWantsBody = false;

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const entry: Seen = {
    method: req.method!,
    url: new URL(req.url!, 'http://peer'),
    headers: req.headers,
    body: Buffer.concat(chunks).toString(),
  };
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate === 'function' && socket.authorized)
    entry.clientCertificate = socket.getPeerCertificate().subject?.CN as string;
  if (entry.url.pathname === '/token') {
    tokenRequests.push(entry);
    const form = new URLSearchParams(entry.body);
    const basic = `Basic ${Buffer.from('client-1:client-secret').toString('base64')}`;
    const viaBasic = !tokenEndpointWantsBody && req.headers.authorization === basic;
    const viaBody =
      form.get('client_id') === 'client-1' && form.get('client_secret') === 'client-secret';
    if (form.get('grant_type') !== 'client_credentials' || !(viaBasic || viaBody)) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end('{"error":"invalid_client"}');
    }
    const token = `token-${++tokensIssued}`;
    validTokens.add(token);
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
  }
  seen.push(entry);
  const auth = req.headers.authorization ?? '';
  if (entry.url.pathname === '/oauth' && !validTokens.has(auth.replace(/^Bearer /, ''))) {
    res.writeHead(401).end('expired token');
    return;
  }
  if (
    entry.url.pathname === '/basic-only' &&
    auth !== `Basic ${Buffer.from('alice:wonderland').toString('base64')}`
  ) {
    res.writeHead(401, { 'content-type': 'text/plain' }).end('Wrong user name or password.');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
}

const server = http.createServer((req, res) => void handle(req, res));
let base: string;
const client = new HttpClient(EgressPolicy.allowing(['127.0.0.1']));
const files = new Map<string, Buffer>();
const deps = { client, readFile: async (path: string) => files.get(path) ?? null };

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await client.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
  tokenRequests = [];
  tokenEndpointWantsBody = false;
  forgetRestTokens();
});

function credential(values: Record<string, unknown>, id = 'cred-1'): ResolvedCredential {
  return {
    id,
    template: builtinTemplate(TemplateIds.Rest)!,
    name: 'Peer',
    values: new Map(Object.entries({ [P.Url]: base, ...values })),
  };
}

const get = (endpoint = '/things') => ({ method: 'GET', endpoint });

describe('URL', () => {
  it('appends the endpoint to the base URL with exactly one slash', () => {
    expect(joinUrl('https://api.example.com', 'v1/items')).toBe('https://api.example.com/v1/items');
    expect(joinUrl('https://api.example.com/', '/v1')).toBe('https://api.example.com/v1');
    expect(joinUrl('https://api.example.com/base//', '//v1')).toBe(
      'https://api.example.com/base/v1',
    );
    expect(joinUrl('https://api.example.com/base', '')).toBe('https://api.example.com/base');
    expect(joinUrl('https://api.example.com/search', '?q=1')).toBe(
      'https://api.example.com/search?q=1',
    );
  });

  it('adds query parameters after those of the endpoint, in order, repeated names kept', async () => {
    const response = await callRest(
      credential({ [P.AuthMethod]: Auth.NoAuth }),
      {
        ...get('/things?a=1'),
        query: [
          ['b', '2'],
          ['b', '3 4'],
        ],
      },
      deps,
    );
    await response.text();
    expect(seen[0]!.url.search).toBe('?a=1&b=2&b=3+4');
  });
});

describe('authentication', () => {
  it('sends no Authorization with no authentication', async () => {
    await (await callRest(credential({ [P.AuthMethod]: Auth.NoAuth }), get(), deps)).text();
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  it('sends basic credentials', async () => {
    const basic = credential({
      [P.AuthMethod]: Auth.Basic,
      [P.BasicUser]: 'alice',
      [P.BasicPassword]: 'wonderland',
    });
    const response = await callRest(basic, get('/basic-only'), deps);
    expect(response.status).toBe(200);
    await response.text();
  });

  it.each([
    ['the header when no box is ticked', {}, { header: true, query: false }],
    ['the header', { [P.ApiKeyInHeader]: true }, { header: true, query: false }],
    ['the query', { [P.ApiKeyInQuery]: 'true' }, { header: false, query: true }],
    ['both', { [P.ApiKeyInHeader]: true, [P.ApiKeyInQuery]: true }, { header: true, query: true }],
  ])('puts an API key in %s', async (_where, flags, expected) => {
    const apiKey = credential({
      [P.AuthMethod]: Auth.ApiKey,
      [P.ApiKeyName]: 'X-Api-Key',
      [P.ApiKeyValue]: 'key-value',
      ...flags,
    });
    await (await callRest(apiKey, get(), deps)).text();
    expect(seen[0]!.headers['x-api-key']).toBe(expected.header ? 'key-value' : undefined);
    expect(seen[0]!.url.searchParams.get('X-Api-Key')).toBe(expected.query ? 'key-value' : null);
  });

  it('sends a bearer token, and headers of the call win over the credential’s', async () => {
    const bearer = credential({ [P.AuthMethod]: Auth.Bearer, [P.BearerToken]: 'tok' });
    await (await callRest(bearer, get(), deps)).text();
    await (
      await callRest(bearer, { ...get(), headers: { Authorization: 'Custom x' } }, deps)
    ).text();
    expect(seen[0]!.headers.authorization).toBe('Bearer tok');
    expect(seen[1]!.headers.authorization).toBe('Custom x');
  });

  describe('OAuth2 client credentials', () => {
    const oauth = () =>
      credential({
        [P.AuthMethod]: Auth.ClientCredentials,
        [P.ClientCredentialsTokenUrl]: `${base}/token`,
        [P.ClientCredentialsClientId]: 'client-1',
        [P.ClientCredentialsSecret]: 'client-secret',
        [P.ClientCredentialsScope]: 'read write',
      });

    it('fetches a token once with HTTP Basic and reuses it until it expires', async () => {
      await (await callRest(oauth(), get('/oauth'), deps)).text();
      await (await callRest(oauth(), get('/oauth'), deps)).text();
      expect(tokenRequests).toHaveLength(1);
      expect(new URLSearchParams(tokenRequests[0]!.body).get('scope')).toBe('read write');
      expect(seen.map((s) => s.headers.authorization)).toEqual([
        `Bearer token-${tokensIssued}`,
        `Bearer token-${tokensIssued}`,
      ]);
    });

    it('renews a cached token the API no longer accepts, once', async () => {
      await (await callRest(oauth(), get('/oauth'), deps)).text();
      validTokens.clear();
      const response = await callRest(oauth(), get('/oauth'), deps);
      expect(response.status).toBe(200);
      await response.text();
      expect(tokenRequests).toHaveLength(2);
      expect(seen.map((s) => s.url.pathname)).toEqual(['/oauth', '/oauth', '/oauth']);
    });

    it('sends the client in the body when the token endpoint refuses HTTP Basic', async () => {
      tokenEndpointWantsBody = true;
      const response = await callRest(oauth(), get('/oauth'), deps);
      expect(response.status).toBe(200);
      await response.text();
      expect(tokenRequests).toHaveLength(2);
    });

    it('fails with the token endpoint’s answer when it refuses the client', async () => {
      const wrong = credential({
        [P.AuthMethod]: Auth.ClientCredentials,
        [P.ClientCredentialsTokenUrl]: `${base}/token`,
        [P.ClientCredentialsClientId]: 'client-1',
        [P.ClientCredentialsSecret]: 'not-the-secret',
      });
      const error = await callRest(wrong, get('/oauth'), deps).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestCredentialError);
      expect((error as Error).message).toMatch(/token endpoint .*\/token answered 401/);
      expect((error as Error).message).toContain('invalid_client');
      expect((error as Error).message).not.toContain('not-the-secret');
      expect(seen).toHaveLength(0);
    });
  });

  it('refuses an authorization-code OAuth2 credential with a clear message', async () => {
    const error = await callRest(credential({ [P.AuthMethod]: Auth.OAuth2 }), get(), deps).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RestCredentialError);
    expect((error as Error).message).toContain('OAuth2 client credentials');
  });
});

describe.skipIf(!hasOpenssl())('client certificates', () => {
  let certificates: TestCertificates;
  let secure: https.Server;
  let secureBase: string;
  let trusting: HttpClient;

  beforeAll(async () => {
    certificates = makeTestCertificates();
    secure = https.createServer(
      {
        ...certificates.server,
        ca: certificates.ca,
        requestCert: true,
        rejectUnauthorized: false,
      },
      (req, res) => void handle(req, res),
    );
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    secureBase = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
    trusting = new HttpClient(EgressPolicy.allowing(['127.0.0.1']), { ca: [certificates.ca] });
  });
  afterAll(async () => {
    await trusting.close();
    secure.closeAllConnections();
    await new Promise((resolve) => secure.close(resolve));
  });

  const withCertificate = (path: string, password = '') =>
    credential({
      [P.Url]: secureBase,
      [P.AuthMethod]: Auth.Certificate,
      [P.CertificateFile]: path,
      [P.CertificatePassword]: password,
    });

  it('presents a PEM certificate with its key', async () => {
    files.set('credentials/c/1/client.pem', certificates.clientPem);
    const response = await callRest(withCertificate('credentials/c/1/client.pem'), get(), {
      ...deps,
      client: trusting,
    });
    await response.text();
    expect(seen[0]!.clientCertificate).toBe(certificates.clientCommonName);
  });

  it('presents a PKCS#12 certificate opened with its password', async () => {
    files.set('credentials/c/2/client.pfx', certificates.clientPfx);
    const credentialWithPfx = withCertificate(
      'credentials/c/2/client.pfx',
      certificates.clientPfxPassword,
    );
    await (await callRest(credentialWithPfx, get(), { ...deps, client: trusting })).text();
    expect(seen[0]!.clientCertificate).toBe(certificates.clientCommonName);
  });

  it('presents nothing without a certificate, so the peer sees an anonymous client', async () => {
    const anonymous = credential({ [P.Url]: secureBase, [P.AuthMethod]: Auth.NoAuth });
    await (await callRest(anonymous, get(), { ...deps, client: trusting })).text();
    expect(seen[0]!.clientCertificate).toBeUndefined();
  });

  it('fails clearly when the certificate file is gone', async () => {
    const error = await callRest(withCertificate('credentials/c/missing/x.pem'), get(), deps).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RestCredentialError);
    expect((error as Error).message).toContain('upload it again');
  });
});

describe('probe', () => {
  const probe = (values: Record<string, unknown>, egress = EgressPolicy.allowing(['127.0.0.1'])) =>
    runProbe(probeRest, credential(values), { egress, readFile: deps.readFile });

  it('calls the test method on URL + test endpoint and succeeds on a 2xx', async () => {
    const result = await probe({
      [P.AuthMethod]: Auth.Basic,
      [P.BasicUser]: 'alice',
      [P.BasicPassword]: 'wonderland',
      [P.TestMethod]: RestTestMethods.Post,
      [P.TestEndpoint]: '/basic-only',
    });
    expect(result).toEqual({ ok: true, message: `POST ${base}/basic-only answered 200 OK.` });
    expect(seen[0]!.method).toBe('POST');
  });

  it('reports the peer’s own error for a wrong password', async () => {
    const result = await probe({
      [P.AuthMethod]: Auth.Basic,
      [P.BasicUser]: 'alice',
      [P.BasicPassword]: 'wrong',
      [P.TestEndpoint]: 'basic-only',
    });
    expect(result).toEqual({
      ok: false,
      message: `GET ${base}/basic-only answered 401 Unauthorized: Wrong user name or password.`,
    });
  });

  it('reports an egress refusal as the failure', async () => {
    const result = await probe({ [P.AuthMethod]: Auth.NoAuth }, EgressPolicy.allowing([]));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('a loopback address');
    expect(seen).toHaveLength(0);
  });

  it('never shows an API key sent in the query in its message', async () => {
    const result = await probe({
      [P.AuthMethod]: Auth.ApiKey,
      [P.ApiKeyName]: 'key',
      [P.ApiKeyValue]: 'query-secret',
      [P.ApiKeyInQuery]: true,
    });
    expect(result.ok).toBe(true);
    expect(result.message).not.toContain('query-secret');
  });
});
