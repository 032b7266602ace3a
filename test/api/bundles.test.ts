// Export and import of `.procesio` bundles through the real HTTP API (API.md §13): a workspace's
// data models, credentials, webhooks and flows move into another workspace (ids remapped) or
// another server (ids kept) and run there; secrets travel only sealed with a password;
// overrideData replaces; a bundle with any fault is refused whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONCATENATE_IDS } from '../../src/actions/strings/concatenate.action.js';
import {
  RestAuthMethods as Auth,
  RestProperties as P,
  TemplateIds,
} from '../../src/credentials/templates.js';
import { FlowBuilder, ref } from '../../src/testing/flow-builder.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

type Json = Record<string, unknown>;

let server: TestServer;
let url: string;
let admin: Record<string, string>;
let bob: Record<string, string>;
const PASSWORD = 'S3cret-basic-password';
const source = { dataType: '', credential: '', webhook: '', flow: '' };

async function post(headers: Record<string, string>, route: string, json: unknown) {
  const res = await call(url, 'POST', route, { headers, json });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Json;
}

/** POSTs a bundle as the multipart part `importedData`. */
async function importBundle(
  target: string,
  headers: Record<string, string>,
  bundle: unknown,
  extra: Record<string, string> = {},
) {
  const form = new FormData();
  const text = typeof bundle === 'string' ? bundle : JSON.stringify(bundle);
  form.append('importedData', new Blob([text]), 'bundle.procesio');
  const res = await fetch(`${target}/api/Transport/import`, {
    method: 'POST',
    headers: { ...headers, ...extra },
    body: form,
  });
  const body = (await res.json()) as unknown;
  return { status: res.status, body };
}

async function exportEntities(
  headers: Record<string, string>,
  json: unknown,
  extra: Record<string, string> = {},
) {
  const res = await fetch(`${url}/api/Transport/export-entities`, {
    method: 'POST',
    headers: { ...headers, ...extra, 'content-type': 'application/json' },
    body: JSON.stringify(json),
  });
  const text = await res.text();
  return { res, text, bundle: res.status === 200 ? (JSON.parse(text) as Json) : null };
}

interface ImportAnswer {
  imported: { dataTypes: number; credentials: number; webhooks: number; flows: number };
  skipped: { type: string; id: string | null; reason: string }[];
  idMap: Record<string, string>;
}

/** Builds the source workspace: a model, a REST credential, a webhook and a flow using them. */
async function buildSource(headers: Record<string, string>): Promise<void> {
  const model = await post(headers, '/api/DataTypes', {
    name: 'Order',
    displayName: 'Order',
    content: {
      attributes: [
        { name: 'orderId', dataTypeId: '0317bfee-b2f5-4bde-bfe8-121212121211' },
        { name: 'customer', dataTypeId: '0317bfee-b2f5-4bde-bfe8-121212121214' },
      ],
    },
  });
  source.dataType = model.id as string;
  source.credential = (
    await post(headers, '/api/Credentials', {
      gtid: TemplateIds.Rest,
      name: 'Shop API',
      properties: [
        { id: P.Url, value: 'https://shop.example.com' },
        { id: P.AuthMethod, value: Auth.Basic },
        { id: P.BasicUser, value: 'alice' },
        { id: P.BasicPassword, value: PASSWORD },
      ],
    })
  ).id as string;
  source.webhook = (await post(headers, '/api/Webhooks', { name: 'orders-in' })).id as string;

  const f = new FlowBuilder('Order greeter');
  const order = f.variable('order', 'Object', { orientation: 10, dataTypeId: source.dataType });
  const name = f.variable('name', 'String', { orientation: 10, defaultValue: 'webhook' });
  const greeting = f.variable('greeting', 'String', { orientation: 30 });
  const copy = f.variable('copy', 'Object', { orientation: 30, dataTypeId: source.dataType });
  const concat = f.node(CONCATENATE_IDS.Template, 'Concatenate', {
    [CONCATENATE_IDS.First]: ref(name),
    [CONCATENATE_IDS.Second]: { value: ' ordered' },
    [CONCATENATE_IDS.Result]: ref(greeting),
  });
  f.chain(f.start(), concat, f.mapData([{ to: copy, from: ref(order) }]), f.stop());
  const flow = {
    ...f.build(),
    description: `uses credential ${source.credential}`,
    webhooks: [
      { webhookId: source.webhook, webhookVariables: [{ variableId: order, variableType: 3 }] },
    ],
  };
  const saved = await post(headers, '/api/Projects', flow);
  expect((saved.flow as { isValid: boolean }).isValid).toBe(true);
  source.flow = f.id;
}

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  admin = bearer((await login(url)).access_token!);
  await server.app.identity.addUser({ username: 'bob', password: 'bob-password' });
  bob = bearer((await login(url, 'bob', 'bob-password')).access_token!);
  await buildSource(admin);
});
afterAll(async () => server.close());

