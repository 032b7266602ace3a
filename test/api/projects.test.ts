// Process definitions (API.md §3.1) through the real HTTP server, every route under a Bearer user
// and an API key: saving drafts and versions, reading, listing, activation, duplication, the
// example payload, sub-process callers, validation, workspaces and roles.
import { randomUUID } from 'node:crypto';
import { greetExampleFlow } from '../../src/testing/example-flows.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataTypeIds } from '../../src/domain/data-types/index.js';
import type { User } from '../../src/domain/identity.js';
import { CONTROL_SETTING_IDS, CONTROL_TEMPLATE_IDS } from '../../src/flow/index.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

type Json = Record<string, unknown>;
type Headers = Record<string, string>;

interface Flow extends Json {
  id: string;
  title: string;
  version: number;
  isValid: boolean;
  active: boolean;
  status: number;
  variables: Json[];
  actions: (Json & { id: string; ports: (Json & { id: string })[] })[];
  webhooks: Json[];
}

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
const CONCATENATE = {
  Template: '894e02d1-303d-4e52-9ef7-1b3198ee4b53',
  First: '797e45d8-da43-4412-bac4-a3cbdf961b37',
  Second: '117061e7-e531-4340-9cc1-da8f6e13633a',
  Result: '9cdb4f28-e2e3-4933-ada8-1285f7f635f4',
};
const SERVER_FIELDS = [
  'status',
  'isValid',
  'active',
  'version',
  'currentActionId',
  'workspaceId',
  'workspaceName',
  'firstName',
  'lastName',
  'createdBy',
  'createdById',
  'createdOn',
  'updatedBy',
  'updatedById',
  'updatedOn',
];

/** The minimal complete flow of API.md §3.6 (Start → Concatenate → Stop), verbatim. */
function greetFlow(id = '00000000-0000-0000-0000-000000000001'): Json {
  return greetExampleFlow(id) as unknown as Json;
}

function variable(name: string, dataType: string, type: 10 | 20 | 30, extra: Json = {}): Json {
  return { id: randomUUID(), dataType, type, name, defaultValue: null, isList: false, ...extra };
}

function port(source: string, destination: string, extra: Json = {}): Json {
  return { id: randomUUID(), sourceId: source, destinationId: destination, type: 0, ...extra };
}

function action(templateId: string, name: string, extra: Json = {}): Json & { id: string } {
  return { id: randomUUID(), templateId, actionName: name, ports: [], parameters: [], ...extra };
}

function bind(settingId: string, variableId: string, n = 0): Json {
  return {
    tabPropertyId: settingId,
    variable: [{ id: n, variableId, attribute: null }],
    value: `<%${n}%>`,
  };
}

function concatenate(first: string, result: string, extra: Json = {}): Json & { id: string } {
  return action(CONCATENATE.Template, 'Concatenate', {
    parameters: [
      bind(CONCATENATE.First, first, 0),
      { tabPropertyId: CONCATENATE.Second, variable: [], value: '!' },
      bind(CONCATENATE.Result, result, 1),
    ],
    ...extra,
  });
}

function link(from: Json, to: Json, extra: Json = {}): void {
  (from.ports as Json[]).push(port(from.id as string, to.id as string, extra));
}

/**
 * Start → Decisional: case name = "Ada" → Concatenate (error edge to its own Stop), case 2 → For
 * Each over `items` with a Concatenate body, default → Stop. Exercises every kind of reference a
 * duplicate must renew, and is valid.
 */
