// Credentials (API.md §7) through the real HTTP server, every route under a Bearer user and an API
// key: templates, CRUD, masking, validation, workspace isolation, secrets never in clear in the
// database or the logs, and master key rotation (online and through `sluice keys rotate`).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import {
  RestAuthMethods as Auth,
  RestProperties as P,
  SmtpEncryptions,
  SmtpProperties,
  TemplateIds,
} from '../../src/credentials/templates.js';
import { EnvelopeSecretBox } from '../../src/crypto/envelope.secret-box.js';
import { rotateMasterKey } from '../../src/crypto/key-rotation.js';
import { MASTER_KEY_FILE, MasterKeys, readKeyFile } from '../../src/crypto/master-key.js';
import { createLogger } from '../../src/observability/logger.js';
import { systemClock } from '../../src/ports/clock.js';
import { CredentialService } from '../../src/services/credential.service.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

type Json = Record<string, unknown>;
type Headers = Record<string, string>;

const MASK = '********';
/** Every secret any test stores: none may show up in the database file or the logs. */
const SECRETS: string[] = [];
function secret(label: string): string {
  const value = `S3cret-${label}-${randomUUID()}`;
  SECRETS.push(value);
  return value;
}

const logLines: string[] = [];
let server: TestServer;
let url: string;
let tokens: { admin: string; bob: string };
let adminKey: Headers;

beforeAll(async () => {
  const logger = createLogger('trace', { write: (line: string) => void logLines.push(line) });
  server = await startTestServer({ logger });
  url = server.url;
  await server.app.identity.addUser({ username: 'bob', password: 'bob-password' });
  tokens = {
    admin: (await login(url)).access_token!,
    bob: (await login(url, 'bob', 'bob-password')).access_token!,
  };
  const res = await call(url, 'POST', '/api/ApiKey', { headers: bearer(tokens.admin) });
  const key = res.body as { name: string; value: string };
  adminKey = { key: key.name, value: key.value };
});
afterAll(async () => server.close());

function basicCredential(password: string, extra: Json = {}): Json {
  return {
    gtid: TemplateIds.Rest,
    name: 'Example API',
    description: 'basic auth',
    properties: [
      { id: P.Url, value: 'https://api.example.com' },
      { id: P.AuthMethod, value: Auth.Basic },
      { id: P.BasicUser, value: 'alice' },
      { id: P.BasicPassword, value: password },
      { id: P.BearerToken, value: '' },
    ],
    ...extra,
  };
}

function valueOf(credential: Json, id: string): unknown {
  return (credential.properties as { id: string; value: unknown }[]).find((p) => p.id === id)
    ?.value;
}

const PRINCIPALS: { name: string; headers: () => Headers }[] = [
  { name: 'a Bearer user', headers: () => bearer(tokens.admin) },
  { name: 'an API key', headers: () => adminKey },
];

