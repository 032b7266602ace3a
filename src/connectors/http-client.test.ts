import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EgressPolicy, EgressRefusedError } from '../net/egress.js';
import { HttpClient, HttpClientError, egressRefusalOf } from './http-client.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A peer on one loopback address whose routes the tests set; it records what it was sent. */
class Peer {
  readonly seen: Seen[] = [];
  routes = new Map<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>();
  private server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.seen.push({
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    });
    const route = this.routes.get(new URL(req.url!, 'http://x').pathname);
    if (route) route(req, res);
    else res.writeHead(404).end('no route');
  });

  constructor(readonly host: string) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, this.host, resolve));
    return this;
  }

  get origin(): string {
    return `http://${this.host}:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const peer = new Peer('127.0.0.1');
const other = new Peer('127.0.0.2');
const allowingBoth = EgressPolicy.allowing(['127.0.0.1', '127.0.0.2']);
const client = new HttpClient(allowingBoth);

beforeAll(async () => {
  await peer.start();
  await other.start();
});
afterAll(async () => {
  await client.close();
  await peer.stop();
  await other.stop();
});
afterEach(() => {
  peer.seen.length = 0;
  other.seen.length = 0;
  peer.routes.clear();
  other.routes.clear();
});

async function refusal(promise: Promise<unknown>): Promise<EgressRefusedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EgressRefusedError);
  return error as EgressRefusedError;
}

describe('egress', () => {
  const strict = new HttpClient(EgressPolicy.allowing([]));
  afterAll(() => strict.close());

  it('refuses a literal loopback address before any byte is sent', async () => {
    peer.routes.set('/', (_req, res) => res.end('hello'));
    const error = await refusal(strict.request({ method: 'GET', url: `${peer.origin}/` }));
    expect(error.message).toContain('a loopback address');
    expect(peer.seen).toHaveLength(0);
  });

  it('refuses the cloud metadata address', async () => {
    const error = await refusal(
      strict.request({ method: 'GET', url: 'http://169.254.169.254/latest/meta-data/' }),
    );
    expect(error.message).toContain('a cloud metadata address');
  });

  it('refuses a host name that resolves to loopback', async () => {
    const port = new URL(peer.origin).port;
    const error = await refusal(
      strict.request({ method: 'GET', url: `http://localhost:${port}/` }),
    );
    expect(error.host).toBe('localhost');
    expect(peer.seen).toHaveLength(0);
  });

  it('checks every redirect hop: an allowed peer cannot send the request to a refused one', async () => {
    const onlyOther = new HttpClient(EgressPolicy.allowing(['127.0.0.2']));
    other.routes.set('/hop', (_req, res) =>
      res.writeHead(302, { location: `${peer.origin}/secret` }).end(),
    );
    peer.routes.set('/secret', (_req, res) => res.end('secret'));
    const error = await refusal(onlyOther.request({ method: 'GET', url: `${other.origin}/hop` }));
    expect(error.address).toBe('127.0.0.1');
    expect(other.seen).toHaveLength(1);
    expect(peer.seen).toHaveLength(0);
    await onlyOther.close();
  });

  it('finds a refusal wrapped as a cause or inside an aggregate error', () => {
    const refused = new EgressRefusedError('h', '127.0.0.1', 'a loopback address');
    expect(egressRefusalOf(new Error('outer', { cause: refused }))).toBe(refused);
    expect(egressRefusalOf(new AggregateError([new Error('x'), refused]))).toBe(refused);
    expect(egressRefusalOf(new Error('plain'))).toBeNull();
  });
});

describe('requests and answers', () => {
  it('sends the method, headers and body, and answers status, headers and the body', async () => {
    peer.routes.set('/echo', (_req, res) =>
      res.writeHead(201, { 'content-type': 'application/json', 'x-one': 'a' }).end('{"ok":true}'),
    );
    const response = await client.request({
      method: 'post',
      url: `${peer.origin}/echo?x=1`,
      headers: { 'Content-Type': 'text/plain', 'X-Custom': 'yes' },
      body: 'payload',
    });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Created');
    expect(response.headers['x-one']).toBe('a');
    expect(await response.text()).toBe('{"ok":true}');
    expect(peer.seen[0]).toMatchObject({
      method: 'POST',
      url: '/echo?x=1',
      body: 'payload',
      headers: { 'content-type': 'text/plain', 'x-custom': 'yes' },
    });
  });

  it('streams a body from a factory and decompresses a gzip answer', async () => {
    peer.routes.set('/gz', (_req, res) =>
      res
        .writeHead(200, { 'content-encoding': 'gzip' })
        .end(zlib.gzipSync(Buffer.from('x'.repeat(10_000)))),
    );
    const response = await client.request({
      method: 'PUT',
      url: `${peer.origin}/gz`,
      body: () => Readable.from([Buffer.from('part1-'), Buffer.from('part2')]),
    });
    expect(await response.text()).toBe('x'.repeat(10_000));
    expect(peer.seen[0]!.body).toBe('part1-part2');
  });

  it('refuses a URL that is not http(s) or carries a password', async () => {
    for (const url of ['ftp://127.0.0.1/', 'http://user:pw@127.0.0.1/', 'not a url']) {
      const error = await client.request({ method: 'GET', url }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpClientError);
      expect((error as HttpClientError).kind).toBe('invalid-url');
    }
  });

  it('reports a refused connection as a network failure', async () => {
    const closed = new Peer('127.0.0.1');
    await closed.start();
    const origin = closed.origin;
    await closed.stop();
    const error = await client.request({ method: 'GET', url: origin }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpClientError);
    expect((error as HttpClientError).kind).toBe('network');
    expect((error as HttpClientError).message).toContain('ECONNREFUSED');
  });
});