function branchingFlow(title: string): Json {
  const name = variable('name', DataTypeIds.String, 10);
  const items = variable('items', DataTypeIds.String, 10, { isList: true });
  const item = variable('item', DataTypeIds.String, 20);
  const greeting = variable('greeting', DataTypeIds.String, 30);
  const failure = variable('failure', DataTypeIds.Error, 20, { isError: true });
  const start = action(CONTROL_TEMPLATE_IDS.Start, 'Start');
  const decide = action(CONTROL_TEMPLATE_IDS.Decisional, 'Decide');
  const greet = concatenate(name.id as string, greeting.id as string, {
    variableErrorId: failure.id,
    customData: { name: 'Greet', configuration: [{ value: name.id }] },
  });
  const loop = action(CONTROL_TEMPLATE_IDS.ForEach, 'Loop', {
    parameters: [
      bind(CONTROL_SETTING_IDS.ForEach.InList, items.id as string, 0),
      bind(CONTROL_SETTING_IDS.ForEach.Item, item.id as string, 1),
      { tabPropertyId: CONTROL_SETTING_IDS.ForEach.Timeout, variable: [], value: 0 },
    ],
  });
  const body = concatenate(item.id as string, greeting.id as string, { parentId: loop.id });
  const stop = (name: string) => action(CONTROL_TEMPLATE_IDS.Stop, name);
  const [done, failed, other, looped] = [
    stop('Done'),
    stop('Failed'),
    stop('Other'),
    stop('Looped'),
  ];
  const stops = [done, failed, other, looped];
  (start.ports as Json[]).push(port(EMPTY_GUID, start.id));
  link(start, decide);
  const condition = (value: string) => [
    {
      id: randomUUID(),
      operator: 'EQUALS',
      logicOperator: 1,
      leftOperator: { value: '<%0%>', variable: [{ id: 0, variableId: name.id, attribute: null }] },
      rightOperator: { value, variable: [] },
      auxOperator: null,
    },
  ];
  decide.parameters = [
    {
      tabPropertyId: CONTROL_SETTING_IDS.Decisional.Cases,
      variable: [],
      value: [
        { id: randomUUID(), actionid: greet.id, condition: condition('Ada') },
        { id: randomUUID(), actionid: loop.id, condition: condition('many') },
      ],
    },
    { tabPropertyId: CONTROL_SETTING_IDS.Decisional.Default, variable: [], value: other.id },
  ];
  link(decide, greet);
  link(decide, loop);
  link(decide, other, { data: { isDefault: 'default' } });
  link(greet, done);
  link(greet, failed, { type: 1 });
  link(loop, body);
  link(body, loop);
  link(loop, looped);
  return {
    id: randomUUID(),
    title,
    variables: [name, items, item, greeting, failure],
    actions: [start, decide, greet, loop, body, ...stops],
    webhooks: [{ webhookId: randomUUID(), webhookVariables: [] }],
    customResponse: {
      variable: { id: 0, variableId: greeting.id, attribute: null },
      value: '<%0%>',
    },
    canvasData: { x: 10, y: 20, zoom: 1 },
  };
}

/** A flow whose Call Subprocess runs `childId`. */
function callerFlow(title: string, childId: string): Json {
  const start = action(CONTROL_TEMPLATE_IDS.Start, 'Start');
  const child = action(CONTROL_TEMPLATE_IDS.CallSubprocess, 'Child', {
    parameters: [
      { tabPropertyId: CONTROL_SETTING_IDS.CallSubprocess.Process, variable: [], value: childId },
    ],
  });
  const stop = action(CONTROL_TEMPLATE_IDS.Stop, 'Stop');
  link(start, child);
  link(child, stop);
  return { id: randomUUID(), title, variables: [], actions: [start, child, stop] };
}

function withoutServerFields(flow: Json): Json {
  return Object.fromEntries(Object.entries(flow).filter(([k]) => !SERVER_FIELDS.includes(k)));
}

let server: TestServer;
let url: string;
let adminId: string;
let personalId: string;
let demoId: string;
let tokens: { admin: string; bob: string; vera: string };
let adminKey: Headers;
let veraKey: Headers;

