// Data types (API.md §6) through the real HTTP server, under a Bearer user and an API key: nested
// custom models, reads by id and name, rename, attribute routes, lists, the anonymous built-in
// catalogues, read-only built-ins, refused deletes, and typed run payloads against a model.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataTypeIds } from '../../src/domain/data-types/index.js';
import { FlowBuilder, ref } from '../../src/testing/flow-builder.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

type Headers = Record<string, string>;

interface Attribute {
  id: string;
  name: string;
  displayName: string;
  dataTypeId: string;
  dataTypeName: string;
  parentDataTypeId: string;
  isList: boolean;
  isDataModel: boolean;
  jsonProperty: string;
  attributes: Attribute[];
}

interface Model {
  id: string;
  name: string;
  displayName: string;
  isDataModel: boolean;
  isPrimaryType: boolean;
  isProcesio: boolean;
  isPublic: boolean;
  csharpCorrespondent: number;
  type: number;
  attributes: Attribute[];
  parentIds: string[];
  createdOn: string | null;
}

interface Paged<T> {
  totalItemCount: number;
  pageNumber: number;
  pageItemCount: number;
  pageItems: T[];
}

let server: TestServer;
let url: string;
let auth: Headers;
let keyAuth: Headers;

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  auth = bearer((await login(url)).access_token!);
  const key = (await call(url, 'POST', '/api/ApiKey', { headers: auth })).body as {
    name: string;
    value: string;
  };
  keyAuth = { key: key.name, value: key.value };
});
afterAll(async () => server.close());

const PRINCIPALS = [
  ['a Bearer user', () => auth],
  ['an API key', () => keyAuth],
] as const;

function unique(prefix: string): string {
  return `${prefix}_${randomUUID().slice(0, 8)}`;
}

async function create(headers: Headers, body: unknown): Promise<Model> {
  const res = await call(url, 'POST', '/api/DataTypes', { headers, json: body });
  expect(res.status, res.text).toBe(200);
  return res.body as Model;
}

/** Address {street, zip: Integer}; Customer {name, address: Address, previous: Address[], score: Float}. */
async function customerModels(headers: Headers) {
  const address = await create(headers, {
    name: unique('Address'),
    displayName: 'Address',
    isPublic: false,
    content: {
      attributes: [
        { name: 'street', displayName: 'Street', dataTypeId: DataTypeIds.String, isList: false },
        { name: 'zip', dataTypeId: DataTypeIds.Integer },
      ],
    },
  });
  const customer = await create(headers, {
    name: unique('Customer'),
    displayName: unique('Customer display'),
    content: {
      attributes: [
        { name: 'name', dataTypeId: DataTypeIds.String },
        { name: 'address', dataTypeId: address.id },
        { name: 'previous', dataTypeId: address.id.toUpperCase(), isList: true },
        { name: 'score', dataTypeId: DataTypeIds.Float },
      ],
    },
  });
  return { address, customer };
}