describe('redirects', () => {
  it('follows up to five redirects and refuses the sixth', async () => {
    peer.routes.set('/loop', (req, res) => {
      const n = Number(new URL(req.url!, 'http://x').searchParams.get('n'));
      res.writeHead(302, { location: `/loop?n=${n + 1}` }).end();
    });
    peer.routes.set('/five', (req, res) => {
      const n = Number(new URL(req.url!, 'http://x').searchParams.get('n') ?? 0);
      if (n < 5) res.writeHead(301, { location: `/five?n=${n + 1}` }).end();
      else res.end(`arrived after ${n}`);
    });
    const five = await client.request({ method: 'GET', url: `${peer.origin}/five` });
    expect(await five.text()).toBe('arrived after 5');
    expect(five.redirects).toBe(5);
    expect(five.url.search).toBe('?n=5');

    const error = await client
      .request({ method: 'GET', url: `${peer.origin}/loop?n=0` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpClientError);
    expect((error as HttpClientError).kind).toBe('redirects');
    expect(peer.seen).toHaveLength(6 + 6);
  });

  it('turns a POST into a body-less GET on 303 and replays method and body on 307', async () => {
    peer.routes.set('/see-other', (_req, res) => res.writeHead(303, { location: '/done' }).end());
    peer.routes.set('/temporary', (_req, res) => res.writeHead(307, { location: '/done' }).end());
    peer.routes.set('/done', (_req, res) => res.end('done'));
    let made = 0;
    const body = () => {
      made++;
      return Readable.from([Buffer.from('the body')]);
    };
    await (
      await client.request({ method: 'POST', url: `${peer.origin}/see-other`, body })
    ).discard();
    await (await client.request({ method: 'POST', url: `${peer.origin}/temporary`, body })).text();
    const [, afterSeeOther, , afterTemporary] = peer.seen;
    expect(afterSeeOther).toMatchObject({ method: 'GET', body: '' });
    expect(afterTemporary).toMatchObject({ method: 'POST', body: 'the body' });
    expect(made).toBe(3);
  });

  it('drops Authorization and cookies when a redirect leaves the origin, keeps them within it', async () => {
    peer.routes.set('/same', (_req, res) => res.writeHead(302, { location: '/landing' }).end());
    peer.routes.set('/away', (_req, res) =>
      res.writeHead(302, { location: `${other.origin}/landing` }).end(),
    );
    peer.routes.set('/landing', (_req, res) => res.end());
    other.routes.set('/landing', (_req, res) => res.end());
    const headers = { authorization: 'Bearer secret-token', cookie: 'a=b', 'x-keep': 'kept' };
    await (await client.request({ method: 'GET', url: `${peer.origin}/same`, headers })).text();
    await (await client.request({ method: 'GET', url: `${peer.origin}/away`, headers })).text();
    expect(peer.seen[1]!.headers).toMatchObject({ authorization: 'Bearer secret-token' });
    expect(other.seen[0]!.headers.authorization).toBeUndefined();
    expect(other.seen[0]!.headers.cookie).toBeUndefined();
    expect(other.seen[0]!.headers['x-keep']).toBe('kept');
  });
});

describe('limits', () => {
  it('times out while waiting for the answer', async () => {
    peer.routes.set('/slow', () => undefined);
    const started = Date.now();
    const error = await client
      .request({ method: 'GET', url: `${peer.origin}/slow`, timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpClientError);
    expect((error as HttpClientError).kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('times out while the body trickles in, since the limit covers the whole exchange', async () => {
    peer.routes.set('/trickle', (_req, res) => {
      res.writeHead(200);
      res.write('first');
    });
    const response = await client.request({
      method: 'GET',
      url: `${peer.origin}/trickle`,
      timeoutMs: 300,
    });
    const error = await response.text().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpClientError);
    expect((error as HttpClientError).kind).toBe('timeout');
  });

  it('stops when the caller aborts, with the caller’s reason', async () => {
    peer.routes.set('/slow', () => undefined);
    const controller = new AbortController();
    const pending = client.request({
      method: 'GET',
      url: `${peer.origin}/slow`,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('stopped by the user')), 50);
    await expect(pending).rejects.toThrow('stopped by the user');
  });

  it('fails a body over the response limit, and over a smaller limit given when reading', async () => {
    peer.routes.set('/big', (_req, res) => res.end(Buffer.alloc(100_000)));
    const limited = await client.request({
      method: 'GET',
      url: `${peer.origin}/big`,
      maxResponseBytes: 10_000,
    });
    const error = await limited.bytes().catch((e: unknown) => e);
    expect((error as HttpClientError).kind).toBe('too-large');

    const whole = await client.request({ method: 'GET', url: `${peer.origin}/big` });
    const small = await whole.bytes(1000).catch((e: unknown) => e);
    expect((small as HttpClientError).kind).toBe('too-large');

    const fits = await client.request({ method: 'GET', url: `${peer.origin}/big` });
    expect((await fits.bytes(100_000)).length).toBe(100_000);
  });
});
