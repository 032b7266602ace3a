// The action catalogue through the real HTTP API (API.md §9): manifests of every registered
// action, search, categories, folders (`node`), the folder tree and its rules, saved templates,
// single-action test runs (with a file test value and a failing input), custom action packages
// per workspace, and every bad input answered as a PROCESIO 4xx.
import { createHash, randomUUID } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_FAMILIES, createActionRegistry, familyOf } from '../../src/actions/catalogue.js';
import { ADD_NUMBERS_IDS as ADD } from '../../src/actions/numbers/add.action.js';
import { LIST_LENGTH_IDS as LENGTH } from '../../src/actions/lists/length.action.js';
import { CONCATENATE_IDS as CONCAT } from '../../src/actions/strings/concatenate.action.js';
import { DataTypeIds } from '../../src/domain/data-types/types.js';
import { CONTROL_TEMPLATE_IDS } from '../../src/flow/template-catalog.js';
import { runActionProcess } from '../../src/testing/action-process.js';
import { FlowBuilder, ref } from '../../src/testing/flow-builder.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

type Json = Record<string, unknown>;
type Headers = Record<string, string>;

interface Manifest {
  id: string;
  key: string;
  name: string;
  category: string;
  isProcesioAction: boolean;
  isTestable: boolean;
  shape: string;
  inputPorts: number;
  outputPorts: number;
  configuration?: { id: string; label: string; settings: Setting[] }[];
}

interface Setting {
  id: string;
  type: string;
  direction: number;
  dataTypeId: string | null;
  isList: boolean;
  isRequired: boolean;
  label: string;
}

interface FolderNode {
  id: string;
  name: string;
  parentId: string | null;
  order: number;
  type: number;
  isProcesio: boolean;
  children: FolderNode[];
}

interface TestResult {
  id: string;
  status: number;
  outputValues: { propertyId: string; outputTarget: number; value: unknown }[];
  variables: { id: string; name: string; value: unknown }[];
  errorMessage: string | null;
  errorCode: string | null;
  startedOn: string;
  finishedOn: string | null;
}

const registry = createActionRegistry();
const STRING = DataTypeIds.String;

let server: TestServer;
let url: string;
let admin: Headers;
let adminKey: Headers;
let bob: Headers;
let vera: Headers;

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  await server.app.identity.addUser({ username: 'bob', password: 'bob-password' });
  admin = bearer((await login(url)).access_token!);
  bob = bearer((await login(url, 'bob', 'bob-password')).access_token!);
  // A shared workspace where vera may only read.
  await server.app.identity.addUser({
    username: 'carol',
    password: 'carol-password',
    workspace: 'Team',
  });
  await server.app.identity.addUser({
    username: 'vera',
    password: 'vera-password',
    workspace: 'Team',
    role: 'viewer',
  });
  vera = bearer((await login(url, 'vera', 'vera-password')).access_token!);
  const key = (await call(url, 'POST', '/api/ApiKey', { headers: admin })).body as {
    name: string;
    value: string;
  };
  adminKey = { key: key.name, value: key.value };
});
afterAll(async () => server.close());

const PRINCIPALS: { name: string; headers: () => Headers }[] = [
  { name: 'a Bearer user', headers: () => admin },
  { name: 'an API key', headers: () => adminKey },
];

function expectError(
  res: { status: number; body: unknown },
  status: number,
  item: { statusCode?: number; target?: string; value?: string },
) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(Array.isArray(res.body), JSON.stringify(res.body)).toBe(true);
  expect((res.body as Json[])[0]).toMatchObject(item);
}

function variable(id: string, name: string, dataType: string, type: 10 | 30, isList = false) {
  return { id, name, dataType, type, isList, defaultValue: null };
}

/** A parameter bound to one variable (`<%0%>`) or a literal. */
function bound(tabPropertyId: string, variableId: string) {
  return { tabPropertyId, value: '<%0%>', variable: [{ id: 0, variableId, attribute: null }] };
}
function literal(tabPropertyId: string, value: unknown) {
  return { tabPropertyId, value, variable: [] };
}