describe('custom data models', () => {
  for (const [who, headers] of PRINCIPALS) {
    it(`creates a nested model and reads it by id and by name for ${who}`, async () => {
      const { address, customer } = await customerModels(headers());
      expect(address).toMatchObject({
        isDataModel: true,
        isPrimaryType: false,
        isProcesio: false,
        isPublic: false,
        csharpCorrespondent: 0,
        type: 1,
        parentIds: [],
        attributes: [
          {
            name: 'street',
            displayName: 'Street',
            dataTypeId: DataTypeIds.String,
            dataTypeName: 'String',
            parentDataTypeId: address.id,
            isList: false,
            jsonProperty: 'street',
            attributes: [],
          },
          { name: 'zip', displayName: 'zip', dataTypeName: 'Integer' },
        ],
      });
      expect(customer.attributes.map((a) => [a.name, a.isList, a.isDataModel])).toEqual([
        ['name', false, false],
        ['address', false, true],
        ['previous', true, true],
        ['score', false, false],
      ]);
      // The nested model's attributes are inlined, with their own ids.
      const nested = customer.attributes[2]!;
      expect(nested.dataTypeId).toBe(address.id);
      expect(nested.dataTypeName).toBe(address.name);
      expect(nested.attributes.map((a) => [a.id, a.name, a.parentDataTypeId])).toEqual(
        address.attributes.map((a) => [a.id, a.name, address.id]),
      );

      const byId = await call(url, 'GET', `/api/DataTypes/${customer.id.toUpperCase()}`, {
        headers: headers(),
      });
      expect(byId.status).toBe(200);
      expect(byId.body).toEqual(customer);
      const trailing = await call(url, 'GET', `/api/datatypes/${customer.id}/whatever`, {
        headers: headers(),
      });
      expect(trailing.body).toEqual(customer);
      const addressNow = (
        await call(url, 'GET', `/api/DataTypes/${address.id}`, { headers: headers() })
      ).body as Model;
      expect(addressNow.parentIds).toEqual([customer.id]);

      const byName = await call(url, 'GET', `/api/DataTypes/${customer.name.toUpperCase()}`, {
        headers: headers(),
      });
      expect(byName.status).toBe(200);
      expect(byName.body).toEqual(customer);
      const byDisplayName = await call(
        url,
        'GET',
        `/api/DataTypes/${encodeURIComponent(customer.displayName)}?displayName=True`,
        { headers: headers() },
      );
      expect((byDisplayName.body as Model).id).toBe(customer.id);
      const noMatch = await call(url, 'GET', '/api/DataTypes/NoSuchModel', { headers: headers() });
      expect(noMatch.status).toBe(200);
      expect(noMatch.text).toBe('null');
      const unknownId = await call(url, 'GET', `/api/DataTypes/${randomUUID()}`, {
        headers: headers(),
      });
      expect(unknownId.status).toBe(404);
      expect(unknownId.body).toEqual([
        { statusCode: 450, value: 'Database requested information not found.', target: 'dataType' },
      ]);
    });
  }

  it('reads a built-in type by id and by name', async () => {
    const file = (await call(url, 'GET', `/api/DataTypes/${DataTypeIds.File}`, { headers: auth }))
      .body as Model;
    expect(file).toMatchObject({ name: 'FileDataModel', isProcesio: true, isDataModel: true });
    expect(file.attributes.map((a) => a.name)).toEqual([
      'path',
      'name',
      'mimeType',
      'size',
      'hash',
      'id',
    ]);
    const integer = (await call(url, 'GET', '/api/DataTypes/integer', { headers: auth }))
      .body as Model;
    expect(integer).toMatchObject({ id: DataTypeIds.Integer, csharpCorrespondent: 20 });
  });

  it('refuses invalid models with every broken rule', async () => {
    const bad = await call(url, 'POST', '/api/DataTypes', {
      headers: auth,
      json: {
        name: 'primary',
        displayName: '',
        content: {
          attributes: [
            { name: '1st', dataTypeId: DataTypeIds.String },
            { name: 'date', dataTypeId: '0317bfee-b2f5-4bde-bfe8-121212121215' },
            { name: 'x', dataTypeId: 'not-a-guid' },
          ],
        },
      },
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { target: string }[]).map((e) => e.target)).toEqual([
      'content.attributes[2].dataTypeId',
    ]);
    const rules = await call(url, 'POST', '/api/DataTypes', {
      headers: auth,
      json: {
        name: 'primary',
        displayName: '',
        content: {
          attributes: [
            { name: '1st', dataTypeId: DataTypeIds.String },
            { name: 'date', dataTypeId: '0317bfee-b2f5-4bde-bfe8-121212121215' },
          ],
        },
      },
    });
    expect(rules.status).toBe(400);
    expect((rules.body as { statusCode: number; target: string }[]).map((e) => e.target)).toEqual([
      'name',
      'displayName',
      'content.attributes[0].name',
      'content.attributes[1].dataTypeId',
    ]);
    const name = unique('Twice');
    await create(auth, { name, displayName: name });
    const taken = await call(url, 'POST', '/api/DataTypes', {
      headers: keyAuth,
      json: { name: name.toLowerCase(), displayName: 'x' },
    });
    expect(taken.status).toBe(400);
    expect((taken.body as { target: string }[])[0]!.target).toBe('name');
  });

  it('renames, replaces attributes and refuses a model that would contain itself', async () => {
    const { address, customer } = await customerModels(auth);
    const renamed = await call(url, 'PUT', '/api/DataTypes', {
      headers: keyAuth,
      json: {
        id: customer.id,
        name: `${customer.name}_v2`,
        displayName: 'Renamed',
        isProcesio: false,
        isPrimaryType: false,
      },
    });
    expect(renamed.status, renamed.text).toBe(200);
    const after = renamed.body as Model;
    expect(after).toMatchObject({
      id: customer.id,
      name: `${customer.name}_v2`,
      displayName: 'Renamed',
    });
    // A rename keeps the attributes and their ids.
    expect(after.attributes.map((a) => a.id)).toEqual(customer.attributes.map((a) => a.id));

    const cycle = await call(url, 'PUT', '/api/DataTypes', {
      headers: auth,
      json: {
        id: address.id,
        name: address.name,
        displayName: address.displayName,
        attributes: [{ name: 'owner', dataTypeId: customer.id }],
      },
    });
    expect(cycle.status).toBe(400);
    expect((cycle.body as { target: string; value: string }[])[0]).toMatchObject({
      statusCode: 502,
      target: 'attributes[0].dataTypeId',
      value: expect.stringContaining('may not contain itself'),
    });

    const [street, zip] = address.attributes;
    const replaced = await call(url, 'PUT', '/api/DataTypes', {
      headers: auth,
      json: {
        id: address.id,
        name: address.name,
        displayName: address.displayName,
        attributes: [
          { id: zip!.id, name: 'postcode', dataTypeId: DataTypeIds.String },
          { name: 'city', dataTypeId: DataTypeIds.String },
        ],
      },
    });
    expect(replaced.status, replaced.text).toBe(200);
    const attrs = (replaced.body as Model).attributes;
    expect(attrs.map((a) => a.name)).toEqual(['postcode', 'city']);
    expect(attrs[0]!.id).toBe(zip!.id);
    expect(attrs.some((a) => a.id === street!.id)).toBe(false);
  });

  it('adds, replaces and deletes attributes of the model and of a model inside it', async () => {
    for (const [, headers] of PRINCIPALS) {
      const { address, customer } = await customerModels(headers());
      const added = await call(url, 'POST', `/api/DataTypes/attribute/${customer.id}`, {
        headers: headers(),
        json: {
          id: null,
          name: 'email',
          displayName: 'E-mail',
          dataTypeId: DataTypeIds.String,
          isList: false,
          jsonProperty: 'email',
          parentDataTypeId: customer.id,
        },
      });
      expect(added.status, added.text).toBe(200);
      const root = added.body as Model;
      expect(root.id).toBe(customer.id);
      const email = root.attributes.find((a) => a.name === 'email')!;
      expect(email).toMatchObject({ displayName: 'E-mail', parentDataTypeId: customer.id });

      // Nested: the attribute goes to Address, the answer is the root with it inlined.
      const nested = await call(url, 'POST', `/api/DataTypes/attribute/${customer.id}`, {
        headers: headers(),
        json: { name: 'country', dataTypeId: DataTypeIds.String, parentDataTypeId: address.id },
      });
      expect(nested.status, nested.text).toBe(200);
      const inlined = (nested.body as Model).attributes.find((a) => a.name === 'address')!;
      const country = inlined.attributes.find((a) => a.name === 'country')!;
      expect(country.parentDataTypeId).toBe(address.id);

      const replaced = await call(url, 'PUT', `/api/DataTypes/attribute/${customer.id}`, {
        headers: headers(),
        json: { ...email, displayName: 'Mail', isList: true },
      });
      expect(replaced.status, replaced.text).toBe(200);
      expect((replaced.body as Model).attributes.find((a) => a.id === email.id)).toMatchObject({
        name: 'email',
        displayName: 'Mail',
        isList: true,
      });

      const clash = await call(url, 'POST', `/api/DataTypes/attribute/${customer.id}`, {
        headers: headers(),
        json: { name: 'EMAIL', dataTypeId: DataTypeIds.String },
      });
      expect(clash.status).toBe(400);
      expect((clash.body as { target: string }[])[0]!.target).toBe('name');

      const removed = await call(
        url,
        'DELETE',
        `/api/DataTypes/attribute/${customer.id}/${country.id}`,
        { headers: headers() },
      );
      expect(removed.status, removed.text).toBe(200);
      const addressNow = (
        await call(url, 'GET', `/api/DataTypes/${address.id}`, { headers: headers() })
      ).body as Model;
      expect(addressNow.attributes.map((a) => a.name)).toEqual(['street', 'zip']);
      const gone = await call(
        url,
        'DELETE',
        `/api/DataTypes/attribute/${customer.id}/${country.id}`,
        { headers: headers() },
      );
      expect(gone.status).toBe(404);
    }
  });
});