describe('export', () => {
  it('writes chosen flows with what they use, in PascalCase, secrets left out', async () => {
    const { res, bundle, text } = await exportEntities(admin, {
      flowIds: [source.flow.toUpperCase()],
      credentialIds: [source.credential],
    });
    expect(res.status, text).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="ExportedEntities-\d{14}\.procesio"$/,
    );
    expect(text).not.toContain(PASSWORD);
    expect((bundle!.DataTypes as Json[]).map((d) => d.Id)).toEqual([source.dataType]);
    expect((bundle!.Webhooks as Json[]).map((w) => [w.Id, w.Name])).toEqual([
      [source.webhook, 'orders-in'],
    ]);
    const [flow] = bundle!.Flows as Json[];
    expect(flow).toMatchObject({
      Id: source.flow,
      Title: 'Order greeter',
      Active: true,
      UsedInFlows: [],
      Webhooks: [{ WebhookId: source.webhook }],
    });
    expect((flow!.Variables as Json[])[0]).toMatchObject({
      Name: 'order',
      DataType: source.dataType,
    });
    const [credential] = bundle!.Credentials as Json[];
    expect(credential).toMatchObject({ gid: source.credential, gtid: TemplateIds.Rest });
    const values = new Map(
      (credential!.properties as { id: string; value: unknown }[]).map((p) => [p.id, p.value]),
    );
    expect(values.get(P.BasicUser)).toBe('alice');
    expect(values.get(P.BasicPassword)).toBeNull();
    expect(bundle).toMatchObject({ DocumentTemplates: [], Forms: [], DataStores: [] });
  });

  it('exports the whole workspace, leaving out the kinds switched off', async () => {
    const res = await fetch(`${url}/api/Transport/export`, {
      headers: { ...admin, exportFlows: 'False', exportCredentials: 'false' },
    });
    expect(res.status).toBe(200);
    const bundle = (await res.json()) as Json;
    expect((bundle.DataTypes as Json[]).length).toBe(1);
    expect((bundle.Webhooks as Json[]).length).toBe(1);
    expect(bundle.Flows).toEqual([]);
    expect(bundle.Credentials).toEqual([]);
    const bad = await call(url, 'GET', '/api/Transport/export', {
      headers: { ...admin, exportFlows: 'sometimes' },
    });
    expect(bad.status).toBe(400);
    expect((bad.body as Json[])[0]).toMatchObject({ target: 'exportFlows' });
  });

  it('answers 404 for an id that is not in the workspace, and 400 for a short password', async () => {
    const foreign = await exportEntities(bob, { flowIds: [source.flow] });
    expect(foreign.res.status).toBe(404);
    const short = await exportEntities(
      admin,
      { credentialIds: [source.credential], exportSensitiveData: true },
      { exportPassword: 'too-short' },
    );
    expect(short.res.status).toBe(400);
    expect(JSON.parse(short.text)).toEqual([
      {
        statusCode: 502,
        value: 'Exporting secrets needs an exportPassword of at least 12 characters.',
        target: 'exportPassword',
      },
    ]);
  });
});