async function newKey(token: string): Promise<Headers> {
  const res = await call(url, 'POST', '/api/ApiKey', { headers: bearer(token) });
  expect(res.status).toBe(200);
  const key = res.body as { name: string; value: string };
  return { key: key.name, value: key.value };
}

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  // Demo: bob owns it, admin edits in it, vera only views it.
  const bob = await server.app.identity.addUser({
    username: 'bob',
    password: 'bob-password',
    workspace: 'Demo',
  });
  demoId = bob.shared!.id;
  const realm = (await server.app.storage.identity.findRealmById(bob.user.realmId))!;
  const admin = (await server.app.storage.identity.findUserByLogin(realm.id, 'admin'))!
    .user as User;
  adminId = admin.id;
  await server.app.identity.joinSharedWorkspace(admin, realm, 'Demo', 'editor');
  await server.app.identity.addUser({
    username: 'vera',
    password: 'vera-password',
    workspace: 'Demo',
    role: 'viewer',
  });
  tokens = {
    admin: (await login(url)).access_token!,
    bob: (await login(url, 'bob', 'bob-password')).access_token!,
    vera: (await login(url, 'vera', 'vera-password')).access_token!,
  };
  adminKey = await newKey(tokens.admin);
  veraKey = await newKey(tokens.vera);
  personalId = (
    (await call(url, 'GET', '/api/Workspaces', { headers: bearer(tokens.admin) })).body as {
      id: string;
      type: number;
    }[]
  ).find((w) => w.type === 1)!.id;
});
afterAll(async () => server.close());

const PRINCIPALS: { name: string; headers: () => Headers }[] = [
  { name: 'a Bearer user', headers: () => bearer(tokens.admin) },
  { name: 'an API key', headers: () => adminKey },
];