describe('lists and counts', () => {
  it('pages, searches and counts the workspace’s models', async () => {
    const tag = randomUUID().slice(0, 6);
    for (const n of ['c', 'A', 'b']) {
      await create(auth, {
        name: unique('Listed'),
        displayName: `${n} listed ${tag}`,
        content: { attributes: [{ name: 'v', dataTypeId: DataTypeIds.String }] },
      });
    }
    const search = (
      await call(url, 'GET', `/api/DataTypes?searchName=LISTED ${tag}`, {
        headers: keyAuth,
      })
    ).body as Paged<Model>;
    expect(search.totalItemCount).toBe(3);
    expect(search.pageItems.map((m) => m.displayName)).toEqual([
      `A listed ${tag}`,
      `b listed ${tag}`,
      `c listed ${tag}`,
    ]);
    // Without addProperties the attributes are left out.
    expect(search.pageItems.every((m) => m.attributes.length === 0)).toBe(true);
    const page = (
      await call(
        url,
        'GET',
        `/api/DataTypes?searchName=listed ${tag}&pageNumber=2&pageItemCount=2&addProperties=true`,
        { headers: auth },
      )
    ).body as Paged<Model>;
    expect(page).toMatchObject({ totalItemCount: 3, pageNumber: 2, pageItemCount: 2 });
    expect(page.pageItems.map((m) => m.displayName)).toEqual([`c listed ${tag}`]);
    expect(page.pageItems[0]!.attributes.map((a) => a.name)).toEqual(['v']);

    const all = (await call(url, 'GET', '/api/DataTypes', { headers: auth })).body as Paged<Model>;
    const own = (
      await call(url, 'GET', '/api/DataTypes?includeProcesioEntries=false', { headers: auth })
    ).body as Paged<Model>;
    expect(all.totalItemCount).toBe(own.totalItemCount + 16);
    expect(own.pageItems.every((m) => !m.isProcesio)).toBe(true);
    const count = await call(url, 'GET', '/api/DataTypes/count', { headers: keyAuth });
    expect(count.body).toBe(own.totalItemCount);
    expect(all.pageItems.some((m) => m.id === DataTypeIds.Json)).toBe(true);
  });

  it('serves the primitives and the built-in models anonymously, paged', async () => {
    const primary = await call(url, 'GET', '/api/DataTypes/primary');
    expect(primary.status).toBe(200);
    const body = primary.body as Paged<Model>;
    expect(body.totalItemCount).toBe(9);
    expect(body.pageItems.every((m) => m.isPrimaryType && !m.isDataModel)).toBe(true);
    expect(body.pageItems.find((m) => m.name === 'Guid')).toMatchObject({
      id: DataTypeIds.Guid,
      csharpCorrespondent: 100,
    });
    expect((await call(url, 'GET', '/api/DataTypes/Primary/Count')).body).toBe(9);
    const paged = (await call(url, 'GET', '/api/DataTypes/primary?pageNumber=3&pageItemCount=4'))
      .body as Paged<Model>;
    expect(paged).toMatchObject({ totalItemCount: 9, pageNumber: 3, pageItemCount: 4 });
    expect(paged.pageItems).toHaveLength(1);

    const procesio = (await call(url, 'GET', '/api/DataTypes/procesio')).body as Paged<Model>;
    expect(procesio.totalItemCount).toBe(7);
    expect(procesio.pageItems.every((m) => m.isDataModel && m.isProcesio)).toBe(true);
    const error = procesio.pageItems.find((m) => m.id === DataTypeIds.Error)!;
    expect(error.attributes.map((a) => a.name)).toContain('message');
    expect((await call(url, 'GET', '/api/DataTypes/procesio/count')).body).toBe(7);
  });

  it('needs a principal for everything else', async () => {
    expect((await call(url, 'GET', '/api/DataTypes')).status).toBe(401);
    expect((await call(url, 'GET', '/api/DataTypes/count')).status).toBe(401);
    expect((await call(url, 'GET', '/api/DataTypes/restricted', { headers: auth })).status).toBe(
      404,
    );
  });
});