describe.each(PRINCIPALS)('/api/Credentials as $name', ({ headers }) => {
  const send = (method: string, route: string, json?: unknown) =>
    call(url, method, route, {
      headers: headers(),
      ...(json === undefined ? {} : { json }),
    });

  async function create(body: Json): Promise<string> {
    const res = await send('POST', '/api/Credentials', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body as { id: string }).id;
  }

  async function resolved(id: string): Promise<Map<string, unknown>> {
    const workspaceId = ((await send('GET', `/api/Credentials/${id}`)).body as Json)
      .workspaceId as string;
    return (await server.app.credentials.resolve(workspaceId, id))!.values;
  }

  it('serves the built-in templates with the ids of API.md §7.2', async () => {
    const res = await send('GET', '/api/Credentials/types');
    expect(res.status).toBe(200);
    const ids = (res.body as Json[]).map((t) => t.gid);
    expect(ids).toEqual(expect.arrayContaining(Object.values(TemplateIds)));
    const rest = await send('GET', `/api/Credentials/types/${TemplateIds.Rest.toUpperCase()}`);
    expect(rest.status).toBe(200);
    const template = rest.body as { name: string; type: string; properties: Json[] };
    expect(template).toMatchObject({ name: 'REST API', type: 'rest', pid: null });
    const auth = template.properties.find((p) => p.id === P.AuthMethod)!;
    expect(auth.options).toContainEqual({ name: 'Basic', value: Auth.Basic });
    expect(template.properties.find((p) => p.id === P.BasicPassword)).toMatchObject({
      type: 'password',
      isSecret: true,
      validations: { isRequired: true, expects: 0 },
      condition: { dependencyId: P.AuthMethod, operator: 'equals', value: Auth.Basic },
    });
    const unknown = await send('GET', `/api/Credentials/types/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect((unknown.body as Json[])[0]).toMatchObject({ statusCode: 450 });
  });

  it('creates a credential and answers it with secrets masked ("" when unset)', async () => {
    const password = secret('basic');
    const id = await create(basicCredential(password));
    const res = await send('GET', `/api/Credentials/${id}`);
    expect(res.status).toBe(200);
    const body = res.body as Json;
    expect(body).toMatchObject({
      gid: id,
      gtid: TemplateIds.Rest,
      gtpid: null,
      name: 'Example API',
      tname: 'REST API',
      type: 'rest',
      status: false,
      description: 'basic auth',
    });
    expect(valueOf(body, P.BasicUser)).toBe('alice');
    expect(valueOf(body, P.AuthMethod)).toBe(Auth.Basic);
    expect(valueOf(body, P.BasicPassword)).toBe(MASK);
    expect(valueOf(body, P.BearerToken)).toBe('');
    expect(res.text).not.toContain(password);
    expect((await resolved(id)).get(P.BasicPassword)).toBe(password);
  });

  it('keeps a secret sent back masked, replaces a changed one, and answers {id}', async () => {
    const password = secret('keep');
    const id = await create(basicCredential(password));
    const masked = (await send('GET', `/api/Credentials/${id}`)).body as Json;
    const kept = await send('PUT', '/api/Credentials', { ...masked, name: 'Renamed' });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body).toEqual({ id });
    expect((await resolved(id)).get(P.BasicPassword)).toBe(password);
    expect(((await send('GET', `/api/Credentials/${id}`)).body as Json).name).toBe('Renamed');

    const changed = secret('changed');
    const res = await send('PUT', '/api/Credentials', basicCredential(changed, { gid: id }));
    expect(res.status).toBe(200);
    expect((await resolved(id)).get(P.BasicPassword)).toBe(changed);
    expect(((await send('GET', `/api/Credentials/${id}`)).body as Json).status).toBe(false);
  });

  it('lists without properties, by name, with search and paging, and counts', async () => {
    const tag = randomUUID().slice(0, 8);
    for (const name of [`b-${tag}`, `A-${tag}`, `c-${tag}`])
      await create(basicCredential(secret('list'), { name }));
    const smtp = await create({
      gtid: TemplateIds.Smtp,
      name: `smtp-${tag}`,
      properties: [
        { id: SmtpProperties.Server, value: 'mail.example.com' },
        { id: SmtpProperties.Port, value: '587' },
        { id: SmtpProperties.Encryption, value: SmtpEncryptions.Auto },
        { id: SmtpProperties.Password, value: secret('smtp') },
      ],
    });
    const all = await send('GET', `/api/Credentials?searchName=${tag}`);
    expect(all.status).toBe(200);
    const rows = all.body as Json[];
    expect(rows.map((r) => r.name)).toEqual([`A-${tag}`, `b-${tag}`, `c-${tag}`, `smtp-${tag}`]);
    expect(rows.every((r) => !('properties' in r))).toBe(true);
    const page = await send(
      'GET',
      `/api/Credentials?searchName=${tag}&pageNumber=2&pageItemCount=2`,
    );
    expect((page.body as Json[]).map((r) => r.name)).toEqual([`c-${tag}`, `smtp-${tag}`]);
    const byTemplate = await send(
      'GET',
      `/api/Credentials/list/${TemplateIds.Smtp}?searchName=${tag}`,
    );
    expect((byTemplate.body as Json[]).map((r) => r.gid)).toEqual([smtp]);
    const count = (await send('GET', '/api/Credentials/count')).body as number;
    const smtpCount = (await send('GET', `/api/Credentials/list/${TemplateIds.Smtp}/count`))
      .body as number;
    const restCount = (await send('GET', `/api/Credentials/list/${TemplateIds.Rest}/count`))
      .body as number;
    expect(smtpCount).toBeGreaterThanOrEqual(1);
    expect(restCount).toBeGreaterThanOrEqual(3);
    expect(count).toBe(((await send('GET', '/api/Credentials')).body as Json[]).length);
  });

  it('serves the five REST verbs and [] for other templates', async () => {
    const rest = await send('GET', `/api/Credentials/verbs/${TemplateIds.Rest}`);
    expect(rest.body).toContainEqual({
      gid: '3ab385bd-f8ae-b641-9176-e7db886aec01',
      gtid: TemplateIds.Rest,
      value: 'GET',
    });
    expect((rest.body as Json[]).map((v) => v.value)).toEqual([
      'GET',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
    ]);
    expect((await send('GET', `/api/Credentials/verbs/${TemplateIds.Smtp}`)).body).toEqual([]);
  });

  it('answers 113 naming the label of each empty required property whose condition holds', async () => {
    const res = await send('POST', '/api/Credentials', basicCredential(''));
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      {
        statusCode: 113,
        value: 'Required credentials fields should not be empty.',
        target: 'Password',
      },
    ]);
    const noUrl = await send('POST', '/api/Credentials', {
      gtid: TemplateIds.Rest,
      name: 'x',
      properties: [{ id: P.AuthMethod, value: Auth.Bearer }],
    });
    expect(noUrl.status).toBe(400);
    expect((noUrl.body as Json[]).map((e) => [e.statusCode, e.target])).toEqual([
      [113, 'URL'],
      [113, 'Token'],
    ]);
    // No auth: the Basic properties are hidden, so not required.
    await create({
      gtid: TemplateIds.Rest,
      name: 'open',
      properties: [
        { id: P.Url, value: 'https://open.example.com' },
        { id: P.AuthMethod, value: Auth.NoAuth },
      ],
    });
  });

  it('refuses an option label, an unknown property and an unknown template with 400', async () => {
    const label = basicCredential(secret('label'));
    (label.properties as Json[])[1] = { id: P.AuthMethod, value: 'Basic' };
    const byLabel = await send('POST', '/api/Credentials', label);
    expect(byLabel.status).toBe(400);
    expect(byLabel.body).toEqual([
      expect.objectContaining({ statusCode: 502, target: 'properties[1].value' }),
    ]);
    const unknown = basicCredential(secret('unknown'));
    (unknown.properties as Json[]).push({ id: randomUUID(), value: 'x' });
    const res = await send('POST', '/api/Credentials', unknown);
    expect(res.status).toBe(400);
    expect((res.body as Json[])[0]).toMatchObject({ statusCode: 502, target: 'properties[5].id' });
    const template = await send(
      'POST',
      '/api/Credentials',
      basicCredential(secret('tpl'), { gtid: randomUUID() }),
    );
    expect(template.status).toBe(400);
    expect((template.body as Json[])[0]).toMatchObject({ statusCode: 502, target: 'gtid' });
  });

  it('deletes a credential, answering {id}; afterwards it is a 404', async () => {
    const id = await create(basicCredential(secret('delete')));
    expect((await send('DELETE', `/api/Credentials/${id}`)).body).toEqual({ id });
    expect((await send('GET', `/api/Credentials/${id}`)).status).toBe(404);
    expect((await send('DELETE', `/api/Credentials/${id}`)).status).toBe(404);
    expect((await send('DELETE', '/api/Credentials/not-a-guid')).status).toBe(404);
  });

  it('refuses to delete a credential a process of the workspace uses, naming it', async () => {
    const id = await create(basicCredential(secret('used')));
    const process = await send('POST', '/api/Projects', {
      title: 'Calls the API',
      description: `uses ${id.toUpperCase()}`,
      variables: [],
      actions: [],
    });
    expect(process.status, JSON.stringify(process.body)).toBe(200);
    const processId = (process.body as { flow: { id: string } }).flow.id;
    const res = await send('DELETE', `/api/Credentials/${id}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      {
        statusCode: 502,
        value: `The credential is used by "Calls the API" (${processId}).`,
        target: 'usedIn',
      },
    ]);
    expect((await send('DELETE', `/api/Projects/${processId}`)).status).toBe(200);
    expect((await send('DELETE', `/api/Credentials/${id}`)).body).toEqual({ id });
  });

  it('adds a workspace-defined template and refuses a built-in id', async () => {
    const propertyId = randomUUID();
    const res = await send('POST', '/api/Credentials/types', {
      name: 'Custom service',
      type: 'custom',
      properties: [
        {
          id: propertyId,
          label: 'Secret key',
          type: 'password',
          validations: { isRequired: true },
        },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const template = res.body as { gid: string; properties: Json[] };
    expect(template.properties[0]).toMatchObject({ id: propertyId, isSecret: true });
    expect((await send('GET', `/api/Credentials/types/${template.gid}`)).status).toBe(200);
    const key = secret('custom');
    const id = await create({
      gtid: template.gid,
      name: 'custom',
      properties: [{ id: propertyId, value: key }],
    });
    expect(valueOf((await send('GET', `/api/Credentials/${id}`)).body as Json, propertyId)).toBe(
      MASK,
    );
    const builtin = await send('POST', '/api/Credentials/types', {
      gid: TemplateIds.Rest,
      name: 'Mine',
      properties: [],
    });
    expect(builtin.status).toBe(400);
    expect((builtin.body as Json[])[0]).toMatchObject({ statusCode: 502, target: 'gid' });
  });

  it('hides every credential and template of the workspace from another workspace (404)', async () => {
    const id = await create(basicCredential(secret('isolation')));
    const bob = bearer(tokens.bob);
    for (const [method, route, json] of [
      ['GET', `/api/Credentials/${id}`, undefined],
      ['DELETE', `/api/Credentials/${id}`, undefined],
      ['PUT', '/api/Credentials', basicCredential(secret('bob'), { gid: id })],
    ] as const) {
      const res = await call(url, method, route, { headers: bob, ...(json ? { json } : {}) });
      expect(res.status, `${method} ${route}`).toBe(404);
      expect(res.body).toEqual([
        {
          statusCode: 450,
          value: 'Database requested information not found.',
          target: 'credentials',
        },
      ]);
    }
    const list = await call(url, 'GET', '/api/Credentials', { headers: bob });
    expect((list.body as Json[]).map((c) => c.gid)).not.toContain(id);
    expect((await call(url, 'GET', '/api/Credentials/count', { headers: bob })).body).toBe(0);
    // Same id in another workspace is refused, without revealing anything.
    const taken = await call(url, 'POST', '/api/Credentials', {
      headers: bob,
      json: basicCredential(secret('taken'), { gid: id }),
    });
    expect(taken.status).toBe(400);
    expect((await send('GET', `/api/Credentials/${id}`)).status).toBe(200);
  });
});

describe('secrets at rest and in logs', () => {
  it('never stores a secret in clear anywhere in the SQLite database', async () => {
    expect(SECRETS.length).toBeGreaterThan(10);
    const file = path.join(server.dataDir, 'sluice.db');
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as {
        name: string;
      }[];
      const dump = tables
        .map((t) => JSON.stringify(db.prepare(`select * from "${t.name}"`).all()))
        .join('\n');
      expect(dump).toContain('v1:');
      for (const s of SECRETS) expect(dump).not.toContain(s);
    } finally {
      db.close();
    }
    const raw = ['', '-wal']
      .map((suffix) => `${file}${suffix}`)
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f).toString('latin1'))
      .join('');
    for (const s of SECRETS) expect(raw).not.toContain(s);
  });

  it('never writes a secret to the log', () => {
    expect(logLines.length).toBeGreaterThan(10);
    const log = logLines.join('');
    for (const s of SECRETS) expect(log).not.toContain(s);
  });
});

