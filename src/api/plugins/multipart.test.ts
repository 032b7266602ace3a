import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidInput } from '../../errors/catalogue.js';
import '../http-types.js';
import { registerErrorHandling } from './error-handler.js';
import { readPackagePart, registerMultipart, watchDeclaredType } from './multipart.js';
import { registerRequestBodies } from './request-bodies.js';

const BOUNDARY = 'sluice-boundary';
const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

function body(...parts: { head: string; data: string | Buffer }[]): Buffer {
  const chunks = parts.flatMap((p) => [
    Buffer.from(`--${BOUNDARY}\r\n${p.head}\r\n\r\n`),
    Buffer.from(p.data),
    Buffer.from('\r\n'),
  ]);
  return Buffer.concat([...chunks, Buffer.from(`--${BOUNDARY}--\r\n`)]);
}

describe('the declared-type watcher', () => {
  const cases = [
    {
      name: 'a typed package part after an untyped one',
      body: body(
        { head: 'Content-Disposition: form-data; name="FileName"; filename="a"', data: 'x' },
        {
          head: 'Content-Disposition: form-data; name=Package; filename=a.png\r\nContent-Type: image/png',
          data: 'png',
        },
      ),
      declared: true,
    },
    {
      name: 'an untyped package part after a typed one',
      body: body(
        {
          head: 'Content-Disposition: form-data; name="note"\r\nContent-Type: text/plain',
          data: 'n',
        },
        { head: 'Content-Disposition: form-data; name="package"; filename="b.bin"', data: 'bin' },
      ),
      declared: false,
    },
    {
      name: 'a body without a package part',
      body: body({ head: 'Content-Disposition: form-data; name="filename"', data: 'package' }),
      declared: undefined,
    },
  ];

  for (const c of cases) {
    it(`reads ${c.name}, however the body is split`, () => {
      for (let split = 0; split <= c.body.length; split++) {
        const raw = Object.assign(new PassThrough(), { headers: { 'content-type': CONTENT_TYPE } });
        const declared = watchDeclaredType(raw, 'package');
        raw.emit('data', c.body.subarray(0, split));
        raw.emit('data', c.body.subarray(split));
        expect(declared(), `split at ${split}`).toBe(c.declared);
      }
    });
  }
});

describe('reading the package part', () => {
  let app: FastifyInstance;
  let port: number;
  const diskFull = new Error('ENOSPC');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    app = Fastify();
    registerErrorHandling(app);
    registerRequestBodies(app);
    await registerMultipart(app, { fileLimitBytes: 1000 });
    const security = { auth: 'anonymous', workspace: false, body: ['multipart'] } as const;
    app.post('/store', { config: { security } }, async (request) =>
      readPackagePart(request, 1000, async (file) => {
        let size = 0;
        for await (const chunk of file.content) size += (chunk as Buffer).length;
        return { filename: file.filename, mimeType: file.mimeType, size };
      }),
    );
    // A consumer whose writes fail, as on a full disk: its error is thrown into the part's bytes.
    app.post('/fail', { config: { security } }, async (request) =>
      readPackagePart(request, 1000, async (file) => {
        const disk = new Writable({ write: (_chunk, _encoding, done) => done(diskFull) });
        await pipeline(file.content, disk).catch((error: unknown) => {
          throw error === diskFull ? invalidInput([{ target: 'disk', value: 'full' }]) : error;
        });
        return null;
      }),
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    agent.destroy();
    await app.close();
  });

  /** Sends the body in small writes, one event-loop turn apart. */
  function send(path: string, payload: Buffer, chunk = 4096) {
    return new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: { 'content-type': CONTENT_TYPE, 'content-length': payload.length },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      void (async () => {
        for (let at = 0; at < payload.length; at += chunk) {
          req.write(payload.subarray(at, at + chunk));
          await new Promise((r) => setImmediate(r));
        }
        req.end();
      })();
    });
  }

  it('streams the package part and skips every other part, before and after', async () => {
    const res = await send(
      '/store',
      body(
        {
          head: 'Content-Disposition: form-data; name="FileName"; filename="x"',
          data: 'y'.repeat(5000),
        },
        {
          head: 'Content-Disposition: form-data; name=package; filename=r.pdf',
          data: 'z'.repeat(900),
        },
        { head: 'Content-Disposition: form-data; name="package"; filename="again"', data: 'w' },
        { head: 'Content-Disposition: form-data; name="tail"', data: 'v' },
      ),
      7,
    );
    expect(res).toEqual({
      status: 200,
      json: { filename: 'r.pdf', mimeType: 'application/octet-stream', size: 900 },
    });
  });

  it('answers 413 past the limit and keeps the connection for the next request', async () => {
    const big = body(
      {
        head: 'Content-Disposition: form-data; name="package"; filename="big"',
        data: 'b'.repeat(50_000),
      },
      {
        head: 'Content-Disposition: form-data; name="after"; filename="more"',
        data: 'm'.repeat(5000),
      },
    );
    const res = await send('/store', big);
    expect(res.status).toBe(413);
    expect(res.json).toEqual([
      {
        statusCode: 413,
        value: 'The file is larger than the limit of 1000 bytes.',
        target: 'package',
      },
    ]);
    const next = await send(
      '/store',
      body({ head: 'Content-Disposition: form-data; name="package"; filename="s"', data: 'ok' }),
    );
    expect(next.status).toBe(200);
  });

  it('answers the consumer’s failure while the client is still sending, and reads the rest', async () => {
    const res = await send(
      '/fail',
      body(
        {
          head: 'Content-Disposition: form-data; name="package"; filename="f"',
          data: 'f'.repeat(900),
        },
        {
          head: 'Content-Disposition: form-data; name="x"; filename="x"',
          data: 'x'.repeat(20_000),
        },
      ),
      512,
    );
    expect(res).toEqual({
      status: 400,
      json: [{ statusCode: 502, value: 'full', target: 'disk' }],
    });
    const next = await send(
      '/store',
      body({ head: 'Content-Disposition: form-data; name="package"; filename="s"', data: 'ok' }),
    );
    expect(next.status).toBe(200);
  });

  it('answers 400 for a body without a package part', async () => {
    const none = await send(
      '/store',
      body({ head: 'Content-Disposition: form-data; name="other"; filename="o"', data: 'o' }),
    );
    expect(none).toEqual({
      status: 400,
      json: [
        {
          statusCode: 502,
          value: 'The multipart body has no file part named package.',
          target: 'package',
        },
      ],
    });
  });
});