describe('read-only built-ins and refused deletes', () => {
  it('refuses changing a built-in type', async () => {
    const put = await call(url, 'PUT', '/api/DataTypes', {
      headers: auth,
      json: { id: DataTypeIds.String, name: 'Text', displayName: 'Text' },
    });
    expect(put.status).toBe(400);
    expect((put.body as { statusCode: number; target: string }[])[0]).toMatchObject({
      statusCode: 502,
      target: 'id',
    });
    const del = await call(url, 'DELETE', `/api/DataTypes/${DataTypeIds.File}`, {
      headers: keyAuth,
    });
    expect(del.status).toBe(400);
    expect((del.body as { target: string }[])[0]!.target).toBe('id');
    const attribute = await call(url, 'POST', `/api/DataTypes/attribute/${DataTypeIds.Error}`, {
      headers: auth,
      json: { name: 'extra', dataTypeId: DataTypeIds.String },
    });
    expect(attribute.status).toBe(400);
  });

  it('refuses deleting a model used by another model or by a process, naming the users', async () => {
    const { address, customer } = await customerModels(auth);
    const used = await call(url, 'DELETE', `/api/DataTypes/${address.id}`, { headers: auth });
    expect(used.status).toBe(400);
    const [item] = used.body as { statusCode: number; target: string; value: string }[];
    expect(item).toMatchObject({ statusCode: 502, target: 'usedIn' });
    expect(item!.value).toContain(customer.name);

    const flow = new FlowBuilder(unique('Uses customer'));
    flow.variable('customer', 'Object', { orientation: 10, dataTypeId: customer.id });
    flow.chain(flow.start(), flow.stop());
    const saved = await call(url, 'POST', '/api/Projects', { headers: auth, json: flow.build() });
    expect(saved.status, saved.text).toBe(200);
    const refused = await call(url, 'DELETE', `/api/DataTypes/${customer.id}`, {
      headers: keyAuth,
    });
    expect(refused.status).toBe(400);
    expect((refused.body as { value: string }[])[0]!.value).toContain(flow.build().title);

    expect((await call(url, 'DELETE', `/api/Projects/${flow.id}`, { headers: auth })).status).toBe(
      200,
    );
    const deleted = await call(url, 'DELETE', `/api/DataTypes/${customer.id}`, { headers: auth });
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.body).toEqual({ id: customer.id });
    expect(
      (await call(url, 'DELETE', `/api/DataTypes/${address.id}`, { headers: auth })).body,
    ).toEqual({ id: address.id });
    expect((await call(url, 'GET', `/api/DataTypes/${address.id}`, { headers: auth })).status).toBe(
      404,
    );
  });
});