describe('master key rotation', () => {
  it('rewraps every workspace key while the server runs; every credential still decrypts', async () => {
    const headers = bearer(tokens.admin);
    const password = secret('rotation');
    const created = await call(url, 'POST', '/api/Credentials', {
      headers,
      json: basicCredential(password),
    });
    const id = (created.body as { id: string }).id;
    const storage = server.app.storage;
    const before = await storage.workspaceKeys.list();
    const result = await rotateMasterKey(server.config, storage.workspaceKeys, systemClock, null);
    expect(result.rewrapped).toBe(before.length);

    const after = await storage.workspaceKeys.list();
    expect(after.every((k) => k.masterKeyId === result.masterKeyId)).toBe(true);
    for (const old of before) {
      expect(after.map((k) => k.wrapped)).not.toContain(old.wrapped);
      expect(old.masterKeyId).not.toBe(result.masterKeyId);
    }
    const ring = readKeyFile(path.join(server.dataDir, MASTER_KEY_FILE));
    expect(ring.keys.map((k) => k.id)).toEqual([result.masterKeyId]);

    expect((await call(url, 'GET', `/api/Credentials/${id}`, { headers })).status).toBe(200);
    // A service with nothing cached opens every stored secret with the new master key alone.
    const fresh = new CredentialService(
      storage.credentials,
      new EnvelopeSecretBox(storage.workspaceKeys, MasterKeys.load(server.config), systemClock),
      systemClock,
    );
    const all = await storage.credentials.all();
    expect(all.length).toBeGreaterThan(10);
    for (const c of all) expect(await fresh.resolve(c.workspaceId, c.id)).not.toBeNull();
    const workspaceId = all.find((c) => c.id === id)!.workspaceId;
    expect((await fresh.resolve(workspaceId, id))!.values.get(P.BasicPassword)).toBe(password);
  });

  it('`sluice keys rotate` rewraps with the server stopped; a restarted server decrypts', async () => {
    const own = await startTestServer();
    const headers = bearer((await login(own.url)).access_token!);
    const password = secret('cli');
    const created = await call(own.url, 'POST', '/api/Credentials', {
      headers,
      json: basicCredential(password),
    });
    const id = (created.body as { id: string }).id;
    const before = await own.app.storage.workspaceKeys.list();
    await own.app.close();
    try {
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith('SLUICE_')),
      );
      const run = spawnSync(process.execPath, [path.resolve('bin/sluice.js'), 'keys', 'rotate'], {
        env: { ...env, SLUICE_DATA_DIR: own.dataDir, SLUICE_LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout.split('\n')[0]!) as { masterKeyId: string };
      expect(run.stdout).toContain('the key file holds only that key');

      const app = await createApp({ config: own.config, mailer: null });
      try {
        const { urls } = await app.start();
        const after = await app.storage.workspaceKeys.list();
        expect(after.map((k) => k.masterKeyId)).toEqual(before.map(() => result.masterKeyId));
        for (const old of before) expect(after.map((k) => k.wrapped)).not.toContain(old.wrapped);
        const headers2 = bearer((await login(urls[0]!)).access_token!);
        const res = await call(urls[0]!, 'GET', `/api/Credentials/${id}`, { headers: headers2 });
        expect(res.status).toBe(200);
        expect(valueOf(res.body as Json, P.BasicPassword)).toBe(MASK);
        const workspaceId = (res.body as Json).workspaceId as string;
        expect((await app.credentials.resolve(workspaceId, id))!.values.get(P.BasicPassword)).toBe(
          password,
        );
      } finally {
        await app.close();
      }
    } finally {
      fs.rmSync(own.dataDir, { recursive: true, force: true });
    }
  });
});