describe.each(PRINCIPALS)('/api/Projects as $name', ({ headers }) => {
  const send = (method: string, route: string, json?: unknown, extra: Headers = {}) =>
    call(url, method, route, {
      headers: { ...headers(), ...extra },
      ...(json === undefined ? {} : { json }),
    });

  async function create(flow: Json): Promise<Flow> {
    const res = await send('POST', '/api/Projects', flow);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body as { flow: Flow }).flow;
  }

  async function get(id: string): Promise<Flow> {
    const res = await send('GET', `/api/Projects/${id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body as { flow: Flow }).flow;
  }

  it('stores the API.md §3.6 example as a valid, active process at version 1 and reads it back', async () => {
    const sent = greetFlow(randomUUID());
    const flow = await create(sent);
    const { active: _active, ...document } = sent;
    expect(flow).toEqual({
      ...document,
      parentId: null,
      debugMode: false,
      isNotification: false,
      webhooks: [],
      customResponse: null,
      dataRetention: null,
      canvasData: null,
      status: 1,
      isValid: true,
      active: true,
      version: 1,
      currentActionId: null,
      workspaceId: personalId,
      workspaceName: 'Personal',
      firstName: 'Administrator',
      lastName: null,
      createdBy: 'admin',
      createdById: adminId,
      createdOn: expect.stringMatching(/Z$/),
      updatedBy: 'admin',
      updatedById: adminId,
      updatedOn: flow.createdOn,
    });
    expect(await get(flow.id)).toEqual(flow);
    expect(await get(flow.id.toUpperCase())).toEqual(flow);
  });

  it('accepts the flow wrapped as {"flow": …} and property names in any case', async () => {
    const id = randomUUID();
    const res = await send('POST', '/api/Projects', {
      Flow: {
        ID: id.toUpperCase(),
        Title: 'Mixed case',
        Variables: [
          {
            Id: randomUUID(),
            DataType: DataTypeIds.String,
            TYPE: 10,
            name: 'who',
            DefaultValue: { Keep: 'Verbatim' },
          },
        ],
        canvasdata: { Zoom: 2 },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const flow = (res.body as { flow: Flow }).flow;
    expect(flow).toMatchObject({ id, title: 'Mixed case', canvasData: { Zoom: 2 } });
    expect(flow.variables).toEqual([
      {
        id: expect.any(String),
        dataType: DataTypeIds.String,
        type: 10,
        name: 'who',
        defaultValue: { Keep: 'Verbatim' },
      },
    ]);
    // No Start: stored as a draft.
    expect(flow.isValid).toBe(false);
  });

  it('generates the id when the client sends none, and drops server fields and unknown properties', async () => {
    const flow = await create({
      title: 'No id',
      isValid: true,
      version: 99,
      status: 5,
      createdBy: 'mallory',
      designerExtra: { x: 1 },
      variables: [{ ...variable('v', DataTypeIds.Integer, 20), unknownField: true }],
    });
    expect(flow.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(flow).toMatchObject({ version: 1, status: 1, isValid: false, createdBy: 'admin' });
    expect(flow).not.toHaveProperty('designerExtra');
    expect(flow.variables[0]).not.toHaveProperty('unknownField');
  });

  it('refuses an id that already exists, in this or another workspace, with 400 502 target id', async () => {
    const flow = await create(greetFlow(randomUUID()));
    const again = await send('POST', '/api/Projects', { ...greetFlow(flow.id), title: 'Again' });
    expect(again.status).toBe(400);
    expect(again.body).toEqual([
      { statusCode: 502, value: 'A process with this id already exists.', target: 'id' },
    ]);
    const bobs = await call(url, 'POST', '/api/Projects', {
      headers: bearer(tokens.bob),
      json: greetFlow(randomUUID()),
    });
    const foreignId = (bobs.body as { flow: Flow }).flow.id;
    const foreign = await send('POST', '/api/Projects', greetFlow(foreignId));
    expect(foreign.status).toBe(400);
    expect(foreign.body).toEqual(again.body);
    expect((await get(flow.id)).title).toBe('Greet');
  });

  it('replaces a process with PUT, adding a version per save and keeping active unless the body sets it', async () => {
    const created = await create({ ...greetFlow(randomUUID()), active: false });
    expect(created).toMatchObject({ version: 1, active: false, status: 5 });
    const { active: _active, ...withoutActive } = greetFlow(created.id);
    const second = await send('PUT', '/api/Projects', { flow: { ...withoutActive, title: 'Two' } });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect((second.body as { flow: Flow }).flow).toMatchObject({
      id: created.id,
      title: 'Two',
      version: 2,
      active: false,
      status: 5,
      createdOn: created.createdOn,
    });
    const third = await send('PUT', '/api/Projects', {
      ...greetFlow(created.id),
      title: 'Three',
      actions: [],
    });
    expect((third.body as { flow: Flow }).flow).toMatchObject({
      title: 'Three',
      version: 3,
      active: true,
      status: 1,
      isValid: false,
      actions: [],
    });
    const stored = await server.app.storage.processes.getVersion(personalId, created.id, 2);
    expect(stored?.document.title).toBe('Two');
    expect((await get(created.id)).version).toBe(3);
    const { id: _id, ...noId } = greetFlow();
    const missingId = await send('PUT', '/api/Projects', noId);
    expect(missingId.status).toBe(400);
    expect(missingId.body).toEqual([
      { statusCode: 502, value: 'The process id is required.', target: 'id' },
    ]);
  });

  it('answers 404 450 flow for an unknown, malformed or missing-in-this-workspace id', async () => {
    const notFound = [
      { statusCode: 450, value: 'Database requested information not found.', target: 'flow' },
    ];
    const put = await send('PUT', '/api/Projects', greetFlow(randomUUID()));
    expect(put.status).toBe(404);
    expect(put.body).toEqual(notFound);
    for (const id of [randomUUID(), 'not-a-guid']) {
      for (const [method, route] of [
        ['GET', `/api/Projects/${id}`],
        ['DELETE', `/api/Projects/${id}`],
        ['POST', `/api/Projects/${id}/duplicate`],
        ['GET', `/api/Projects/${id}/payload`],
        ['GET', `/api/Projects/${id}/used`],
        ['PATCH', `/api/Projects/${id}/toggle-activation`],
      ] as const) {
        const res = await send(method, route, undefined, { state: 'true' });
        expect(res.status, `${method} ${route}`).toBe(404);
        expect(res.body).toEqual(notFound);
      }
    }
  });

  it('answers 404 for a process of another workspace, on every route', async () => {
    const bobs = await call(url, 'POST', '/api/Projects', {
      headers: bearer(tokens.bob),
      json: greetFlow(randomUUID()),
    });
    const foreign = (bobs.body as { flow: Flow }).flow.id;
    const mine = await create(greetFlow(randomUUID()));
    for (const [id, extra] of [
      [foreign, {}],
      [mine.id, { workspaceId: demoId }],
    ] as const) {
      for (const [method, route] of [
        ['GET', `/api/Projects/${id}`],
        ['DELETE', `/api/Projects/${id}`],
        ['POST', `/api/Projects/${id}/duplicate`],
        ['GET', `/api/Projects/${id}/payload`],
        ['GET', `/api/Projects/${id}/used`],
        ['PATCH', `/api/Projects/${id}/toggle-activation`],
      ] as const) {
        const res = await send(method, route, undefined, { ...extra, state: 'false' });
        expect(res.status, `${method} ${route}`).toBe(404);
      }
      const put = await send('PUT', '/api/Projects', greetFlow(id), extra);
      expect(put.status).toBe(404);
    }
    expect((await get(mine.id)).active).toBe(true);
  });

  it('lists processes by title case-insensitively, pages them and searches titles', async () => {
    const tag = `lst${randomUUID().slice(0, 8)}`;
    for (const title of [`${tag} beta`, `${tag.toUpperCase()} Alpha`, `${tag} gamma`])
      await create({ ...greetFlow(randomUUID()), title });
    const list = async (query: string) => {
      const res = await send('GET', `/api/Projects?${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as {
        totalItemCount: number;
        pageNumber: number;
        pageItemCount: number;
        pageItems: Json[];
      };
    };
    const all = await list(`searchName=${tag.toUpperCase()}`);
    expect(all.totalItemCount).toBe(3);
    expect(all.pageItems.map((p) => p.title)).toEqual([
      `${tag.toUpperCase()} Alpha`,
      `${tag} beta`,
      `${tag} gamma`,
    ]);
    expect(Object.keys(all.pageItems[0]!).sort()).toEqual(
      [
        'id',
        'parentId',
        'name',
        'status',
        'title',
        'description',
        'isValid',
        'active',
        'timeout',
        'currentActionId',
        'debugMode',
        'isNotification',
        'version',
        'workspaceId',
        'createdBy',
        'createdById',
        'createdOn',
        'updatedBy',
        'updatedById',
        'updatedOn',
      ].sort(),
    );
    expect(all.pageItems[0]).toMatchObject({ name: null, status: 1, isValid: true, version: 1 });
    const second = await list(`SearchName=${tag}&PageNumber=2&pageItemCount=2`);
    expect(second).toMatchObject({ totalItemCount: 3, pageNumber: 2, pageItemCount: 2 });
    expect(second.pageItems.map((p) => p.title)).toEqual([`${tag} gamma`]);
    const short = await list('searchName=ls');
    expect(short.totalItemCount).toBeGreaterThanOrEqual(3);
    const titles = short.pageItems.map((p) => String(p.title).toLowerCase());
    expect(titles).toEqual([...titles].sort());
    expect((await send('GET', '/api/Projects?pageNumber=x')).status).toBe(400);
  });

  it('counts the processes of the workspace', async () => {
    const count = async () => {
      const res = await send('GET', '/api/Projects/count');
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/^\d+$/);
      return res.body as number;
    };
    const before = await count();
    await create(greetFlow(randomUUID()));
    expect(await count()).toBe(before + 1);
  });

  it('saves an invalid flow as a draft and validate refuses it with every problem and its code', async () => {
    const start = action(CONTROL_TEMPLATE_IDS.Start, 'Start');
    const lonely = action(CONCATENATE.Template, 'Lonely');
    const unknown = action(randomUUID(), 'Unknown');
    const stop = action(CONTROL_TEMPLATE_IDS.Stop, 'Stop');
    const orphan = action(CONTROL_TEMPLATE_IDS.Stop, 'Orphan');
    link(start, lonely);
    link(unknown, stop);
    const draft = {
      id: randomUUID(),
      title: 'Draft',
      actions: [start, lonely, unknown, stop, orphan],
    };
    const flow = await create(draft);
    expect(flow).toMatchObject({ isValid: false, status: 1, version: 1 });
    for (const body of [draft, { flow: draft }]) {
      const res = await send('POST', '/api/Projects/validate', body);
      expect(res.status).toBe(400);
      const problems = res.body as { statusCode: number; value: string; target: string }[];
      expect(problems).toEqual(
        expect.arrayContaining([
          {
            statusCode: 391,
            value: 'Action has too few output ports.',
            target: lonely.id,
          },
          { statusCode: 390, value: 'Action has too few input ports.', target: orphan.id },
          {
            statusCode: 502,
            value: `Unknown action template ${unknown.templateId as string}.`,
            target: unknown.id,
          },
          {
            statusCode: 502,
            value: expect.any(String),
            target: `${lonely.id}.${CONCATENATE.First}`,
          },
        ]),
      );
      expect(problems.length).toBeGreaterThanOrEqual(4);
    }
    const onlyPorts = greetFlow(randomUUID()) as { actions: Json[] };
    onlyPorts.actions.push(orphan);
    const ports = await send('POST', '/api/Projects/validate', onlyPorts);
    expect(ports.status).toBe(400);
    expect(ports.body).toEqual([
      { statusCode: 390, value: 'Action has too few input ports.', target: orphan.id },
    ]);
    const valid = await send('POST', '/api/Projects/validate', greetFlow(randomUUID()));
    expect(valid.status).toBe(200);
    expect(valid.body).toEqual({ isValid: true });
  });

  it('refuses malformed flows with 400 naming each field, and stores nothing', async () => {
    const before = (await send('GET', '/api/Projects/count')).body as number;
    const cases: [unknown, string[]][] = [
      [{ description: 'no title' }, ['title']],
      [{ title: '' }, ['title']],
      [{ title: '   ' }, ['title']],
      [{ title: 'x', id: 'nope' }, ['id']],
      [{ title: 'x', timeout: -1 }, ['timeout']],
      [{ title: 'x', timeout: 99_999_999_999 }, ['timeout']],
      [
        { title: 'x', variables: [{ ...variable('v', DataTypeIds.String, 10), type: 11 }] },
        ['variables[0].type'],
      ],
      [
        { title: 'x', actions: [{ ...action(CONTROL_TEMPLATE_IDS.Start, 'S'), id: 'bad' }] },
        ['actions[0].id'],
      ],
      [
        {
          title: 'x',
          variables: [
            { ...variable('a', DataTypeIds.String, 10), id: EMPTY_GUID.replace(/0$/, '1') },
            { ...variable('b', DataTypeIds.String, 10), id: EMPTY_GUID.replace(/0$/, '1') },
          ],
        },
        ['variables[1].id'],
      ],
      [{ title: 'x', description: 'nul \u0000 inside' }, ['description']],
      [{ title: 'x', canvasData: JSON.parse('['.repeat(100) + ']'.repeat(100)) }, ['canvasData']],
    ];
    for (const [body, targets] of cases) {
      const res = await send('POST', '/api/Projects', body);
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(400);
      const items = res.body as { statusCode: number; target: string }[];
      for (const target of targets)
        expect(
          items.some((i) => i.statusCode === 502 && i.target.startsWith(target)),
          `${target} in ${JSON.stringify(items)}`,
        ).toBe(true);
    }
    const bad = await send('POST', '/api/Projects', '{"title": ', {
      'content-type': 'application/json',
    });
    expect(bad.status).toBe(400);
    expect((await send('GET', '/api/Projects/count')).body).toBe(before);
  });

  it('duplicates a process with new ids, every reference renewed, "(copy)" in the title and no webhooks', async () => {
    const original = await create(branchingFlow(`Branching ${randomUUID().slice(0, 6)}`));
    expect(original.isValid).toBe(true);
    const res = await send('POST', `/api/Projects/${original.id}/duplicate`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const answer = res.body as { hasWebhook: boolean; id: string };
    expect(answer.hasWebhook).toBe(true);
    expect(answer.id).not.toBe(original.id);
    const copy = await get(answer.id);
    expect(copy).toMatchObject({ title: `${original.title} (copy)`, version: 1, isValid: true });
    expect(copy.webhooks).toEqual([]);

    // Old id → new id, matched by position in the document.
    const ids = new Map<string, string>([[original.id, copy.id]]);
    original.variables.forEach((v, i) => ids.set(v.id as string, copy.variables[i]!.id as string));
    original.actions.forEach((a, i) => {
      ids.set(a.id, copy.actions[i]!.id);
      a.ports.forEach((p, j) => ids.set(p.id, copy.actions[i]!.ports[j]!.id));
    });
    expect(new Set(ids.values()).size).toBe(ids.size);
    for (const [old, renewed] of ids) expect(renewed).not.toBe(old);
    let expected = JSON.stringify(withoutServerFields({ ...original, webhooks: [] }));
    for (const [old, renewed] of ids) expected = expected.split(old).join(renewed);
    expect(withoutServerFields(copy)).toEqual({
      ...JSON.parse(expected),
      title: copy.title,
    });

    const again = await send('POST', `/api/Projects/${answer.id}/duplicate`);
    expect(again.body).toMatchObject({ hasWebhook: false });
    const long = await create({ ...greetFlow(randomUUID()), title: 'x'.repeat(256) });
    const longCopy = await send('POST', `/api/Projects/${long.id}/duplicate`);
    const longTitle = (await get((longCopy.body as { id: string }).id)).title;
    expect(longTitle).toHaveLength(256);
    expect(longTitle.endsWith('x (copy)')).toBe(true);
  });

  it('gives an example payload keyed by input variable: the default, else the empty value of its type', async () => {
    const flow = await create({
      title: 'Payload',
      variables: [
        variable('text', DataTypeIds.String, 10),
        variable('count', DataTypeIds.Integer, 10),
        variable('ratio', DataTypeIds.Double, 10),
        variable('flag', DataTypeIds.Boolean, 10),
        variable('when', DataTypeIds.DateTime, 10),
        variable('ref', DataTypeIds.Guid, 10),
        variable('doc', DataTypeIds.File, 10),
        variable('data', DataTypeIds.Object, 10),
        variable('list', DataTypeIds.Integer, 10, { isList: true }),
        variable('given', DataTypeIds.String, 10, { defaultValue: 'Ada' }),
        variable('emptyGiven', DataTypeIds.String, 10, { defaultValue: '' }),
        variable('inner', DataTypeIds.String, 20),
        variable('result', DataTypeIds.String, 30),
      ],
    });
    const res = await send('GET', `/api/Projects/${flow.id}/payload`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      text: '',
      count: 0,
      ratio: 0,
      flag: false,
      when: '',
      ref: '',
      doc: { name: '' },
      data: {},
      list: [],
      given: 'Ada',
      emptyGiven: '',
    });
  });

  it('toggles activation with the state header in any case, without a new version', async () => {
    const flow = await create(greetFlow(randomUUID()));
    const toggle = (state?: string) =>
      send(
        'PATCH',
        `/api/Projects/${flow.id}/toggle-activation`,
        undefined,
        state === undefined ? {} : { state },
      );
    const off = await toggle('False');
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ id: flow.id, active: false });
    expect(await get(flow.id)).toMatchObject({ active: false, status: 5, version: 1 });
    expect((await toggle('TRUE')).body).toEqual({ id: flow.id, active: true });
    expect(await get(flow.id)).toMatchObject({ active: true, status: 1, version: 1 });
    for (const state of [undefined, 'yes', '']) {
      const res = await toggle(state);
      expect(res.status).toBe(400);
      expect(res.body).toEqual([
        { statusCode: 502, value: 'Header state must be true or false.', target: 'state' },
      ]);
    }
  });

  it('lists the callers of a sub-process and refuses to delete it while one calls it', async () => {
    const child = await create({ ...greetFlow(randomUUID()), title: 'Child' });
    const parentFlow = callerFlow('Parent', child.id.toUpperCase());
    const parent = await create(parentFlow);
    expect(parent.isValid).toBe(true);
    const dangling = await create(callerFlow('Dangling', randomUUID()));
    expect(dangling.isValid).toBe(false);

    const used = await send('GET', `/api/Projects/${child.id}/used`);
    expect(used.status).toBe(200);
    expect(used.body).toEqual([{ id: parent.id, title: 'Parent', workspaceId: personalId }]);
    expect((await send('GET', `/api/Projects/${parent.id}/used`)).body).toEqual([]);

    const refused = await send('DELETE', `/api/Projects/${child.id}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual([
      {
        statusCode: 502,
        value: `The process is called as a sub-process by "Parent" (${parent.id}).`,
        target: 'usedIn',
      },
    ]);
    expect((await get(child.id)).id).toBe(child.id);

    const deleted = await send('DELETE', `/api/Projects/${parent.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: parent.id });
    expect((await send('DELETE', `/api/Projects/${child.id}`)).body).toEqual({ id: child.id });
    expect((await send('GET', `/api/Projects/${child.id}`)).status).toBe(404);
    // The versions stay for the instances pinned to them.
    expect((await server.app.storage.processes.getVersion(personalId, child.id, 1))?.version).toBe(
      1,
    );
  });

  it('answers on lower-case paths too', async () => {
    const flow = await create(greetFlow(randomUUID()));
    const res = await send('GET', `/api/projects/${flow.id.toUpperCase()}`);
    expect(res.status).toBe(200);
    expect((await send('GET', '/api/PROJECTS/COUNT')).status).toBe(200);
  });
});