describe('typed run payloads', () => {
  async function copyProcess(headers: Headers) {
    const { customer } = await customerModels(headers);
    const flow = new FlowBuilder(unique('Copy customer'));
    const input = flow.variable('customer', 'Object', {
      orientation: 10,
      required: true,
      dataTypeId: customer.id,
    });
    const output = flow.variable('copy', 'Object', { orientation: 30, dataTypeId: customer.id });
    flow.chain(flow.start(), flow.mapData([{ to: output, from: ref(input) }]), flow.stop());
    const saved = await call(url, 'POST', '/api/Projects', { headers, json: flow.build() });
    expect(saved.status, saved.text).toBe(200);
    expect((saved.body as { flow: { isValid: boolean } }).flow.isValid).toBe(true);
    return flow.id;
  }

  for (const [who, headers] of PRINCIPALS) {
    it(`accepts a payload that fits the nested model and copies it for ${who}`, async () => {
      const id = await copyProcess(headers());
      const customer = {
        name: 'Ada',
        address: { street: 'Main 1', zip: 12345 },
        previous: [{ street: 'Old 2', zip: '54321' }],
        // Integer → Float.
        score: 3,
      };
      const res = await call(url, 'POST', `/api/Projects/${id}/run?runSynchronous=true`, {
        headers: headers(),
        json: { payload: { customer } },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        status: 50,
        variable: {
          copy: { ...customer, previous: [{ street: 'Old 2', zip: 54321 }] },
        },
      });
    });
  }

  it('refuses a payload with a wrong nested type, naming the path', async () => {
    const id = await copyProcess(auth);
    const res = await call(url, 'POST', `/api/Projects/${id}/run`, {
      headers: keyAuth,
      json: {
        payload: {
          customer: {
            name: 'Ada',
            address: { street: 'Main 1', zip: 'abc' },
            previous: [{ zip: 1 }, { zip: true }],
            score: 'high',
          },
        },
      },
    });
    expect(res.status).toBe(400);
    const targets = (res.body as { statusCode: number; target: string }[]).map((e) => e.target);
    expect(targets).toEqual(['customer.address.zip', 'customer.previous[1].zip', 'customer.score']);
    const single = await call(url, 'POST', `/api/Projects/${id}/run`, {
      headers: auth,
      json: { payload: { customer: { previous: { street: 'not a list' } } } },
    });
    expect(single.status).toBe(400);
    expect((single.body as { target: string }[])[0]!.target).toBe('customer.previous');
  });
});