async function finished(headers: Headers, id: string): Promise<TestResult> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await call(url, 'GET', `/api/Actions/test/${id}`, { headers });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const result = res.body as TestResult;
    if (result.status !== 10) return result;
    if (Date.now() > deadline) throw new Error(`test ${id} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(PRINCIPALS)('the catalogue as $name', ({ headers }) => {
  it('lists every registered action with configuration tabs built from its template settings', async () => {
    const res = await call(url, 'GET', '/api/Actions?getFullAction=true', { headers: headers() });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const actions = (res.body as { actions: Manifest[] }).actions;
    const templates = registry.list();
    expect(templates.length).toBeGreaterThan(10);
    for (const template of templates) {
      const manifest = actions.find((a) => a.id === template.id);
      expect(manifest, template.name).toBeDefined();
      expect(manifest).toMatchObject({
        key: template.id,
        name: template.name,
        shape: template.shape,
        inputPorts: template.inputPorts,
        outputPorts: template.outputPorts,
        isProcesioAction: true,
        category: familyOf(template.id)!.category,
        isTestable: registry.executable(template.id) !== undefined,
      });
      const settings = manifest!.configuration!.flatMap((tab) => tab.settings);
      expect(settings.map((s) => s.id)).toEqual(template.settings.map((s) => s.id));
      for (const [i, setting] of template.settings.entries())
        expect(settings[i]).toMatchObject({
          type: setting.type,
          direction: setting.direction,
          dataTypeId: setting.dataTypeId,
          isList: setting.isList,
          isRequired: setting.isRequired,
          label: setting.name,
        });
    }
    expect(actions.filter((a) => a.isProcesioAction)).toHaveLength(templates.length);
  });

  it('answers the short form without configuration unless getFullAction=true', async () => {
    const res = await call(url, 'GET', '/api/Actions', { headers: headers() });
    const body = res.body as { actions: Json[]; grouping: FolderNode[]; prototypes: Json[] };
    expect(body.actions.length).toBeGreaterThan(10);
    for (const action of body.actions) {
      expect(action).not.toHaveProperty('configuration');
      expect(action).toHaveProperty('permissions');
      expect(action).toHaveProperty('documentation');
    }
    expect(body.grouping.filter((g) => g.isProcesio).map((g) => g.name)).toEqual(
      ACTION_FAMILIES.map((f) => f.name),
    );
    expect(Array.isArray(body.prototypes)).toBe(true);
  });

  it('keeps the actions whose name contains actionFilter, in any case', async () => {
    const res = await call(url, 'GET', '/api/Actions?actionFilter=cONCAT', { headers: headers() });
    const names = (res.body as { actions: Manifest[] }).actions.map((a) => a.name);
    expect(names).toContain('Concatenate');
    expect(names.every((n) => n.toLowerCase().includes('concat'))).toBe(true);
  });

  it('reads one action in detail and answers 404 for an unknown or malformed id', async () => {
    const res = await call(url, 'GET', `/api/Actions/${CONCAT.Template.toUpperCase()}`, {
      headers: headers(),
    });
    expect(res.status).toBe(200);
    const manifest = res.body as Manifest;
    expect(manifest.id).toBe(CONCAT.Template);
    expect(manifest.configuration![0]!.settings.map((s) => s.id)).toEqual([
      CONCAT.Result,
      CONCAT.First,
      CONCAT.Second,
    ]);
    for (const id of [randomUUID(), 'not-a-guid'])
      expectError(await call(url, 'GET', `/api/Actions/${id}`, { headers: headers() }), 404, {
        statusCode: 450,
        target: 'action',
      });
  });

  it('filters by category or by platform folder name, in any case', async () => {
    const strings = ACTION_FAMILIES.find((f) => f.category === 'strings')!;
    for (const category of ['strings', strings.name.toUpperCase()]) {
      const res = await call(url, 'GET', `/api/Actions/category/${encodeURIComponent(category)}`, {
        headers: headers(),
      });
      expect(res.status).toBe(200);
      const body = res.body as { actions: Manifest[]; grouping: FolderNode[] };
      expect(body.actions.map((a) => a.id).sort()).toEqual(
        strings.actions.map((a) => a.template.id).sort(),
      );
      expect(body.grouping.map((g) => g.id)).toEqual([strings.folderId]);
    }
    const none = await call(url, 'GET', '/api/Actions/category/no-such-category', {
      headers: headers(),
    });
    expect(none.body).toEqual({ actions: [], grouping: [], prototypes: [] });
  });

  it('lists the actions of a platform folder named in header id', async () => {
    const numbers = ACTION_FAMILIES.find((f) => f.category === 'numbers')!;
    const res = await call(url, 'GET', '/api/Actions/node?getFullAction=true&isCustom=false', {
      headers: { ...headers(), id: numbers.folderId },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as { actions: Manifest[]; prototypes: Json[] };
    expect(body.actions.map((a) => a.id)).toEqual(numbers.actions.map((a) => a.template.id));
    expect(body.actions[0]!.configuration).toBeDefined();
    const control = ACTION_FAMILIES.find((f) => f.category === 'control')!;
    const controls = await call(url, 'GET', '/api/Actions/node', {
      headers: { ...headers(), id: control.folderId },
    });
    expect((controls.body as { actions: Manifest[] }).actions.map((a) => a.id)).toContain(
      CONTROL_TEMPLATE_IDS.Start,
    );
    expectError(
      await call(url, 'GET', '/api/Actions/node', { headers: { ...headers(), id: randomUUID() } }),
      404,
      { statusCode: 450, target: 'folder' },
    );
    expectError(
      await call(url, 'GET', '/api/Actions/node', { headers: { ...headers(), id: 'nope' } }),
      400,
      { statusCode: 502, target: 'id' },
    );
  });

  it('serves the Decisional operators with their arity', async () => {
    const res = await call(url, 'GET', '/api/Actions/decisional/operators', {
      headers: headers(),
    });
    expect(res.status).toBe(200);
    const operators = res.body as { name: string; label: string; operatorType: number }[];
    expect(operators).toContainEqual({ name: 'EQUALS', label: 'equals', operatorType: 2 });
    expect(operators).toContainEqual({ name: 'IS_EMPTY', label: 'is empty', operatorType: 1 });
    expect(operators).toHaveLength(14);
  });
});

describe.each(PRINCIPALS)('folders as $name', ({ headers }) => {
  const send = (method: string, route: string, json?: unknown) =>
    call(url, method, route, { headers: headers(), ...(json === undefined ? {} : { json }) });

  it('creates, nests, renames and deletes folders under the rules of §9.1', async () => {
    const tag = randomUUID().slice(0, 8);
    const created = await send('POST', '/api/Actions/folders', { name: `Finance ${tag}` });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const parent = created.body as FolderNode;
    expect(parent).toMatchObject({ parentId: null, type: 1, isProcesio: false, children: [] });

    const childId = randomUUID();
    const child = await send('POST', '/api/Actions/folders', {
      nodeId: childId,
      name: 'Invoices',
      parentId: parent.id,
      order: 3,
    });
    expect(child.body).toMatchObject({ id: childId, parentId: parent.id, order: 3 });

    const read = await send('GET', `/api/Actions/folders/${parent.id}`);
    expect((read.body as FolderNode).children.map((c) => c.id)).toEqual([childId]);
    const tree = (await send('GET', '/api/Actions/folders')).body as FolderNode[];
    expect(tree.slice(0, ACTION_FAMILIES.length).every((f) => f.isProcesio)).toBe(true);
    expect(tree.find((f) => f.id === parent.id)?.children[0]?.id).toBe(childId);

    // Unique among siblings in any case; the same name elsewhere is fine.
    expectError(
      await send('POST', '/api/Actions/folders', { name: 'INVOICES', parentId: parent.id }),
      400,
      { statusCode: 502, target: 'name', value: 'A folder with this name already exists here.' },
    );
    expect((await send('POST', '/api/Actions/folders', { name: `Invoices ${tag}` })).status).toBe(
      200,
    );
    expectError(await send('POST', '/api/Actions/folders', { name: 'text' }), 400, {
      target: 'name',
    });

    const renamed = await send('PATCH', '/api/Actions/folders/rename', {
      nodeId: childId,
      name: 'Receipts',
    });
    expect(renamed.body).toMatchObject({ id: childId, name: 'Receipts', parentId: parent.id });

    expectError(await send('DELETE', `/api/Actions/folders/${parent.id}`), 400, {
      statusCode: 502,
      target: 'id',
      value: 'The folder is not empty: move or delete its folders and templates first.',
    });
    expect((await send('DELETE', `/api/Actions/folders/${childId}`)).body).toEqual({
      id: childId,
    });
    expect((await send('DELETE', `/api/Actions/folders/${parent.id}`)).status).toBe(200);
    expectError(await send('GET', `/api/Actions/folders/${parent.id}`), 404, {
      statusCode: 450,
      target: 'folder',
    });
  });

  it('keeps platform folders read-only and refuses bad names, parents and ids', async () => {
    const platform = ACTION_FAMILIES[1]!.folderId;
    const own = (await send('POST', '/api/Actions/folders', { name: randomUUID() }))
      .body as FolderNode;
    const readOnly = { statusCode: 502, value: 'Platform actions and folders are read-only.' };
    expectError(
      await send('PATCH', '/api/Actions/folders/rename', { nodeId: platform, name: 'Mine' }),
      400,
      readOnly,
    );
    expectError(await send('DELETE', `/api/Actions/folders/${platform}`), 400, readOnly);
    expectError(
      await send('POST', '/api/Actions/folders', { name: 'Inside', parentId: platform }),
      400,
      { ...readOnly, target: 'parentId' },
    );
    expect((await send('GET', `/api/Actions/folders/${platform}`)).body).toMatchObject({
      id: platform,
      isProcesio: true,
    });
    for (const name of ['', '   ', 'x'.repeat(65)])
      expectError(await send('POST', '/api/Actions/folders', { name }), 400, {
        statusCode: 502,
        target: 'name',
      });
    const longest = randomUUID().padEnd(64, 'y');
    expect((await send('POST', '/api/Actions/folders', { name: longest })).status).toBe(200);
    expectError(
      await send('POST', '/api/Actions/folders', { name: 'Orphan', parentId: randomUUID() }),
      400,
      { target: 'parentId' },
    );
    expectError(await send('POST', '/api/Actions/folders', { name: 'Dup', id: own.id }), 400, {
      target: 'id',
      value: 'This id is already in use.',
    });
    expectError(
      await send('POST', '/api/Actions/folders', {
        name: 'Two',
        id: randomUUID(),
        nodeId: randomUUID(),
      }),
      400,
      { target: 'nodeId' },
    );
    expectError(await send('POST', '/api/Actions/folders', { name: 'Bad', id: 'x' }), 400, {
      target: 'id',
    });
    expectError(
      await send('PATCH', '/api/Actions/folders/rename', { nodeId: randomUUID(), name: 'Gone' }),
      404,
      { statusCode: 450, target: 'folder' },
    );
    expectError(await send('DELETE', `/api/Actions/folders/${randomUUID()}`), 404, {
      target: 'folder',
    });
  });
});

describe('workspace isolation of folders and templates', () => {
  it('hides one workspace’s folders and templates from another (404)', async () => {
    const folder = (
      await call(url, 'POST', '/api/Actions/folders', {
        headers: admin,
        json: { name: `Private ${randomUUID()}` },
      })
    ).body as FolderNode;
    const template = (
      await call(url, 'POST', '/api/Actions/templates', {
        headers: admin,
        json: {
          name: 'Greeting',
          parentNodeId: folder.id,
          actionTemplate: { id: randomUUID(), templateId: CONCAT.Template, parameters: [] },
        },
      })
    ).body as { id: string };
    for (const [method, route] of [
      ['GET', `/api/Actions/folders/${folder.id}`],
      ['DELETE', `/api/Actions/folders/${folder.id}`],
      ['GET', `/api/Actions/templates/${template.id}`],
      ['DELETE', `/api/Actions/templates/${template.id}`],
    ] as const)
      expect((await call(url, method, route, { headers: bob })).status, route).toBe(404);
    const tree = (await call(url, 'GET', '/api/Actions/folders', { headers: bob }))
      .body as FolderNode[];
    expect(tree.map((f) => f.id)).not.toContain(folder.id);
    const node = await call(url, 'GET', '/api/Actions/node', {
      headers: { ...bob, id: folder.id },
    });
    expect(node.status).toBe(404);
    // The same ids cannot be taken over from the other workspace.
    expectError(
      await call(url, 'POST', '/api/Actions/folders', {
        headers: bob,
        json: { name: 'Mine', id: folder.id },
      }),
      400,
      { target: 'id' },
    );
    expectError(
      await call(url, 'POST', '/api/Actions/templates', {
        headers: bob,
        json: {
          id: template.id,
          name: 'Mine',
          actionTemplate: { id: randomUUID(), templateId: CONCAT.Template },
        },
      }),
      400,
      { target: 'id' },
    );
  });
});

describe.each(PRINCIPALS)('templates as $name', ({ headers }) => {
  const send = (method: string, route: string, json?: unknown) =>
    call(url, method, route, { headers: headers(), ...(json === undefined ? {} : { json }) });
  const actionDto = (value: string) => ({
    id: randomUUID(),
    templateId: CONCAT.Template,
    actionName: 'Greet',
    parameters: [literal(CONCAT.Second, value)],
    customData: { type: 'square', position: { x: 1, y: 2 } },
  });

  it('saves, reads, replaces, files in folders and deletes templates', async () => {
    const folder = (await send('POST', '/api/Actions/folders', { name: randomUUID() }))
      .body as FolderNode;
    const saved = await send('POST', '/api/Actions/templates', {
      parentNodeId: folder.id,
      name: 'Greet politely',
      icon: 'waving_hand',
      isProcesio: true,
      actionTemplate: actionDto(' please'),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const template = saved.body as Json & { id: string; actionTemplate: Json };
    expect(template).toMatchObject({
      parentNodeId: folder.id,
      name: 'Greet politely',
      icon: 'waving_hand',
      isProcesio: false,
    });
    expect(template.actionTemplate.customData).toEqual({
      type: 'square',
      position: { x: 1, y: 2 },
    });
    expect((await send('GET', `/api/Actions/templates/${template.id}`)).body).toEqual(template);

    const replaced = await send('POST', '/api/Actions/templates', {
      id: template.id,
      name: 'Greet warmly',
      actionTemplate: actionDto(' warmly'),
    });
    expect(replaced.body).toMatchObject({
      id: template.id,
      name: 'Greet warmly',
      parentNodeId: null,
    });
    const root = await call(url, 'GET', '/api/Actions/node', { headers: headers() });
    expect((root.body as { prototypes: Json[] }).prototypes.map((p) => p.id)).toContain(
      template.id,
    );
    const listed = (await send('GET', '/api/Actions')).body as { prototypes: Json[] };
    expect(listed.prototypes.map((p) => p.id)).toContain(template.id);

    // Filed in the folder again: the folder cannot go while it holds the template.
    await send('POST', '/api/Actions/templates', {
      id: template.id,
      name: 'Greet warmly',
      parentNodeId: folder.id,
      actionTemplate: actionDto(' warmly'),
    });
    const inFolder = await call(url, 'GET', '/api/Actions/node', {
      headers: { ...headers(), id: folder.id },
    });
    expect((inFolder.body as { prototypes: Json[] }).prototypes.map((p) => p.id)).toEqual([
      template.id,
    ]);
    expect((await send('DELETE', `/api/Actions/folders/${folder.id}`)).status).toBe(400);
    expect((await send('DELETE', `/api/Actions/templates/${template.id}`)).body).toEqual({
      id: template.id,
    });
    expectError(await send('GET', `/api/Actions/templates/${template.id}`), 404, {
      statusCode: 450,
      target: 'template',
    });
    expect((await send('DELETE', `/api/Actions/folders/${folder.id}`)).status).toBe(200);
  });

  it('refuses templates of unknown actions, in platform folders or without a name', async () => {
    expectError(
      await send('POST', '/api/Actions/templates', {
        name: 'Nothing',
        actionTemplate: { id: randomUUID(), templateId: randomUUID() },
      }),
      400,
      { statusCode: 502, target: 'actionTemplate.templateId' },
    );
    expectError(
      await send('POST', '/api/Actions/templates', {
        name: 'Platform',
        parentNodeId: ACTION_FAMILIES[0]!.folderId,
        actionTemplate: actionDto('x'),
      }),
      400,
      { target: 'parentNodeId', value: 'Platform actions and folders are read-only.' },
    );
    expectError(
      await send('POST', '/api/Actions/templates', { name: '', actionTemplate: actionDto('x') }),
      400,
      { target: 'name' },
    );
    expectError(await send('POST', '/api/Actions/templates', { name: 'No action' }), 400, {
      target: 'actionTemplate',
    });
    expectError(
      await send('POST', '/api/Actions/templates', {
        name: 'Bad dto',
        actionTemplate: { id: 'x', templateId: CONCAT.Template },
      }),
      400,
      { statusCode: 502 },
    );
  });
});

describe.each(PRINCIPALS)('test runs as $name', ({ headers }) => {
  const first = randomUUID();
  const second = randomUUID();
  const out = randomUUID();

  it('answers {id, status: 10} at once and the result once the action ran', async () => {
    const gid = randomUUID();
    const started = await call(url, 'POST', '/api/Actions/test', {
      headers: headers(),
      json: {
        gid: gid.toUpperCase(),
        variables: [
          variable(first, 'first', STRING, 10),
          variable(second, 'second', STRING, 10),
          variable(out, 'joined', STRING, 30),
        ],
        testValues: [
          { variableId: first, value: 'Ada', attribute: null },
          { variableId: second, value: ' Lovelace' },
        ],
        action: {
          gtid: CONCAT.Template,
          parameters: [
            bound(CONCAT.First, first),
            bound(CONCAT.Second, second),
            bound(CONCAT.Result, out),
          ],
        },
        connectionId: 'ignored',
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body).toEqual({ id: gid, status: 10 });
    const result = await finished(headers(), gid);
    expect(result).toMatchObject({ id: gid, status: 40, errorMessage: null, errorCode: null });
    expect(result.outputValues).toEqual([
      { propertyId: CONCAT.Result, outputTarget: 1, value: 'Ada Lovelace' },
    ]);
    expect(result.variables).toContainEqual({ id: out, name: 'joined', value: 'Ada Lovelace' });
    expect(Date.parse(result.finishedOn!)).toBeGreaterThanOrEqual(Date.parse(result.startedOn));
    // The test belongs to its workspace.
    expect((await call(url, 'GET', `/api/Actions/test/${gid}`, { headers: bob })).status).toBe(404);
  });

  it('records the error of an action that refuses its input as status 90', async () => {
    const started = await call(url, 'POST', '/api/Actions/test', {
      headers: headers(),
      json: {
        action: {
          gtid: ADD.Template,
          parameters: [literal(ADD.First, 'abc'), literal(ADD.Second, '2')],
        },
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const { id } = started.body as { id: string };
    const result = await finished(headers(), id);
    expect(result.status).toBe(90);
    expect(result.errorCode).toBe('validation');
    expect(result.errorMessage).toContain('First number');
    expect(result.outputValues).toEqual([]);
  });

  it('runs with a file uploaded for the test, which the workspace can then download', async () => {
    const gid = randomUUID();
    const files = randomUUID();
    const count = randomUUID();
    const bytes = Buffer.from(`report ${randomUUID()}`);
    const fileId = randomUUID();
    const form = multipart('package', 'report.txt', 'text/plain', bytes);
    const uploaded = await fetch(`${url}/api/File/upload/testAction`, {
      method: 'POST',
      headers: {
        ...headers(),
        testActionId: gid,
        variableId: files,
        fileId,
        'content-type': form.contentType,
      },
      body: form.body,
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(200);
    expect(await uploaded.json()).toBe(fileId);

    const started = await call(url, 'POST', '/api/Actions/test', {
      headers: headers(),
      json: {
        gid,
        variables: [
          variable(files, 'files', DataTypeIds.File, 10, true),
          variable(count, 'count', DataTypeIds.Integer, 30),
        ],
        testValues: [{ variableId: files, value: [{ name: 'report.txt', id: fileId }] }],
        action: {
          gtid: LENGTH.Template,
          parameters: [bound(LENGTH.List, files), bound(LENGTH.Result, count)],
        },
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const result = await finished(headers(), gid);
    expect(result.status, result.errorMessage ?? '').toBe(40);
    expect(result.variables).toContainEqual({ id: count, name: 'count', value: 1 });
    const [file] = result.variables.find((v) => v.id === files)!.value as Json[];
    expect(file).toMatchObject({
      name: 'report.txt',
      id: fileId,
      size: bytes.length,
      mimeType: 'text/plain',
      hash: createHash('sha256').update(bytes).digest('hex'),
    });

    const download = (who: Headers) =>
      fetch(`${url}/api/File/download`, {
        headers: { ...who, uploadFilePath: file!.path as string },
      });
    const res = await download(headers());
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    expect((await download(bob)).status).toBe(404);
  });

  it('refuses tests it cannot bind or run with a PROCESIO 400', async () => {
    const post = (json: unknown) =>
      call(url, 'POST', '/api/Actions/test', { headers: headers(), json });
    expectError(await post({ action: { gtid: CONTROL_TEMPLATE_IDS.Start } }), 400, {
      statusCode: 502,
      target: 'action.gtid',
      value: 'This action cannot be tested.',
    });
    expectError(await post({ action: { gtid: randomUUID() } }), 400, { target: 'action.gtid' });
    expectError(await post({ action: { gtid: 'nope' } }), 400, { target: 'action.gtid' });
    expectError(await post({ gid: 'x', action: { gtid: CONCAT.Template } }), 400, {
      target: 'gid',
    });
    expectError(await post({}), 400, { statusCode: 502, target: 'action' });
    expectError(
      await post({
        action: { gtid: CONCAT.Template, parameters: [literal(CONCAT.Second, 'x')] },
      }),
      400,
      { statusCode: 502, target: `action.parameters.${CONCAT.First}` },
    );
    expectError(
      await post({
        testValues: [{ variableId: randomUUID(), value: 1 }],
        action: {
          gtid: CONCAT.Template,
          parameters: [literal(CONCAT.First, 'a'), literal(CONCAT.Second, 'b')],
        },
      }),
      400,
      { target: 'testValues[0].variableId' },
    );
    const files = randomUUID();
    expectError(
      await post({
        variables: [variable(files, 'files', DataTypeIds.File, 10)],
        testValues: [{ variableId: files, value: { id: 'never-uploaded' } }],
        action: {
          gtid: LENGTH.Template,
          parameters: [literal(LENGTH.List, '[]'), literal(LENGTH.Result, null)],
        },
      }),
      400,
      { target: 'testValues[0].value' },
    );
    expectError(
      await call(url, 'GET', `/api/Actions/test/${randomUUID()}`, { headers: headers() }),
      404,
      {
        statusCode: 450,
        target: 'test',
      },
    );
  });
});

const SHOUT = {
  input: randomUUID(),
  output: randomUUID(),
};

function shoutPackage(id: string | null, exclaim = '!', extra: Json = {}): Uint8Array {
  const manifest = {
    ...(id ? { id } : {}),
    name: 'Shout',
    description: 'Upper-cases a text',
    shape: 'square',
    category: 'text-tools',
    isTestable: true,
    entry: 'src/index.js',
    configuration: [
      {
        label: 'Configuration',
        settings: [
          {
            id: SHOUT.input,
            name: 'text',
            label: 'Text',
            type: 'text',
            dataTypeId: STRING,
            direction: 1,
            isRequired: true,
          },
          {
            id: SHOUT.output,
            name: 'shouted',
            label: 'Shouted',
            type: 'datatype',
            dataTypeId: STRING,
            direction: 3,
          },
        ],
      },
    ],
    ...extra,
  };
  return zipSync({
    'sluice-action.json': strToU8(JSON.stringify(manifest)),
    'src/index.js': strToU8(
      `export async function execute(inputs) {\n` +
        `  return { shouted: inputs.text.toUpperCase() + ${JSON.stringify(exclaim)} };\n}\n`,
    ),
  });
}

async function uploadPackage(headers: Headers, zip: Uint8Array, extra: Headers = {}) {
  const form = multipart('package', 'shout.zip', 'application/zip', Buffer.from(zip));
  const res = await fetch(`${url}/api/Actions`, {
    method: 'POST',
    headers: { ...headers, ...extra, 'content-type': form.contentType },
    body: form.body,
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as unknown };
}

const shout = (headers: Headers, templateId: string, text: string) =>
  runActionProcess(
    { url, headers },
    {
      templateId,
      variables: { [SHOUT.input]: { value: text, type: 'String' } },
      outputs: { shouted: { setting: SHOUT.output, type: 'String' } },
    },
  );

describe('custom actions', () => {
  it('belong to the uploading workspace: listed, runnable in its processes, replaced, deleted', async () => {
    const id = randomUUID();
    const uploaded = await uploadPackage(admin, shoutPackage(id.toUpperCase()), {
      name: 'Shout it',
      path: 'campaign',
    });
    expect(uploaded, JSON.stringify(uploaded.body)).toEqual({ status: 200, body: { id } });

    const listed = await call(url, 'GET', '/api/Actions?getFullAction=true', { headers: admin });
    const manifest = (listed.body as { actions: Manifest[] }).actions.find((a) => a.id === id);
    expect(manifest).toMatchObject({
      name: 'Shout it',
      icon: 'campaign',
      category: 'text-tools',
      isProcesioAction: false,
      isTestable: true,
      workspaceId: expect.any(String),
    });
    expect(manifest!.configuration![0]!.settings).toMatchObject([
      { id: SHOUT.input, name: 'text', label: 'Text', direction: 1, isRequired: true },
      { id: SHOUT.output, name: 'shouted', direction: 3 },
    ]);
    expect((await call(url, 'GET', `/api/Actions/${id}`, { headers: adminKey })).status).toBe(200);
    const custom = await call(url, 'GET', '/api/Actions/node?isCustom=true', { headers: admin });
    expect((custom.body as { actions: Manifest[] }).actions.map((a) => a.id)).toContain(id);
    const category = await call(url, 'GET', '/api/Actions/category/TEXT-TOOLS', {
      headers: admin,
    });
    expect((category.body as { actions: Manifest[] }).actions.map((a) => a.id)).toEqual([id]);

    const run = await shout(admin, id, 'hello');
    expect(run).toMatchObject({ status: 50, outputs: { shouted: 'HELLO!' }, error: null });

    const started = await call(url, 'POST', '/api/Actions/test', {
      headers: admin,
      json: { action: { gtid: id, parameters: [literal(SHOUT.input, 'test')] } },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const tested = await finished(admin, (started.body as { id: string }).id);
    expect(tested.outputValues).toEqual([
      { propertyId: SHOUT.output, outputTarget: 1, value: 'TEST!' },
    ]);

    // The same id again replaces the code for new runs.
    expect((await uploadPackage(admin, shoutPackage(id, '!!!'))).body).toEqual({ id });
    expect((await shout(admin, id, 'again')).outputs).toEqual({ shouted: 'AGAIN!!!' });

    // Published before the delete: still runs afterwards; new saves with it are invalid.
    const flow = new FlowBuilder('Published shout');
    const text = flow.variable('text', 'String', { orientation: 10 });
    const shouted = flow.variable('shouted', 'String', { orientation: 30 });
    const node = flow.node(id, 'Shout', {
      [SHOUT.input]: ref(text),
      [SHOUT.output]: ref(shouted),
    });
    flow.chain(flow.start(), node, flow.stop());
    expect(
      (await call(url, 'POST', '/api/Projects', { headers: admin, json: flow.build() })).status,
    ).toBe(200);
    const published = await call(url, 'POST', `/api/Projects/${flow.id}/instances/publish`, {
      headers: admin,
      json: { text: 'kept' },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const instanceId = (published.body as { id: string }).id;

    expect((await call(url, 'DELETE', `/api/Actions/${id}`, { headers: admin })).body).toEqual({
      id,
    });
    expect((await call(url, 'GET', `/api/Actions/${id}`, { headers: admin })).status).toBe(404);
    const after = await call(url, 'GET', '/api/Actions', { headers: admin });
    expect((after.body as { actions: Manifest[] }).actions.map((a) => a.id)).not.toContain(id);
    const launched = await call(
      url,
      'POST',
      `/api/Projects/instances/${instanceId}/launch?runSynchronous=true`,
      { headers: admin, json: {} },
    );
    expect(launched.status, JSON.stringify(launched.body)).toBe(200);
    expect(launched.body).toMatchObject({ status: 50, variable: { shouted: 'KEPT!!!' } });
    const validate = await call(url, 'POST', '/api/Projects/validate', {
      headers: admin,
      json: { ...flow.build(), id: randomUUID() },
    });
    expect(validate.status).toBe(400);
    expectError(await call(url, 'DELETE', `/api/Actions/${id}`, { headers: admin }), 404, {
      statusCode: 450,
      target: 'action',
    });
  });

  it('are invisible to another workspace, which can neither run nor take their id', async () => {
    const id = randomUUID();
    expect((await uploadPackage(admin, shoutPackage(id))).status).toBe(200);

    const list = await call(url, 'GET', '/api/Actions', { headers: bob });
    expect((list.body as { actions: Manifest[] }).actions.map((a) => a.id)).not.toContain(id);
    const custom = await call(url, 'GET', '/api/Actions/node?isCustom=true', { headers: bob });
    expect((custom.body as { actions: Manifest[] }).actions.map((a) => a.id)).not.toContain(id);
    expect((await call(url, 'GET', `/api/Actions/${id}`, { headers: bob })).status).toBe(404);
    expect((await call(url, 'DELETE', `/api/Actions/${id}`, { headers: bob })).status).toBe(404);
    await expect(shout(bob, id, 'hi')).rejects.toThrow(/running the process failed: 400/);
    expectError(
      await call(url, 'POST', '/api/Actions/test', {
        headers: bob,
        json: { action: { gtid: id, parameters: [literal(SHOUT.input, 'x')] } },
      }),
      400,
      { target: 'action.gtid' },
    );
    expectError(await uploadPackage(bob, shoutPackage(id)), 400, {
      statusCode: 502,
      target: 'id',
      value: 'This id is already in use.',
    });
    // The owner still runs it.
    expect((await shout(admin, id, 'mine')).outputs).toEqual({ shouted: 'MINE!' });
  });

  it('refuses what is not a Sluice action package, platform ids and platform deletes', async () => {
    const nuget = zipSync({
      'Acme.Actions.nuspec': strToU8('<package/>'),
      'lib/net6.0/Acme.Actions.dll': new Uint8Array([77, 90]),
    });
    const refused = await uploadPackage(admin, nuget);
    expect(refused.status).toBe(400);
    expect((refused.body as Json[])[0]).toEqual({
      statusCode: 502,
      value:
        'Not a Sluice action package: sluice-action.json missing or invalid (.NET custom actions cannot run on Sluice).',
      target: 'package',
    });
    expectError(await uploadPackage(admin, strToU8('not a zip')), 400, { target: 'package' });
    expectError(
      await uploadPackage(admin, shoutPackage(null, '!', { configuration: 'none' })),
      400,
      { target: 'package' },
    );
    const broken = zipSync({
      'sluice-action.json': strToU8(
        JSON.stringify({ name: 'Broken', entry: 'a.js', configuration: [] }),
      ),
      'a.js': strToU8('export async function execute( {'),
    });
    const compileError = await uploadPackage(admin, broken);
    expectError(compileError, 400, { target: 'package' });
    expect((compileError.body as Json[])[1]).toMatchObject({
      target: 'package',
      value: expect.stringContaining('does not compile'),
    });
    expectError(await uploadPackage(admin, shoutPackage(CONCAT.Template)), 400, {
      target: 'id',
      value: 'Platform actions and folders are read-only.',
    });
    expectError(
      await call(url, 'DELETE', `/api/Actions/${CONCAT.Template}`, { headers: admin }),
      400,
      {
        value: 'Platform actions and folders are read-only.',
      },
    );
    const noPart = multipart('other', 'x.zip', 'application/zip', Buffer.from(shoutPackage(null)));
    const missing = await fetch(`${url}/api/Actions`, {
      method: 'POST',
      headers: { ...admin, 'content-type': noPart.contentType },
      body: noPart.body,
    });
    expect(missing.status).toBe(400);
    const json = await call(url, 'POST', '/api/Actions', { headers: admin, json: {} });
    expect(json.status).toBe(415);
  });
});

describe('bad input', () => {
  const guid = randomUUID();
  const multipartBody = multipart('other', 'a.bin', 'application/zip', Buffer.from('x'));
  const cases: [string, string, { json?: unknown; body?: string; headers?: Headers }][] = [
    ['GET', '/api/Actions?getFullAction=maybe', {}],
    ['GET', '/api/Actions/category/strings?getFullAction=1x', {}],
    ['GET', '/api/Actions/node?isCustom=perhaps', {}],
    ['GET', '/api/Actions/node', { headers: { id: 'folder' } }],
    ['GET', '/api/Actions/not-a-guid', {}],
    ['GET', '/api/Actions/folders/not-a-guid', {}],
    ['POST', '/api/Actions/folders', { json: [] }],
    ['POST', '/api/Actions/folders', { json: { name: { text: 'a' } } }],
    ['POST', '/api/Actions/folders', { json: { name: 'a', order: 'first' } }],
    ['POST', '/api/Actions/folders', { json: { name: 'a', parentId: 'up' } }],
    [
      'POST',
      '/api/Actions/folders',
      { body: '{"name":', headers: { 'content-type': 'application/json' } },
    ],
    ['POST', '/api/Actions/folders', { body: 'name=a', headers: { 'content-type': 'text/plain' } }],
    ['PATCH', '/api/Actions/folders/rename', { json: {} }],
    ['PATCH', '/api/Actions/folders/rename', { json: { nodeId: 'x', name: 'a' } }],
    ['PATCH', '/api/Actions/folders/rename', { json: { nodeId: guid, name: ['a'] } }],
    ['DELETE', '/api/Actions/folders/xyz', {}],
    ['GET', '/api/Actions/templates/xyz', {}],
    ['POST', '/api/Actions/templates', { json: { name: 'a', actionTemplate: 'x' } }],
    ['POST', '/api/Actions/templates', { json: { name: 'a', actionTemplate: { id: guid } } }],
    ['POST', '/api/Actions/templates', { json: { name: 'a', id: 'x', actionTemplate: null } }],
    ['DELETE', '/api/Actions/templates/xyz', {}],
    ['POST', '/api/Actions/test', { json: { action: 'x' } }],
    [
      'POST',
      '/api/Actions/test',
      { json: { action: { gtid: CONCAT.Template }, variables: [{ id: 'x' }] } },
    ],
    ['POST', '/api/Actions/test', { json: { action: { gtid: CONCAT.Template }, testValues: 'x' } }],
    [
      'POST',
      '/api/Actions/test',
      { json: { action: { gtid: CONCAT.Template, parameters: [{ tabPropertyId: 'x' }] } } },
    ],
    ['GET', '/api/Actions/test/xyz', {}],
    ['POST', '/api/Actions', { json: {} }],
    [
      'POST',
      '/api/Actions',
      {
        body: multipartBody.body.toString('latin1'),
        headers: { 'content-type': multipartBody.contentType },
      },
    ],
    ['DELETE', '/api/Actions/xyz', {}],
    [
      'POST',
      '/api/File/upload/testAction',
      {
        body: multipartBody.body.toString('latin1'),
        headers: { 'content-type': multipartBody.contentType },
      },
    ],
    [
      'POST',
      '/api/File/upload/testAction',
      {
        body: multipartBody.body.toString('latin1'),
        headers: {
          'content-type': multipartBody.contentType,
          testActionId: 'x',
          variableId: guid,
          fileId: 'f',
        },
      },
    ],
    [
      'POST',
      '/api/File/upload/testAction',
      {
        body: multipartBody.body.toString('latin1'),
        headers: {
          'content-type': multipartBody.contentType,
          testActionId: guid,
          variableId: guid,
          fileId: '.hidden',
        },
      },
    ],
    [
      'POST',
      '/api/File/upload/testAction',
      {
        body: multipartBody.body.toString('latin1'),
        headers: {
          'content-type': multipartBody.contentType,
          testActionId: guid,
          variableId: guid,
          fileId: 'f',
        },
      },
    ],
  ];

  it.each(cases)('%s %s answers a PROCESIO 4xx', async (method, route, options) => {
    const res = await call(url, method, route, {
      ...options,
      headers: { ...admin, ...options.headers },
    });
    expect(res.status, `${res.status} ${res.text}`).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(Array.isArray(res.body), res.text).toBe(true);
    for (const item of res.body as Json[]) {
      expect(typeof item.statusCode).toBe('number');
      expect(typeof item.value).toBe('string');
      expect(typeof item.target).toBe('string');
    }
  });

  it('answers 401 to a caller without credentials and 403 to a viewer changing things', async () => {
    expectError(await call(url, 'GET', '/api/Actions'), 401, { statusCode: 501 });
    expectError(await call(url, 'POST', '/api/Actions/folders', { json: { name: 'a' } }), 401, {
      statusCode: 501,
    });
    const viewer = { ...vera, workspace: 'Team' };
    expect((await call(url, 'GET', '/api/Actions', { headers: viewer })).status).toBe(200);
    expect((await call(url, 'GET', '/api/Actions/folders', { headers: viewer })).status).toBe(200);
    for (const [method, route, json] of [
      ['POST', '/api/Actions/folders', { name: 'Viewer folder' }],
      [
        'POST',
        '/api/Actions/templates',
        { name: 'x', actionTemplate: { id: randomUUID(), templateId: CONCAT.Template } },
      ],
      ['POST', '/api/Actions/test', { action: { gtid: CONCAT.Template } }],
    ] as const)
      expectError(await call(url, method, route, { headers: viewer, json }), 403, {
        statusCode: 501,
      });
    expectError(await uploadPackage(viewer, shoutPackage(null)), 403, { statusCode: 501 });
  });
});

interface Part {
  contentType: string;
  body: Buffer;
}

function multipart(name: string, filename: string, type: string, data: Buffer): Part {
  const boundary = `----sluice${randomUUID()}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\n` +
    `Content-Type: ${type}\r\n\r\n`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}