describe('/api/Projects roles', () => {
  const VIEWERS: { name: string; headers: () => Headers }[] = [
    {
      name: 'a viewer with a Bearer token',
      headers: () => ({ ...bearer(tokens.vera), workspaceId: demoId }),
    },
    { name: 'a viewer’s API key', headers: () => ({ ...veraKey, workspaceId: demoId }) },
  ];

  it.each(VIEWERS)(
    'lets $name read and validate but not change processes (403)',
    async ({ headers }) => {
      const owned = await call(url, 'POST', '/api/Projects', {
        headers: { ...bearer(tokens.bob), workspaceId: demoId },
        json: greetFlow(randomUUID()),
      });
      expect(owned.status).toBe(200);
      const id = (owned.body as { flow: Flow }).flow.id;
      const as = (method: string, route: string, json?: unknown) =>
        call(url, method, route, {
          headers: { ...headers(), state: 'false' },
          ...(json === undefined ? {} : { json }),
        });
      for (const route of [
        `/api/Projects/${id}`,
        '/api/Projects',
        '/api/Projects/count',
        `/api/Projects/${id}/payload`,
        `/api/Projects/${id}/used`,
      ])
        expect((await as('GET', route)).status, route).toBe(200);
      expect((await as('POST', '/api/Projects/validate', greetFlow(id))).status).toBe(200);
      const forbidden = [
        await as('POST', '/api/Projects', greetFlow(randomUUID())),
        await as('PUT', '/api/Projects', greetFlow(id)),
        await as('DELETE', `/api/Projects/${id}`),
        await as('POST', `/api/Projects/${id}/duplicate`),
        await as('PATCH', `/api/Projects/${id}/toggle-activation`),
      ];
      for (const res of forbidden) {
        expect(res.status).toBe(403);
        expect(res.body).toEqual([
          { statusCode: 501, value: 'Unauthorized user.', target: 'role' },
        ]);
      }
      const after = await call(url, 'GET', `/api/Projects/${id}`, {
        headers: { ...bearer(tokens.bob), workspaceId: demoId },
      });
      expect((after.body as { flow: Flow }).flow).toMatchObject({ version: 1, active: true });
    },
  );

  it('answers 401 without a principal', async () => {
    const res = await call(url, 'GET', '/api/Projects');
    expect(res.status).toBe(401);
  });
});