describe('workspaces', () => {
  it('shows a public model read-only to another workspace of the realm, a private one not at all', async () => {
    await server.app.identity.addUser({ username: 'modeler', password: 'modeler-password' });
    const other = bearer((await login(url, 'modeler', 'modeler-password')).access_token!);
    const shared = await create(auth, {
      name: unique('Shared'),
      displayName: unique('Shared'),
      isPublic: true,
      content: { attributes: [{ name: 'v', dataTypeId: DataTypeIds.String }] },
    });
    const { customer } = await customerModels(auth);

    expect(
      (await call(url, 'GET', `/api/DataTypes/${customer.id}`, { headers: other })).status,
    ).toBe(404);
    const seen = await call(url, 'GET', `/api/DataTypes/${shared.id}`, { headers: other });
    expect(seen.status).toBe(200);
    expect((seen.body as Model).isPublic).toBe(true);
    const own = (
      await call(url, 'GET', '/api/DataTypes?includeProcesioEntries=false', {
        headers: other,
      })
    ).body as Paged<Model>;
    expect(own.pageItems.some((m) => m.id === shared.id)).toBe(false);
    const external = (
      await call(
        url,
        'GET',
        '/api/DataTypes?includeProcesioEntries=false&includeExternalEntries=true',
        { headers: other },
      )
    ).body as Paged<Model>;
    expect(external.pageItems.map((m) => m.id)).toContain(shared.id);
    expect(external.pageItems.map((m) => m.id)).not.toContain(customer.id);

    const refused = await call(url, 'PUT', '/api/DataTypes', {
      headers: other,
      json: { id: shared.id, name: 'Mine' },
    });
    expect(refused.status).toBe(400);
    expect((refused.body as { target: string }[])[0]!.target).toBe('id');
    // The other workspace may build on it.
    const user = await create(other, {
      name: unique('Uses'),
      displayName: 'Uses shared',
      content: { attributes: [{ name: 's', dataTypeId: shared.id }] },
    });
    expect(user.attributes[0]!.attributes.map((a) => a.name)).toEqual(['v']);
    const blocked = await call(url, 'DELETE', `/api/DataTypes/${shared.id}`, { headers: auth });
    expect(blocked.status).toBe(400);
    expect((blocked.body as { value: string }[])[0]!.value).toContain(user.name);

    // Nor may it become private while another workspace uses it; renaming it stays possible.
    const hidden = await call(url, 'PUT', '/api/DataTypes', {
      headers: auth,
      json: { id: shared.id, isPublic: false },
    });
    expect(hidden.status).toBe(400);
    expect(hidden.body).toEqual([
      {
        statusCode: expect.any(Number),
        target: 'isPublic',
        value: expect.stringContaining(`data model "${user.name}"`),
      },
    ]);
    const renamed = await call(url, 'PUT', '/api/DataTypes', {
      headers: auth,
      json: { id: shared.id, displayName: 'Shared, renamed' },
    });
    expect(renamed.status).toBe(200);
    expect((renamed.body as Model).isPublic).toBe(true);
    expect(
      (await call(url, 'DELETE', `/api/DataTypes/${user.id}`, { headers: other })).status,
    ).toBe(200);
    const nowPrivate = await call(url, 'PUT', '/api/DataTypes', {
      headers: auth,
      json: { id: shared.id, isPublic: false },
    });
    expect(nowPrivate.status).toBe(200);
    expect((await call(url, 'GET', `/api/DataTypes/${shared.id}`, { headers: other })).status).toBe(
      404,
    );
  });
});