describe('import', () => {
  it('moves a bundle into another user’s empty workspace with new ids, where its process runs', async () => {
    const { bundle } = await exportEntities(admin, {
      flowIds: [source.flow],
      credentialIds: [source.credential],
    });
    const res = await importBundle(url, bob, bundle);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const answer = res.body as ImportAnswer;
    expect(answer.imported).toEqual({ dataTypes: 1, credentials: 1, webhooks: 1, flows: 1 });
    expect(answer.skipped).toEqual([]);
    // Another workspace holds the ids: each got a new one, and every reference follows.
    expect(Object.keys(answer.idMap).sort()).toEqual(Object.values(source).sort());
    const moved = (id: string) => answer.idMap[id]!;
    for (const id of Object.values(source)) expect(moved(id)).not.toBe(id);

    const model = await call(url, 'GET', `/api/DataTypes/${moved(source.dataType)}`, {
      headers: bob,
    });
    expect(model.body).toMatchObject({ name: 'Order', attributes: [{ name: 'orderId' }, {}] });
    const flow = (await call(url, 'GET', `/api/Projects/${moved(source.flow)}`, { headers: bob }))
      .body as { flow: Json };
    expect(flow.flow).toMatchObject({
      isValid: true,
      description: `uses credential ${source.credential}`,
      webhooks: [{ webhookId: moved(source.webhook) }],
    });
    expect((flow.flow.variables as Json[])[0]).toMatchObject({ dataType: moved(source.dataType) });

    const run = await call(
      url,
      'POST',
      `/api/Projects/${moved(source.flow)}/run?runSynchronous=true`,
      {
        headers: bob,
        json: { payload: { order: { orderId: 7, customer: 'Ada' }, name: 'Ada' } },
      },
    );
    expect(run.body).toMatchObject({
      status: 50,
      variable: { greeting: 'Ada ordered', copy: { orderId: 7, customer: 'Ada' } },
    });
    const hook = await fetch(`${url}/api/Webhooks/launch/${moved(source.webhook)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: 8, customer: 'Lin' }),
    });
    expect(hook.status).toBe(200);

    // The credential came without its secret; the rest is as it was.
    const workspaceId = (
      (await call(url, 'GET', `/api/Credentials/${moved(source.credential)}`, { headers: bob }))
        .body as Json
    ).workspaceId as string;
    const values = (await server.app.credentials.resolve(workspaceId, moved(source.credential)))!
      .values;
    expect(values.get(P.BasicUser)).toBe('alice');
    expect(values.get(P.BasicPassword)).toBe('');

    // The same bundle again finds what the first import made: nothing new.
    const again = (await importBundle(url, bob, bundle)).body as ImportAnswer;
    expect(again.imported).toEqual({ dataTypes: 0, credentials: 0, webhooks: 0, flows: 0 });
    expect(again.skipped.map((s) => s.type).sort()).toEqual([
      'credential',
      'dataType',
      'flow',
      'webhook',
    ]);
    expect(again.idMap).toEqual(answer.idMap);

    // overrideData replaces them.
    const changed = JSON.parse(JSON.stringify(bundle)) as { Flows: Json[] };
    changed.Flows[0]!.Title = 'Order greeter v2';
    const replaced = await importBundle(url, bob, changed, { overrideData: 'True' });
    expect((replaced.body as ImportAnswer).imported).toEqual({
      dataTypes: 1,
      credentials: 1,
      webhooks: 1,
      flows: 1,
    });
    const renamed = await call(url, 'GET', `/api/Projects/${moved(source.flow)}`, { headers: bob });
    expect((renamed.body as { flow: { title: string } }).flow.title).toBe('Order greeter v2');
  });

  it('keeps ids on another server and carries secrets only sealed with the password', async () => {
    const sealedExport = await exportEntities(
      admin,
      { credentialIds: [source.credential], exportSensitiveData: true },
      { exportPassword: 'correct horse battery' },
    );
    expect(sealedExport.res.status).toBe(200);
    expect(sealedExport.text).not.toContain(PASSWORD);
    const sealed = (
      (sealedExport.bundle!.Credentials as Json[])[0]!.properties as { id: string; value: string }[]
    ).find((p) => p.id === P.BasicPassword)!.value;
    expect(sealed).toMatch(/^sluice-enc:v1:[A-Za-z0-9+/=]+$/);

    const other = await startTestServer();
    try {
      const otherAdmin = bearer((await login(other.url)).access_token!);
      const resolve = async (id: string) => {
        const workspaceId = (
          (await call(other.url, 'GET', `/api/Credentials/${id}`, { headers: otherAdmin }))
            .body as Json
        ).workspaceId as string;
        return (await other.app.credentials.resolve(workspaceId, id))!.values;
      };

      const opened = await importBundle(other.url, otherAdmin, sealedExport.bundle, {
        importPassword: 'correct horse battery',
      });
      expect(opened.status, JSON.stringify(opened.body)).toBe(200);
      expect((opened.body as ImportAnswer).idMap).toEqual({});
      expect((await resolve(source.credential)).get(P.BasicPassword)).toBe(PASSWORD);

      const wrong = await importBundle(other.url, otherAdmin, sealedExport.bundle, {
        importPassword: 'not the right one',
        overrideData: 'true',
      });
      expect((wrong.body as ImportAnswer).skipped).toEqual([
        {
          type: 'credentialSecret',
          id: source.credential,
          reason: '"Password" was imported empty: the importPassword does not open it',
        },
      ]);
      expect((await resolve(source.credential)).get(P.BasicPassword)).toBe('');

      const full = await exportEntities(admin, { flowIds: [source.flow] });
      const kept = await importBundle(other.url, otherAdmin, full.bundle);
      expect((kept.body as ImportAnswer).idMap).toEqual({});
      const flow = await call(other.url, 'GET', `/api/Projects/${source.flow}`, {
        headers: otherAdmin,
      });
      expect((flow.body as { flow: { isValid: boolean } }).flow.isValid).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('reads the 2023 form: a model in a stringified Data field, a binding by VariableId', async () => {
    const modelId = crypto.randomUUID();
    const f = new FlowBuilder('Legacy');
    const body = f.variable('body', 'Object', { orientation: 10, dataTypeId: modelId });
    const out = f.variable('out', 'Object', { orientation: 30, dataTypeId: modelId });
    f.chain(f.start(), f.mapData([{ to: out, from: ref(body) }]), f.stop());
    const webhookId = crypto.randomUUID();
    const legacy = {
      DataTypes: [
        {
          Data: JSON.stringify({
            Gid: modelId,
            Name: 'Legacy',
            DisplayName: 'Legacy model',
            IsDataModel: true,
            DataPropertyList: [
              {
                Gid: crypto.randomUUID(),
                Name: 'code',
                IsList: false,
                DataTypeGid: '0317bfee-b2f5-4bde-bfe8-121212121214',
                DisplayName: 'Code',
                JsonPropertyName: 'code',
                ParentDataTypeGid: modelId,
              },
            ],
          }),
        },
      ],
      Webhooks: [{ Id: webhookId, Name: 'legacy-hook' }],
      Flows: [{ ...f.build(), webhooks: [{ webhookId, variableId: body }] }],
      DocumentTemplates: [{ Id: 'doc-1' }],
    };
    const res = await importBundle(url, bob, legacy);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body as ImportAnswer).skipped).toEqual([
      { type: 'document', id: 'doc-1', reason: 'not supported by Sluice yet' },
    ]);
    const model = await call(url, 'GET', `/api/DataTypes/${modelId}`, { headers: bob });
    expect(model.body).toMatchObject({
      displayName: 'Legacy model',
      attributes: [{ name: 'code', displayName: 'Code' }],
    });
    const hook = await fetch(`${url}/api/Webhooks/launch/${webhookId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'X1' }),
    });
    const { instanceId } = (await hook.json()) as { instanceId: string };
    for (let i = 0; i < 200; i++) {
      const status = await call(url, 'GET', `/api/Projects/instances/${instanceId}/status`, {
        headers: bob,
      });
      const envelope = status.body as { status: number; variable: Json };
      if (envelope.status === 50) {
        expect(envelope.variable.out).toEqual({ code: 'X1' });
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the legacy process did not finish');
  });

  it('refuses a corrupt bundle with 400 and imports nothing of it', async () => {
    const counts = async () => ({
      dataTypes: (await call(url, 'GET', '/api/DataTypes/count', { headers: bob })).body,
      webhooks: ((await call(url, 'GET', '/api/Webhooks', { headers: bob })).body as Json)
        .totalItemCount,
      flows: (await call(url, 'GET', '/api/Projects/count', { headers: bob })).body,
    });
    const before = await counts();

    const notJson = await importBundle(url, bob, '{"Flows": [');
    expect(notJson.status).toBe(400);
    expect(notJson.body).toEqual([
      {
        statusCode: 502,
        value: 'The file is not a .procesio bundle: it is not JSON.',
        target: 'importedData',
      },
    ]);

    const faulty = {
      DataTypes: [
        { Id: crypto.randomUUID(), Name: 'Fine', Attributes: [] },
        { Id: crypto.randomUUID(), Attributes: [] },
      ],
      Webhooks: [{ Id: crypto.randomUUID(), Name: 'fine-hook' }],
      Flows: [
        {
          Id: crypto.randomUUID(),
          Title: 'Broken',
          Variables: [{ Id: 'not-a-guid', DataType: 'x', Type: 10, Name: 'a' }],
        },
      ],
    };
    const refused = await importBundle(url, bob, faulty);
    expect(refused.status).toBe(400);
    expect((refused.body as Json[]).map((e) => e.target)).toEqual([
      'DataTypes[1].Name',
      'Flows[0].variables[0].id',
      'Flows[0].variables[0].dataType',
    ]);

    const clash = {
      DataTypes: [{ Id: crypto.randomUUID(), Name: 'Order', Attributes: [] }],
      Webhooks: [{ Id: crypto.randomUUID(), Name: 'clash-free' }],
    };
    const taken = await importBundle(url, bob, clash);
    expect(taken.status).toBe(400);
    expect(taken.body).toEqual([
      {
        statusCode: 502,
        value: 'A data model named "Order" already exists in this workspace.',
        target: 'DataTypes[0].name',
      },
    ]);
    expect(await counts()).toEqual(before);

    const noPart = new FormData();
    noPart.append('other', 'x');
    const missing = await fetch(`${url}/api/Transport/import`, {
      method: 'POST',
      headers: bob,
      body: noPart,
    });
    expect(missing.status).toBe(400);
    const json = await call(url, 'POST', '/api/Transport/import', { headers: bob, json: {} });
    expect(json.status).toBe(415);
    const flag = await importBundle(url, bob, {}, { overrideData: 'perhaps' });
    expect(flag.status).toBe(400);
  });
});
