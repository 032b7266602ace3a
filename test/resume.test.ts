// Nothing accepted is lost: a server killed with SIGKILL while instances are mid-run resumes
// every one of them on restart, from its last recorded action.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FlowBuilder, lit, ref } from '../src/testing/flow-builder.js';
import { CONCATENATE_IDS } from '../src/actions/strings/concatenate.action.js';
import { ADD_NUMBERS_IDS } from '../src/actions/numbers/add.action.js';
import { bearer, call, login } from '../src/testing/test-server.js';

const BIN = path.resolve('bin/sluice.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-resume-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function serve(): Promise<{ child: ChildProcess; url: string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('SLUICE_')),
  );
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...env,
      SLUICE_DATA_DIR: dataDir,
      SLUICE_PORT: '0',
      SLUICE_ADMIN_PASSWORD: 'admin-password-1',
      SLUICE_LOG_LEVEL: 'info',
    },
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listen line:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"urls":\["(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

describe('resume after SIGKILL', () => {
  it('finishes all 50 instances that were mid-run when the server was killed, each action recorded once', async () => {
    let server = await serve();
    const auth = bearer((await login(server.url, 'admin', 'admin-password-1')).access_token!);
    // Start → tag → Delay (1 s, parked at 60) → greet → Stop: killed while every instance waits or runs.
    const f = new FlowBuilder('Survivor');
    const name = f.variable('name', 'String', { orientation: 10 });
    const tagged = f.variable('tagged', 'String');
    const result = f.variable('result', 'String', { orientation: 30 });
    const start = f.start();
    const tag = f.node(CONCATENATE_IDS.Template, 'Tag', {
      [CONCATENATE_IDS.First]: ref(name),
      [CONCATENATE_IDS.Second]: lit('+tag'),
      [CONCATENATE_IDS.Result]: ref(tagged),
    });
    const wait = f.delay({ value: 1, interval: 1 });
    const greet = f.node(CONCATENATE_IDS.Template, 'Greet', {
      [CONCATENATE_IDS.First]: ref(tagged),
      [CONCATENATE_IDS.Second]: lit('+done'),
      [CONCATENATE_IDS.Result]: ref(result),
    });
    f.chain(start, tag, wait, greet, f.stop());
    expect(
      (await call(server.url, 'POST', '/api/Projects', { headers: auth, json: f.build() })).status,
    ).toBe(200);
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await call(server.url, 'POST', `/api/Projects/${f.id}/run`, {
        headers: auth,
        json: { payload: { name: `n${i}` } },
      });
      ids.push((res.body as { instanceId: string }).instanceId);
    }
    server.child.kill('SIGKILL');
    await new Promise((r) => server.child.once('exit', r));

    const db = new Database(path.join(dataDir, 'sluice.db'), { readonly: true });
    const midRun = db
      .prepare(`select count(*) as n from instances where status not in (6, 40, 50)`)
      .get() as { n: number };
    db.close();
    expect(midRun.n).toBeGreaterThan(0);

    server = await serve();
    const deadline = Date.now() + 45_000;
    let statuses: number[] = [];
    while (Date.now() < deadline) {
      statuses = await Promise.all(
        ids.map(
          async (id) =>
            (
              (
                await call(server.url, 'GET', `/api/Projects/instances/${id}/status`, {
                  headers: auth,
                })
              ).body as { status: number }
            ).status,
        ),
      );
      if (statuses.every((s) => s === 50)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(statuses).toEqual(ids.map(() => 50));
    for (const [i, id] of ids.entries()) {
      const status = (
        await call(server.url, 'GET', `/api/Projects/instances/${id}/status`, { headers: auth })
      ).body as { variable: Record<string, unknown>; instance: { actions: { status: number }[] } };
      expect(status.variable).toEqual({ result: `n${i}+tag+done` });
      expect(status.instance.actions.map((a) => a.status)).toEqual([40, 40, 40, 40, 40]);
    }
    const check = new Database(path.join(dataDir, 'sluice.db'), { readonly: true });
    const done = check
      .prepare(
        `select instance_id, action_id, count(*) as n from action_runs where status = 40 group by instance_id, action_id having n > 1`,
      )
      .all();
    const perInstance = check
      .prepare(`select count(*) as n from action_runs where status = 40 group by instance_id`)
      .all() as { n: number }[];
    check.close();
    expect(done).toEqual([]);
    expect(perInstance.every((r) => r.n === 5)).toBe(true);
  }, 90_000);

  it('finishes a synchronous run that was mid-run in the killed server, once its lease lapses', async () => {
    let server = await serve();
    const auth = bearer((await login(server.url, 'admin', 'admin-password-1')).access_token!);
    const f = new FlowBuilder('Long sum');
    const numbers = f.variable('numbers', 'Integer', { orientation: 10, list: true });
    const item = f.variable('item', 'Integer');
    const sum = f.variable('sum', 'Integer', { orientation: 30, defaultValue: 0 });
    const start = f.start();
    const loop = f.forEach(numbers, item);
    const add = f.node(
      ADD_NUMBERS_IDS.Template,
      'Add',
      {
        [ADD_NUMBERS_IDS.First]: ref(sum),
        [ADD_NUMBERS_IDS.Second]: ref(item),
        [ADD_NUMBERS_IDS.Result]: ref(sum),
      },
      { parent: loop },
    );
    f.chain(start, loop).edge(loop, add).edge(add, loop).edge(loop, f.stop());
    expect(
      (await call(server.url, 'POST', '/api/Projects', { headers: auth, json: f.build() })).status,
    ).toBe(200);
    // Long enough to be stored mid-run: a synchronous run of pure actions is stored after 1 s.
    const count = 200_000;
    const pending = call(
      server.url,
      'POST',
      `/api/Projects/${f.id}/run?runSynchronous=true&secondsTimeOut=120`,
      { headers: auth, json: { payload: { numbers: Array.from({ length: count }, (_, i) => i) } } },
    ).catch(() => null);
    // Kill it once the instance is stored and running, long before its 40,000 items are done.
    const file = path.join(dataDir, 'sluice.db');
    let running: { id: string } | undefined;
    for (let i = 0; i < 200 && !running; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const db = new Database(file, { readonly: true });
      running = db
        .prepare(`select id from instances where process_id = ? and status = 30`)
        .get(f.id.toLowerCase()) as { id: string } | undefined;
      db.close();
    }
    expect(running).toBeDefined();
    server.child.kill('SIGKILL');
    await new Promise((r) => server.child.once('exit', r));
    expect(await pending).toBeNull();

    server = await serve();
    const deadline = Date.now() + 60_000;
    let status: { status: number; variable: Record<string, unknown> } = { status: 0, variable: {} };
    while (Date.now() < deadline) {
      status = (
        await call(server.url, 'GET', `/api/Projects/instances/${running!.id}/status`, {
          headers: auth,
        })
      ).body as typeof status;
      if (status.status === 50) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toMatchObject({ status: 50, variable: { sum: (count * (count - 1)) / 2 } });
  }, 120_000);
});