describe('model changes reach running processes', () => {
  it('checks the next run against the changed model', async () => {
    const { address } = await customerModels(auth);
    const flow = new FlowBuilder(unique('Address echo'));
    const input = flow.variable('where', 'Object', { orientation: 10, dataTypeId: address.id });
    const output = flow.variable('echo', 'Object', { orientation: 30, dataTypeId: address.id });
    flow.chain(flow.start(), flow.mapData([{ to: output, from: ref(input) }]), flow.stop());
    expect(
      (await call(url, 'POST', '/api/Projects', { headers: auth, json: flow.build() })).status,
    ).toBe(200);
    const run = () =>
      call(url, 'POST', `/api/Projects/${flow.id}/run?runSynchronous=true`, {
        headers: auth,
        json: { payload: { where: { street: 'x', zip: 'AB-1' } } },
      });
    const before = await run();
    expect(before.status).toBe(400);
    expect((before.body as { target: string }[])[0]!.target).toBe('where.zip');
    const zip = address.attributes.find((a) => a.name === 'zip')!;
    const changed = await call(url, 'PUT', `/api/DataTypes/attribute/${address.id}`, {
      headers: auth,
      json: { ...zip, dataTypeId: DataTypeIds.String },
    });
    expect(changed.status, changed.text).toBe(200);
    const after = await run();
    expect(after.status, after.text).toBe(200);
    expect(after.body).toMatchObject({
      status: 50,
      variable: { echo: { street: 'x', zip: 'AB-1' } },
    });
  });
});
