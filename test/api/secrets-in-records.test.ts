// Secrets stay secret while they are used: a process that calls an API with a basic-auth and a
// bearer credential, answered by a peer that checks them, leaves neither secret in the SQLite
// file (instances, action records, anything) nor in the log.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_API_IDS as IDS } from '../../src/actions/http/call-api.action.js';
import {
  RestAuthMethods as Auth,
  RestProperties as P,
  TemplateIds,
} from '../../src/credentials/templates.js';
import { runActionProcess } from '../../src/testing/action-process.js';
import { HttpPeer } from '../../src/testing/http-peer.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

const GET = '3ab385bd-f8ae-b641-9176-e7db886aec01';
const PASSWORD = `pw-${randomUUID()}`;
const TOKEN = `tk-${randomUUID()}`;
const peer = new HttpPeer();
let logged = '';
let server: TestServer;
let api: { url: string; headers: Record<string, string> };

beforeAll(async () => {
  peer.route('/check', (request, response) => {
    const authorization = String(request.headers.authorization ?? '');
    const expected = [
      `Basic ${Buffer.from(`ann:${PASSWORD}`).toString('base64')}`,
      `Bearer ${TOKEN}`,
    ];
    response
      .writeHead(expected.includes(authorization) ? 200 : 401, {
        'content-type': 'application/json',
      })
      .end(JSON.stringify({ ok: expected.includes(authorization) }));
  });
  await peer.start();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged += chunk.toString();
      done();
    },
  });
  server = await startTestServer({
    env: { SLUICE_EGRESS_ALLOW: '127.0.0.1/32' },
    logger: pino({ level: 'trace' }, sink),
  });
  api = { url: server.url, headers: bearer((await login(server.url)).access_token!) };
});

afterAll(async () => {
  await server.close();
  await peer.stop();
});

async function credential(properties: Record<string, unknown>): Promise<string> {
  const res = await call(api.url, 'POST', '/api/Credentials', {
    headers: api.headers,
    json: {
      gtid: TemplateIds.Rest,
      name: `Secret ${randomUUID().slice(0, 8)}`,
      properties: Object.entries(properties).map(([id, value]) => ({ id, value })),
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { id: string }).id;
}

describe('secrets in use', () => {
  it('leave no trace in the instance records, the database file or the log', async () => {
    const basic = await credential({
      [P.Url]: peer.origin,
      [P.AuthMethod]: Auth.Basic,
      [P.BasicUser]: 'ann',
      [P.BasicPassword]: PASSWORD,
    });
    const token = await credential({
      [P.Url]: peer.origin,
      [P.AuthMethod]: Auth.Bearer,
      [P.BearerToken]: TOKEN,
    });
    const instances: string[] = [];
    for (const id of [basic, token]) {
      const result = await runActionProcess(api, {
        templateId: IDS.Template,
        settings: {
          [IDS.Credential]: id,
          [IDS.Verb]: GET,
          [IDS.Endpoint]: '/check',
          [IDS.Timeout]: 20,
        },
        outputs: { status: { setting: IDS.ResponseStatus, type: 'Integer' } },
      });
      // The peer saw the right secret, so the secret really was used.
      expect(result.error).toBeNull();
      expect(result.outputs.status).toBe(200);
      instances.push(result.instanceId);
    }
    for (const id of instances) {
      const status = await call(api.url, 'GET', `/api/Projects/instances/${id}/status`, {
        headers: api.headers,
      });
      const text = JSON.stringify(status.body);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(TOKEN);
    }
    const files = fs
      .readdirSync(server.dataDir)
      .filter((f) => f.startsWith('sluice.db'))
      .map((f) => fs.readFileSync(path.join(server.dataDir, f)));
    expect(files.length).toBeGreaterThan(0);
    for (const bytes of files) {
      expect(bytes.includes(PASSWORD)).toBe(false);
      expect(bytes.includes(TOKEN)).toBe(false);
    }
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).not.toContain(PASSWORD);
    expect(logged).not.toContain(TOKEN);
  });
});
