// Schedules through the real HTTP API (API.md §8) with a controllable clock: the document and its
// errors in PROCESIO's shape, validate-crontab, every recurrence type's fire times, daylight saving
// in a real zone, ONCE schedules, skips of processes that cannot run, catch-up after downtime,
// File inputs, notification e-mails and the fire log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { CONCATENATE_IDS } from '../../src/actions/strings/concatenate.action.js';
import { loadConfig } from '../../src/config/config.js';
import type { Clock } from '../../src/ports/clock.js';
import type { MailMessage, Mailer } from '../../src/ports/mailer.js';
import { FlowBuilder, lit, ref } from '../../src/testing/flow-builder.js';
import { ADMIN_PASSWORD, bearer, call, login } from '../../src/testing/test-server.js';

/** A clock the test moves; it only goes forward, as time does. */
class ManualClock implements Clock {
  private at: number;
  constructor(iso: string) {
    this.at = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.at);
  }
  set(iso: string): void {
    const next = Date.parse(iso);
    if (next < this.at) throw new Error(`the test clock cannot go back to ${iso}`);
    this.at = next;
  }
}

class RecordingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }
}

const clock = new ManualClock('2026-03-01T00:00:00Z');
const mailer = new RecordingMailer();
let app: App;
let url: string;
let dataDir: string;
let auth: Record<string, string>;
let bearerAuth: Record<string, string>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-schedules-'));
  const config = loadConfig({
    SLUICE_DATA_DIR: dataDir,
    SLUICE_PORT: '0',
    SLUICE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    SLUICE_LOG_LEVEL: 'silent',
  });
  app = await createApp({ config, clock, mailer });
  url = (await app.start()).urls[0]!;
  bearerAuth = bearer((await login(url)).access_token!);
  // Access tokens expire by the test clock; an API key does not.
  const key = (await call(url, 'POST', '/api/ApiKey', { headers: bearerAuth })).body as {
    name: string;
    value: string;
  };
  auth = { key: key.name, value: key.value };
});

