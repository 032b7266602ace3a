// Instances published and never launched are deleted after 24 hours, with their uploaded files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowBuilder } from '../../src/testing/flow-builder.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

let server: TestServer;
let auth: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  auth = bearer((await login(server.url)).access_token!);
});
afterAll(async () => server.close());

async function upload(instanceId: string, fileId: string): Promise<string> {
  const body = new FormData();
  body.append(
    'package',
    new Blob([Buffer.from('stale bytes')], { type: 'text/plain' }),
    'stale.txt',
  );
  const res = await fetch(`${server.url}/api/File/upload/flow`, {
    method: 'POST',
    headers: { ...auth, flowInstanceId: instanceId, variableName: 'doc', fileId },
    body,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as string;
}

describe('retention of unlaunched instances', () => {
  it('deletes an instance published over 24 h ago with its files, and keeps launched and recent ones', async () => {
    const f = new FlowBuilder('With a file');
    f.variable('doc', 'File', { orientation: 10 });
    f.chain(f.start(), f.stop());
    expect(
      (await call(server.url, 'POST', '/api/Projects', { headers: auth, json: f.build() })).status,
    ).toBe(200);
    const publish = async () => {
      const res = await call(server.url, 'POST', `/api/Projects/${f.id}/instances/publish`, {
        headers: auth,
        json: { doc: { name: 'stale.txt' } },
      });
      const doc = res.body as {
        id: string;
        variables: { name: string; defaultValue: { id: string } }[];
      };
      return { id: doc.id, fileId: doc.variables.find((v) => v.name === 'doc')!.defaultValue.id };
    };
    const stale = await publish();
    await upload(stale.id, stale.fileId);
    const launched = await publish();
    await upload(launched.id, launched.fileId);
    expect(
      (
        await call(
          server.url,
          'POST',
          `/api/Projects/instances/${launched.id}/launch?runSynchronous=true`,
          { headers: auth },
        )
      ).body,
    ).toMatchObject({ status: 50 });
    const filesDir = path.join(server.dataDir, 'files', 'flow');
    const before = fs
      .readdirSync(filesDir, { recursive: true })
      .filter((p) => String(p).includes(stale.id));
    expect(before.length).toBeGreaterThan(0);

    // A day after this moment: older instances are due, one published after it is not.
    const dayLater = new Date(Date.now() + 24 * 60 * 60 * 1000);
    await new Promise((r) => setTimeout(r, 20));
    const recent = await publish();
    expect(await server.app.retention.purgeUnlaunched(dayLater)).toBe(1);

    expect(
      (
        await call(server.url, 'GET', `/api/Projects/instances/${stale.id}/status`, {
          headers: auth,
        })
      ).status,
    ).toBe(404);
    expect(
      fs
        .readdirSync(filesDir, { recursive: true })
        .filter((p) => String(p).includes(stale.id) && String(p).includes(stale.fileId)),
    ).toEqual([]);
    expect(
      (
        await call(server.url, 'GET', `/api/Projects/instances/${launched.id}/status`, {
          headers: auth,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(server.url, 'GET', `/api/Projects/instances/${recent.id}/status`, {
          headers: auth,
        })
      ).status,
    ).toBe(200);
  });

  it('sweeps files abandoned by unfinished calls after an hour, and nothing a record names', async () => {
    const root = path.join(server.dataDir, 'files');
    const plant = (relative: string, ageMs: number) => {
      const file = path.join(root, ...relative.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'x');
      const at = new Date(Date.now() - ageMs);
      fs.utimesSync(file, at, at);
      return file;
    };
    const hour = 60 * 60 * 1000;
    const ws = '0b9f3c1e-0000-4000-8000-000000000001';
    const staleStaged = plant('webhooks/w1/c1/f1', 2 * hour);
    const freshStaged = plant('webhooks/w1/c2/f2', 60_000);
    const staleTest = plant(`credential-files/${ws}/test/t1/client.pem`, 2 * hour);
    const storedCertificate = plant(`credential-files/${ws}/c0ffee00/k1/client.pem`, 2 * hour);
    const deadPartial = plant('.partial/dead.part', 2 * hour);

    expect(await server.app.retention.sweepAbandonedFiles(new Date())).toBe(3);
    expect([staleStaged, staleTest, deadPartial].filter((f) => fs.existsSync(f))).toEqual([]);
    expect([freshStaged, storedCertificate].every((f) => fs.existsSync(f))).toBe(true);
  });
});