afterAll(async () => {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Schedules left enabled would fire in every later test as the clock moves on.
afterEach(async () => {
  const all = (await api('GET', '/api/Schedules')).body as { pageItems: ScheduleDoc[] };
  for (const s of all.pageItems.filter((s) => s.status))
    await api('PATCH', `/api/Schedules/${s.id}/status?enable=false`);
});

interface ScheduleDoc {
  id: string;
  name: string;
  description: string | null;
  status: boolean;
  targetProcess: string;
  processName: string | null;
  processInputs: { id: string; value: unknown }[];
  notification: { emailList: string; isEnabled: boolean; onSuccess: boolean; onFail: boolean };
  recurrence: Record<string, unknown>;
  catchUpPolicy: number;
  nextRunOn: string | null;
  lastFire: {
    dueOn: string;
    firedOn: string;
    instanceId: string | null;
    skippedReason: string | null;
  } | null;
  createdBy: string | null;
}

interface RunRow {
  dueOn: string;
  firedOn: string;
  outcome: string;
  instanceId: string | null;
  skippedReason: string | null;
  detail: string | null;
  lagMs: number;
}

function api(method: string, route: string, json?: unknown, headers = auth) {
  return call(url, method, route, { headers, ...(json === undefined ? {} : { json }) });
}

/** A process with an input `region` that answers `greeting` = region + " report". */
async function reportProcess(title = 'Regional report'): Promise<{ id: string; region: string }> {
  const f = new FlowBuilder(title);
  const region = f.variable('region', 'String', { orientation: 10, required: true });
  const greeting = f.variable('greeting', 'String', { orientation: 30 });
  const start = f.start();
  const concat = f.node(CONCATENATE_IDS.Template, 'Concatenate', {
    [CONCATENATE_IDS.First]: ref(region),
    [CONCATENATE_IDS.Second]: lit(' report'),
    [CONCATENATE_IDS.Result]: ref(greeting),
  });
  f.chain(start, concat, f.stop());
  const res = await api('POST', '/api/Projects', f.build());
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { id: f.id, region };
}

function body(
  process: { id: string; region: string },
  recurrence: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    name: 'Nightly report',
    description: '',
    status: false,
    targetProcess: process.id,
    processInputs: [{ id: process.region, value: 'EMEA' }],
    recurrence,
    ...extra,
  };
}

async function create(json: unknown): Promise<ScheduleDoc> {
  const res = await api('POST', '/api/Schedules', json);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as ScheduleDoc;
}

async function read(id: string): Promise<ScheduleDoc> {
  const res = await api('GET', `/api/Schedules/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as ScheduleDoc;
}

/** Moves the clock and runs one scheduler pass, as a server's tick would at that instant. */
async function tickAt(iso: string): Promise<void> {
  clock.set(iso);
  await app.scheduler.runOnce();
}

async function runsOf(id: string): Promise<RunRow[]> {
  const res = await api('GET', `/api/Schedules/${id}/runs`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { pageItems: RunRow[] }).pageItems;
}

async function instancesOf(processId: string) {
  const res = await api('GET', `/api/Projects/${processId}/instances`);
  expect(res.status).toBe(200);
  return (res.body as { pageItems: { id: string; scheduleName: string | null }[] }).pageItems;
}

async function finished(instanceId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await api('GET', `/api/Projects/instances/${instanceId}/status`);
    const status = res.body as {
      status: number;
      variable: Record<string, unknown>;
      instance: Record<string, unknown> & { variables: { name: string; defaultValue: unknown }[] };
    };
    if ([6, 40, 50].includes(status.status) || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const cron = (expression: string, timeZone: string, startDate = '2026-01-01T00:00:00Z') => ({
  recurrence: 8,
  cronExpression: expression,
  timeZone,
  startDate,
  isEndDate: false,
  endDate: null,
});

describe('the schedule document', () => {
  it('creates a schedule that starts enabled, with its process name, a label and its next run', async () => {
    const process = await reportProcess();
    const created = await create(
      body(process, cron('0 9 * * 1-5', 'Europe/Bucharest'), {
        notification: {
          emailList: 'ops@example.com;lead@example.com',
          isEnabled: true,
          onFail: true,
        },
      }),
    );
    expect(created).toMatchObject({
      name: 'Nightly report',
      status: true,
      targetProcess: process.id,
      processName: 'Regional report',
      processInputs: [{ id: process.region, value: 'EMEA' }],
      notification: {
        emailList: 'ops@example.com;lead@example.com',
        isEnabled: true,
        onSuccess: false,
        onFail: true,
      },
      recurrence: {
        recurrence: 8,
        cronExpression: '0 9 * * 1-5',
        timeZone: 'Europe/Bucharest',
        info: 'At 09:00, Monday through Friday',
        startDate: '2026-01-01T00:00:00.000Z',
        isEndDate: false,
        endDate: null,
      },
      catchUpPolicy: 1,
      // Sunday 2026-03-01 → Monday 09:00 in Bucharest (07:00 UTC).
      nextRunOn: '2026-03-02T07:00:00.000Z',
      lastFire: null,
      createdBy: 'admin',
    });
    expect(await read(created.id)).toEqual(created);
  });

  it('reads and writes the same way for a Bearer user and an API key', async () => {
    const process = await reportProcess();
    const viaBearer = await api(
      'POST',
      '/api/Schedules',
      body(process, cron('0 * * * *', 'UTC')),
      bearerAuth,
    );
    expect(viaBearer.status).toBe(200);
    const id = (viaBearer.body as ScheduleDoc).id;
    expect((await api('GET', `/api/Schedules/${id}`)).body).toEqual(viaBearer.body);
    expect((await api('GET', `/api/Schedules/${id}`, undefined, bearerAuth)).body).toEqual(
      viaBearer.body,
    );
  });

  it('lists schedules by name with paging and search, and per process', async () => {
    const process = await reportProcess('Listed process');
    for (const name of ['zeta list', 'Alpha list', 'mid list'])
      await create({ ...body(process, cron('0 0 * * *', 'UTC')), name });
    const page = await api('GET', '/api/Schedules?pageNumber=2&pageItemCount=1&searchName=LIST');
    expect(page.body).toMatchObject({
      totalItemCount: 3,
      pageNumber: 2,
      pageItemCount: 1,
      pageItems: [{ name: 'mid list', processName: 'Listed process' }],
    });
    const ofProcess = await api('GET', `/api/Projects/${process.id}/restricted/schedules`);
    expect((ofProcess.body as { pageItems: ScheduleDoc[] }).pageItems.map((s) => s.name)).toEqual([
      'Alpha list',
      'mid list',
      'zeta list',
    ]);
  });

  it('replaces a schedule with PUT and keeps its status', async () => {
    const process = await reportProcess();
    const created = await create(body(process, cron('0 9 * * *', 'UTC')));
    await api('PATCH', `/api/Schedules/${created.id}/status?enable=false`);
    const res = await api('PUT', '/api/Schedules', {
      ...body(process, { recurrence: 4, every: 2, startDate: '2026-03-01T06:15:00Z' }),
      id: created.id.toUpperCase(),
      name: 'Every other morning',
      status: true,
      catchUpPolicy: 2,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      id: created.id,
      name: 'Every other morning',
      status: false,
      nextRunOn: null,
      catchUpPolicy: 2,
      recurrence: { recurrence: 4, every: 2, isWeekendExcluded: false, timeZone: 'UTC' },
    });
    const unknown = await api('PUT', '/api/Schedules', {
      ...body(process, cron('0 9 * * *', 'UTC')),
      id: '3f25c1d2-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([
      { statusCode: 450, value: 'Database requested information not found.', target: 'schedules' },
    ]);
  });

  it('deletes a schedule with PROCESIO’s bare string answer', async () => {
    const process = await reportProcess();
    const created = await create(body(process, cron('0 9 * * *', 'UTC')));
    const res = await api('DELETE', `/api/Schedules/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe(`Deleted schedule with id ${created.id}`);
    expect((await api('GET', `/api/Schedules/${created.id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/Schedules/${created.id}`)).status).toBe(404);
  });

  it('duplicates a schedule as a disabled copy named "(copy)"', async () => {
    const process = await reportProcess();
    const created = await create(body(process, cron('0 9 * * *', 'UTC')));
    const res = await api('POST', `/api/Schedules/${created.id}/duplicate`);
    expect(res.status).toBe(200);
    const copy = res.body as ScheduleDoc;
    expect(copy.id).not.toBe(created.id);
    expect(copy).toMatchObject({
      name: 'Nightly report (copy)',
      status: false,
      nextRunOn: null,
      recurrence: created.recurrence,
      processInputs: created.processInputs,
    });
  });

  it('enables and disables with PATCH …/status and refuses a missing or bad enable', async () => {
    const process = await reportProcess();
    const created = await create(body(process, cron('0 9 * * *', 'UTC')));
    const off = await api('PATCH', `/api/Schedules/${created.id}/status?enable=False`);
    expect(off.body).toMatchObject({ status: false, nextRunOn: null });
    const on = await api('PATCH', `/api/Schedules/${created.id}/status?enable=true`);
    expect(on.body).toMatchObject({ status: true, nextRunOn: '2026-03-01T09:00:00.000Z' });
    for (const query of ['', '?enable=maybe']) {
      const bad = await api('PATCH', `/api/Schedules/${created.id}/status${query}`);
      expect(bad.status).toBe(400);
      expect((bad.body as { statusCode: number; target: string }[])[0]).toMatchObject({
        statusCode: 502,
        target: 'enable',
      });
    }
  });

  it('answers 404 in PROCESIO’s shape for an unknown or malformed schedule id', async () => {
    for (const id of ['3f25c1d2-0000-4000-8000-000000000001', 'not-a-guid']) {
      const res = await api('GET', `/api/Schedules/${id}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual([
        {
          statusCode: 450,
          value: 'Database requested information not found.',
          target: 'schedules',
        },
      ]);
    }
  });

  it('refuses an unknown target process with target "schedules"', async () => {
    const res = await api('POST', '/api/Schedules', {
      ...body(
        {
          id: '3f25c1d2-0000-4000-8000-000000000002',
          region: '3f25c1d2-0000-4000-8000-000000000003',
        },
        cron('* * * * *', 'UTC'),
      ),
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      {
        statusCode: 502,
        value: 'The target process does not exist in this workspace.',
        target: 'schedules',
      },
    ]);
  });

  it.each([
    [
      'a NONE recurrence',
      { recurrence: 0, startDate: '2026-01-01T00:00:00Z' },
      'recurrence.recurrence',
    ],
    ['a six-field cron expression', cron('0 0 9 * * 1-5', 'UTC'), 'recurrence.cronExpression'],
    ['a cron expression out of range', cron('61 * * * *', 'UTC'), 'recurrence.cronExpression'],
    ['an unknown time zone', cron('0 9 * * *', 'Europe/Atlantis'), 'recurrence.timeZone'],
    [
      'a CRON block without a time zone',
      { ...cron('0 9 * * *', 'UTC'), timeZone: null },
      'recurrence.timeZone',
    ],
    [
      'a calendar field in a CRON block',
      { ...cron('0 9 * * *', 'UTC'), every: 2 },
      'recurrence.every',
    ],
    [
      'an end date before the start date',
      { ...cron('0 9 * * *', 'UTC'), isEndDate: true, endDate: '2025-01-01T00:00:00Z' },
      'recurrence.endDate',
    ],
    ['a missing start date', { recurrence: 2, every: 5 }, 'recurrence.startDate'],
    [
      'a weekday out of range',
      { recurrence: 5, weekDays: [1, 9], startDate: '2026-01-01T00:00:00Z' },
      'recurrence.weekDays',
    ],
    [
      'a bad "on the"',
      { recurrence: 6, isOnThe: true, onThe: [0, 1], startDate: '2026-01-01T00:00:00Z' },
      'recurrence.onThe',
    ],
  ])(
    'refuses %s with a 400 naming the field, and stores nothing',
    async (_what, recurrence, target) => {
      const process = await reportProcess();
      const before = ((await api('GET', '/api/Schedules')).body as { totalItemCount: number })
        .totalItemCount;
      const res = await api('POST', '/api/Schedules', body(process, recurrence));
      expect(res.status).toBe(400);
      const items = res.body as { statusCode: number; target: string; value: string }[];
      expect(items[0]).toMatchObject({ statusCode: 502, target });
      expect(items[0]!.value.length).toBeGreaterThan(10);
      const after = ((await api('GET', '/api/Schedules')).body as { totalItemCount: number })
        .totalItemCount;
      expect(after).toBe(before);
    },
  );

  it('checks process inputs like a run’s: types, required inputs, unknown ids ignored', async () => {
    const f = new FlowBuilder('Typed inputs');
    const count = f.variable('count', 'Integer', { orientation: 10, required: true });
    const label = f.variable('label', 'String', { orientation: 10, defaultValue: 'x' });
    f.chain(f.start(), f.stop());
    await api('POST', '/api/Projects', f.build());
    const base = { name: 'Typed', targetProcess: f.id, recurrence: cron('0 9 * * *', 'UTC') };
    const wrong = await api('POST', '/api/Schedules', {
      ...base,
      processInputs: [{ id: count, value: 'many' }],
    });
    expect(wrong.status).toBe(400);
    expect((wrong.body as { target: string }[])[0]?.target).toBe('processInputs.count');
    const missing = await api('POST', '/api/Schedules', {
      ...base,
      processInputs: [{ id: label, value: 'y' }],
    });
    expect(missing.status).toBe(400);
    expect((missing.body as { target: string }[])[0]?.target).toBe('processInputs.count');
    const ok = await create({
      ...base,
      processInputs: [
        { id: count.toUpperCase(), value: '42' },
        { id: '3f25c1d2-0000-4000-8000-000000000009', value: 'ignored' },
      ],
    });
    expect(ok.processInputs).toEqual([{ id: count, value: 42 }]);
  });

  it('refuses a body with missing or mistyped fields, and an invalid e-mail list', async () => {
    const process = await reportProcess();
    const noName = await api('POST', '/api/Schedules', {
      ...body(process, cron('0 9 * * *', 'UTC')),
      name: '  ',
    });
    expect(noName.status).toBe(400);
    expect((noName.body as { target: string }[])[0]?.target).toBe('name');
    const mistyped = await api('POST', '/api/Schedules', {
      ...body(process, cron('0 9 * * *', 'UTC')),
      catchUpPolicy: 'often',
    });
    expect(mistyped.status).toBe(400);
    expect((mistyped.body as { target: string }[])[0]?.target).toBe('catchUpPolicy');
    const badPolicy = await api('POST', '/api/Schedules', {
      ...body(process, cron('0 9 * * *', 'UTC')),
      catchUpPolicy: 3,
    });
    expect((badPolicy.body as { target: string }[])[0]?.target).toBe('catchUpPolicy');
    const badMail = await api('POST', '/api/Schedules', {
      ...body(process, cron('0 9 * * *', 'UTC')),
      notification: { emailList: 'ops@example.com; not an address', isEnabled: true },
    });
    expect(badMail.status).toBe(400);
    expect((badMail.body as { target: string }[])[0]?.target).toBe('notification.emailList');
  });
});

describe('validate-crontab', () => {
  it('describes an expression and lists its next occurrences in UTC', async () => {
    const res = await api('POST', '/api/Schedules/validate-crontab', {
      cronExpression: '0 9 * * 1-5',
      timeZone: 'Europe/Bucharest',
      count: 3,
      startDate: '2026-01-02T08:00:00Z',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      description: 'At 09:00, Monday through Friday',
      nextOccurrences: [
        '2026-01-05T07:00:00.000Z',
        '2026-01-06T07:00:00.000Z',
        '2026-01-07T07:00:00.000Z',
      ],
    });
    const byDefault = await api('POST', '/api/Schedules/validate-crontab', {
      cronExpression: '*/5 * * * *',
    });
    expect((byDefault.body as { nextOccurrences: string[] }).nextOccurrences).toHaveLength(5);
  });

  it.each([
    [{ cronExpression: '0 9 * *' }, 'cronExpression'],
    [{ cronExpression: '0 9 * * *', timeZone: 'Nowhere/City' }, 'timeZone'],
    [{ cronExpression: '0 9 * * *', count: 21 }, 'count'],
  ])('refuses %j naming %s', async (json, target) => {
    const res = await api('POST', '/api/Schedules/validate-crontab', json);
    expect(res.status).toBe(400);
    expect((res.body as { statusCode: number; target: string }[])[0]).toMatchObject({
      statusCode: 502,
      target,
    });
  });
});

describe('firing', () => {
  it('fires a Bucharest CRON schedule across the spring-forward change at the documented instants', async () => {
    clock.set('2026-03-27T00:00:00Z');
    const process = await reportProcess('Spring');
    // 03:30 local does not exist on 2026-03-29 (03:00 → 04:00): it fires at 04:00 local.
    const schedule = await create(body(process, cron('30 3 * * *', 'Europe/Bucharest')));
    const fired: string[] = [];
    for (let i = 0; i < 4; i++) {
      const due = (await read(schedule.id)).nextRunOn!;
      fired.push(due);
      // Half a second late, as a tick would be.
      await tickAt(new Date(Date.parse(due) + 500).toISOString());
    }
    expect(fired).toEqual([
      '2026-03-27T01:30:00.000Z',
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    const runs = await runsOf(schedule.id);
    expect(runs.map((r) => r.dueOn).reverse()).toEqual(fired);
    expect(runs.every((r) => r.outcome === 'started' && r.lagMs === 500)).toBe(true);
    const instances = await instancesOf(process.id);
    expect(instances).toHaveLength(4);
    expect(new Set(instances.map((i) => i.id))).toEqual(new Set(runs.map((r) => r.instanceId)));
    const last = await finished(runs[0]!.instanceId!);
    expect(last.status).toBe(50);
    expect(last.variable).toEqual({ greeting: 'EMEA report' });
    expect(last.instance.scheduleName).toBe('Nightly report');
  });

  it('fires nothing before a due time and each due time once however often it ticks', async () => {
    clock.set('2026-03-31T00:00:00Z');
    const process = await reportProcess('Ticks');
    const schedule = await create(
      body(process, { recurrence: 2, every: 15, startDate: '2026-03-31T00:10:00Z' }),
    );
    for (const at of ['00:09:59', '00:10:00', '00:10:01', '00:10:30', '00:24:59'])
      await tickAt(`2026-03-31T${at}Z`);
    expect((await runsOf(schedule.id)).map((r) => [r.dueOn, r.lagMs])).toEqual([
      ['2026-03-31T00:10:00.000Z', 0],
    ]);
    expect((await read(schedule.id)).nextRunOn).toBe('2026-03-31T00:25:00.000Z');
  });

  it('disables a ONCE schedule after its fire', async () => {
    clock.set('2026-04-01T00:00:00Z');
    const process = await reportProcess('Once');
    const schedule = await create(
      body(process, { recurrence: 1, startDate: '2026-04-01T08:00:00Z' }),
    );
    expect(schedule.recurrence.info).toBe('Once, on 2026-04-01T08:00:00.000Z');
    expect(schedule.nextRunOn).toBe('2026-04-01T08:00:00.000Z');
    await tickAt('2026-04-01T08:00:01Z');
    const after = await read(schedule.id);
    expect(after).toMatchObject({ status: false, nextRunOn: null });
    expect(after.lastFire).toMatchObject({
      dueOn: '2026-04-01T08:00:00.000Z',
      firedOn: '2026-04-01T08:00:01.000Z',
      skippedReason: null,
    });
    expect((await finished(after.lastFire!.instanceId!)).status).toBe(50);
    await tickAt('2026-04-01T09:00:00Z');
    expect(await instancesOf(process.id)).toHaveLength(1);
  });

  it('starts nothing for an inactive or invalid process and records the skip', async () => {
    clock.set('2026-04-02T00:00:00Z');
    const process = await reportProcess('Paused');
    const toggled = await call(url, 'PATCH', `/api/Projects/${process.id}/toggle-activation`, {
      headers: { ...auth, state: 'false' },
    });
    expect(toggled.status).toBe(200);
    const paused = await create(body(process, cron('0 6 * * *', 'UTC')));
    const broken = new FlowBuilder('Broken');
    const input = broken.variable('region', 'String', { orientation: 10 });
    broken.start(); // no Stop: saved, but not valid
    await api('POST', '/api/Projects', broken.build());
    const invalid = await create(body({ id: broken.id, region: input }, cron('0 6 * * *', 'UTC')));

    await tickAt('2026-04-02T06:00:02Z');
    const [skip] = await runsOf(paused.id);
    expect(skip).toMatchObject({
      dueOn: '2026-04-02T06:00:00.000Z',
      outcome: 'skipped',
      instanceId: null,
      skippedReason: 'inactive',
      lagMs: 2000,
    });
    expect((await read(paused.id)).lastFire).toMatchObject({
      instanceId: null,
      skippedReason: 'inactive',
    });
    expect((await read(paused.id)).nextRunOn).toBe('2026-04-03T06:00:00.000Z');
    expect(await instancesOf(process.id)).toHaveLength(0);
    expect((await runsOf(invalid.id))[0]).toMatchObject({
      outcome: 'skipped',
      skippedReason: 'invalid',
    });
    expect(await instancesOf(broken.id)).toHaveLength(0);
  });

  it('applies each catch-up policy to the fires missed while no server ran', async () => {
    clock.set('2026-04-03T00:00:00Z');
    const process = await reportProcess('Catch-up');
    const every10 = { recurrence: 2, every: 10, startDate: '2026-04-03T01:00:00Z' };
    const skip = await create({ ...body(process, every10), name: 'skip', catchUpPolicy: 0 });
    const once = await create({ ...body(process, every10), name: 'once', catchUpPolicy: 1 });
    const all = await create({ ...body(process, every10), name: 'all', catchUpPolicy: 2 });
    // Down from before 01:00 until 02:05: seven due times (01:00 … 02:00) were missed.
    await tickAt('2026-04-03T02:05:00Z');
    expect(await runsOf(skip.id)).toEqual([]);
    expect((await runsOf(once.id)).map((r) => [r.dueOn, r.lagMs])).toEqual([
      ['2026-04-03T02:00:00.000Z', 300_000],
    ]);
    expect((await runsOf(all.id)).map((r) => r.dueOn).reverse()).toEqual(
      ['01:00', '01:10', '01:20', '01:30', '01:40', '01:50', '02:00'].map(
        (t) => `2026-04-03T${t}:00.000Z`,
      ),
    );
    for (const s of [skip, once, all])
      expect((await read(s.id)).nextRunOn).toBe('2026-04-03T02:10:00.000Z');
    expect(await instancesOf(process.id)).toHaveLength(8);
    // Back on time, Skip fires again.
    await tickAt('2026-04-03T02:10:00.200Z');
    expect((await runsOf(skip.id)).map((r) => r.dueOn)).toEqual(['2026-04-03T02:10:00.000Z']);
  });

  it('catches up at most 100 missed fires, the most recent ones', async () => {
    clock.set('2026-04-03T03:00:00Z');
    const process = await reportProcess('Bounded');
    await call(url, 'PATCH', `/api/Projects/${process.id}/toggle-activation`, {
      headers: { ...auth, state: 'false' },
    });
    const schedule = await create({
      ...body(process, { recurrence: 2, every: 1, startDate: '2026-04-03T03:01:00Z' }),
      catchUpPolicy: 2,
    });
    await tickAt('2026-04-03T05:30:30Z');
    const runs = (await api('GET', `/api/Schedules/${schedule.id}/runs?pageItemCount=200`))
      .body as {
      totalItemCount: number;
      pageItems: RunRow[];
    };
    expect(runs.totalItemCount).toBe(100);
    expect(runs.pageItems[0]!.dueOn).toBe('2026-04-03T05:30:00.000Z');
    expect(runs.pageItems[99]!.dueOn).toBe('2026-04-03T03:51:00.000Z');
  });

  it('gives every run its own copy of a File input uploaded for the schedule', async () => {
    clock.set('2026-04-04T00:00:00Z');
    const f = new FlowBuilder('With a file');
    const doc = f.variable('doc', 'File', { orientation: 10, required: true });
    const note = f.variable('note', 'String', { orientation: 10 });
    f.chain(f.start(), f.stop());
    await api('POST', '/api/Projects', f.build());
    const schedule = await create({
      name: 'With a file',
      targetProcess: f.id,
      processInputs: [{ id: doc, value: { name: 'rates.csv', id: 'rates-file' } }],
      recurrence: cron('0 7 * * *', 'UTC'),
    });
    expect(schedule.processInputs[0]!.value).toMatchObject({
      name: 'rates.csv',
      id: 'rates-file',
      path: '',
    });

    const upload = (headers: Record<string, string>) => {
      const form = new FormData();
      form.append('package', new Blob(['EUR,1.0\n']), 'rates.csv');
      return fetch(`${url}/api/File/upload/schedule`, {
        method: 'POST',
        headers: { ...auth, ...headers },
        body: form,
      });
    };
    const ok = await upload({ scheduleId: schedule.id, variableId: doc, fileId: 'rates-file' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toBe('rates-file');
    const noSuchFile = await upload({ scheduleId: schedule.id, variableId: doc, fileId: 'other' });
    expect(noSuchFile.status).toBe(400);
    expect(await noSuchFile.json()).toEqual([
      { statusCode: 450, value: 'FILE_NOT_FOUND', target: 'fileId' },
    ]);
    const notAFile = await upload({
      scheduleId: schedule.id,
      variableId: note,
      fileId: 'rates-file',
    });
    expect(notAFile.status).toBe(400);
    expect(((await notAFile.json()) as { value: string }[])[0]!.value).toBe(
      'UPLOAD_ACTION_NOT_FOUND',
    );
    const noSchedule = await upload({
      scheduleId: '3f25c1d2-0000-4000-8000-00000000000a',
      variableId: doc,
      fileId: 'rates-file',
    });
    expect(noSchedule.status).toBe(404);

    const stored = (await read(schedule.id)).processInputs[0]!.value as {
      path: string;
      size: number;
    };
    expect(stored.size).toBe(8);
    // A client sends back what it read: the upload is kept.
    const resent = await api('PUT', '/api/Schedules', {
      ...(await read(schedule.id)),
      name: 'Renamed',
    });
    expect((resent.body as ScheduleDoc).processInputs[0]!.value).toEqual(stored);

    await tickAt('2026-04-04T07:00:00Z');
    await tickAt('2026-04-05T07:00:00Z');
    const runs = await runsOf(schedule.id);
    expect(runs.map((r) => r.outcome)).toEqual(['started', 'started']);
    const paths: string[] = [];
    for (const run of runs) {
      const status = await finished(run.instanceId!);
      expect(status.status).toBe(50);
      const file = status.instance.variables.find((v) => v.name === 'doc')!.defaultValue as {
        path: string;
        name: string;
      };
      expect(file.name).toBe('rates.csv');
      expect(file.path).toContain(run.instanceId!);
      paths.push(file.path);
      const download = await fetch(`${url}/api/File/download`, {
        headers: { ...auth, uploadFilePath: file.path },
      });
      expect(download.status).toBe(200);
      expect(await download.text()).toBe('EUR,1.0\n');
    }
    expect(new Set(paths).size).toBe(2);
    const own = await fetch(`${url}/api/File/download`, {
      headers: { ...auth, uploadFilePath: stored.path },
    });
    expect(await own.text()).toBe('EUR,1.0\n');
  });

  it('never keeps a file path the schedule does not hold, even for a process not yet valid', async () => {
    const f = new FlowBuilder('Unfinished with a file');
    const doc = f.variable('doc', 'File', { orientation: 10 });
    f.start(); // no Stop: saved, but not valid, so inputs are kept as sent
    await api('POST', '/api/Projects', f.build());
    const foreign =
      'flow/flow-3f25c1d2-0000-4000-8000-00000000000b/flow-instance-3f25c1d2-0000-4000-8000-00000000000c/variable-3f25c1d2-0000-4000-8000-00000000000d/secret';
    const schedule = await create({
      name: 'Foreign path',
      targetProcess: f.id,
      processInputs: [{ id: doc, value: { name: 'secret.txt', id: 'secret', path: foreign } }],
      recurrence: cron('0 7 * * *', 'UTC'),
    });
    expect(schedule.processInputs).toEqual([
      { id: doc, value: { name: 'secret.txt', id: 'secret', path: '' } },
    ]);
  });

  it('records a skip when a required File input was never uploaded', async () => {
    clock.set('2026-04-06T00:00:00Z');
    const f = new FlowBuilder('Needs a file');
    const doc = f.variable('doc', 'File', { orientation: 10, required: true });
    f.chain(f.start(), f.stop());
    await api('POST', '/api/Projects', f.build());
    const schedule = await create({
      name: 'No upload',
      targetProcess: f.id,
      processInputs: [{ id: doc, value: { name: 'missing.csv' } }],
      recurrence: cron('0 7 * * *', 'UTC'),
    });
    await tickAt('2026-04-06T07:00:00Z');
    expect((await runsOf(schedule.id))[0]).toMatchObject({
      outcome: 'skipped',
      skippedReason: 'inputs',
      detail: expect.stringContaining('doc'),
    });
  });

  it('mails the notification list after a run, once, when the outcome matches', async () => {
    clock.set('2026-04-07T00:00:00Z');
    const process = await reportProcess('Mailed');
    const schedule = await create(
      body(process, cron('0 7 * * *', 'UTC'), {
        name: 'Mailed schedule',
        notification: {
          emailList: 'ops@example.com, lead@example.com',
          isEnabled: true,
          onSuccess: true,
        },
      }),
    );
    const sentBefore = mailer.sent.length;
    await tickAt('2026-04-07T07:00:00Z');
    const [run] = await runsOf(schedule.id);
    expect((await finished(run!.instanceId!)).status).toBe(50);
    await app.scheduler.runOnce();
    await app.scheduler.runOnce();
    const mails = mailer.sent.slice(sentBefore);
    expect(mails).toEqual([
      {
        to: 'ops@example.com, lead@example.com',
        subject: 'Schedule "Mailed schedule": Mailed finished successfully',
        text: expect.stringContaining(run!.instanceId!),
      },
    ]);
    // The compat notification routes read and write the same settings.
    const set = await api('POST', '/api/Schedules/notifications', {
      id: schedule.id,
      emailList: 'ops@example.com',
      isEnabled: false,
      onSuccess: false,
      onFail: true,
    });
    expect(set.status).toBe(200);
    expect((await api('GET', `/api/Schedules/notifications/${schedule.id}`)).body).toEqual({
      id: schedule.id,
      emailList: 'ops@example.com',
      isEnabled: false,
      onSuccess: false,
      onFail: true,
    });
    expect((await read(schedule.id)).notification.onFail).toBe(true);
  });

  it('deletes a process’s schedules with the process', async () => {
    clock.set('2026-04-08T00:00:00Z');
    const process = await reportProcess('Short-lived');
    const schedule = await create(body(process, cron('0 7 * * *', 'UTC')));
    expect((await api('DELETE', `/api/Projects/${process.id}`)).status).toBe(200);
    expect((await api('GET', `/api/Schedules/${schedule.id}`)).status).toBe(404);
  });

  it('fires a repeated local hour once, at its first occurrence, when clocks fall back', async () => {
    clock.set('2026-10-24T22:00:00Z');
    const process = await reportProcess('Autumn');
    // 03:00–03:59 happens twice in Bucharest on 2026-10-25 (00:00–00:59 and 01:00–01:59 UTC).
    const schedule = await create(body(process, cron('*/20 3 * * *', 'Europe/Bucharest')));
    for (
      let t = Date.parse('2026-10-24T23:50:00Z');
      t <= Date.parse('2026-10-25T02:30:00Z');
      t += 5 * 60_000
    )
      await tickAt(new Date(t).toISOString());
    expect((await runsOf(schedule.id)).map((r) => r.dueOn).reverse()).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:20:00.000Z',
      '2026-10-25T00:40:00.000Z',
    ]);
    expect((await read(schedule.id)).nextRunOn).toBe('2026-10-26T01:00:00.000Z');
  });

  it('fires every recurrence type at its next fire times', async () => {
    clock.set('2026-11-01T00:00:00Z');
    const process = await reportProcess('Calendar');
    const cases: [string, Record<string, unknown>, string[]][] = [
      [
        'MINUTES',
        { recurrence: 2, every: 30, startDate: '2026-11-01T00:10:00Z', isWeekendExcluded: false },
        ['2026-11-01T00:10:00.000Z', '2026-11-01T00:40:00.000Z', '2026-11-01T01:10:00.000Z'],
      ],
      [
        'HOURS without weekends',
        // Friday 2026-11-06 22:00 UTC; Saturday and Sunday in UTC are skipped.
        { recurrence: 3, every: 1, startDate: '2026-11-06T22:00:00Z', isWeekendExcluded: true },
        ['2026-11-06T22:00:00.000Z', '2026-11-06T23:00:00.000Z', '2026-11-09T00:00:00.000Z'],
      ],
      [
        'DAILY every 3 days in New York',
        {
          recurrence: 4,
          every: 3,
          startDate: '2026-11-10T14:30:00Z',
          timeZone: 'America/New_York',
        },
        ['2026-11-10T14:30:00.000Z', '2026-11-13T14:30:00.000Z', '2026-11-16T14:30:00.000Z'],
      ],
      [
        'WEEKLY on Tuesday and Friday',
        { recurrence: 5, weekDays: [2, 5], startDate: '2026-11-17T08:00:00Z' },
        ['2026-11-17T08:00:00.000Z', '2026-11-20T08:00:00.000Z', '2026-11-24T08:00:00.000Z'],
      ],
      [
        'MONTHLY on the last Friday',
        { recurrence: 6, isOnThe: true, onThe: [5, 5], startDate: '2026-11-25T12:00:00Z' },
        ['2026-11-27T12:00:00.000Z', '2026-12-25T12:00:00.000Z', '2027-01-29T12:00:00.000Z'],
      ],
      [
        'CRON on the 15th and the last day',
        cron('0 6 15,L * *', 'UTC', '2027-01-30T00:00:00Z'),
        ['2027-01-31T06:00:00.000Z', '2027-02-15T06:00:00.000Z', '2027-02-28T06:00:00.000Z'],
      ],
      ['ONCE', { recurrence: 1, startDate: '2027-03-01T09:00:00Z' }, ['2027-03-01T09:00:00.000Z']],
      [
        'YEARLY on March 31 every 2 years',
        { recurrence: 7, every: 2, month: 3, onDay: 31, startDate: '2027-03-02T10:00:00Z' },
        ['2027-03-31T10:00:00.000Z', '2029-03-31T10:00:00.000Z', '2031-03-31T10:00:00.000Z'],
      ],
    ];
    for (const [what, recurrence, expected] of cases) {
      const schedule = await create({ ...body(process, recurrence), name: what });
      const fired: string[] = [];
      for (
        let next = schedule.nextRunOn;
        next !== null;
        next = (await read(schedule.id)).nextRunOn
      ) {
        if (fired.length === expected.length) break;
        fired.push(next);
        await tickAt(next);
      }
      expect(fired, what).toEqual(expected);
      expect(
        (await runsOf(schedule.id)).map((r) => r.outcome),
        what,
      ).toEqual(expected.map(() => 'started'));
      await api('PATCH', `/api/Schedules/${schedule.id}/status?enable=false`);
    }
  });
});
