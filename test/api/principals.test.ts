// Web API principals and workspace selection (API.md §2) through the real HTTP server: the same
// routes under a Bearer token, an API key and a cookie; every failure shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/domain/identity.js';
import {
  ADMIN_PASSWORD,
  bearer,
  call,
  form,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

let server: TestServer;
let url: string;
let token: string;
let cookieHeaders: Record<string, string>;
let personalId: string;
let demoId: string;
let strangerWorkspaceId: string;

interface Key {
  id: string;
  name: string;
  value: string;
  lastAccessed: string | null;
}

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  // "Demo" is a shared workspace that admin belongs to; "Elsewhere" belongs to a stranger only.
  const bob = await server.app.identity.addUser({
    username: 'bob',
    password: 'bob-password',
    workspace: 'Demo',
  });
  demoId = bob.shared!.id;
  const admin = (await server.app.storage.identity.findUserByLogin(bob.user.realmId, 'admin'))!
    .user as User;
  const realm = (await server.app.storage.identity.findRealmById(bob.user.realmId))!;
  await server.app.identity.joinSharedWorkspace(admin, realm, 'Demo', 'editor');
  const stranger = await server.app.identity.addUser({
    username: 'stranger',
    password: 'stranger-password',
    workspace: 'Elsewhere',
  });
  strangerWorkspaceId = stranger.shared!.id;
  token = (await login(url)).access_token!;
  const f = form({ username: 'admin', password: ADMIN_PASSWORD });
  const res = await fetch(`${url}/api/Authentication`, {
    method: 'POST',
    headers: { ...f.headers, 'x-requested-by': 'playground-v1' },
    body: f.body,
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  cookieHeaders = { cookie, 'x-requested-by': 'playground-v1' };
  const workspaces = (await call(url, 'GET', '/api/Workspaces', { headers: bearer(token) }))
    .body as { id: string; workspace: string; type: number }[];
  personalId = workspaces.find((w) => w.type === 1)!.id;
});
afterAll(async () => server.close());

async function newKey(headers: Record<string, string> = {}): Promise<Key> {
  const res = await call(url, 'POST', '/api/ApiKey', { headers: { ...bearer(token), ...headers } });
  expect(res.status).toBe(200);
  return res.body as Key;
}

const keyHeaders = (key: Key) => ({ key: key.name, value: key.value });

describe('principals', () => {
  it('lists the personal workspace first, then the shared ones', async () => {
    const res = await call(url, 'GET', '/api/Workspaces', { headers: bearer(token) });
    expect(res.body).toEqual([
      {
        id: personalId,
        workspace: 'Personal',
        type: 1,
        licenseType: 0,
        hasAccess: true,
        parentId: null,
      },
      { id: demoId, workspace: 'Demo', type: 2, licenseType: 0, hasAccess: true, parentId: null },
    ]);
  });

  it('serves the same routes to a Bearer token, an API key and a cookie', async () => {
    const key = await newKey();
    for (const headers of [bearer(token), keyHeaders(key), cookieHeaders]) {
      for (const route of ['/api/Workspaces', '/api/Users/me', '/api/Status']) {
        const res = await call(url, 'GET', route, { headers });
        expect(res.status, `${route} with ${Object.keys(headers).join(',')}`).toBe(200);
      }
      const me = await call(url, 'GET', '/api/Users/me', { headers });
      expect(me.body).toMatchObject({ userName: 'admin', realm: 'procesio01' });
    }
  });

  it('refuses a cookie without x-requested-by with 403', async () => {
    const res = await call(url, 'GET', '/api/Workspaces', {
      headers: { cookie: cookieHeaders.cookie! },
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual([{ statusCode: 501, value: 'Unauthorized user.', target: 'token' }]);
  });

  it('answers 401 when nothing is presented', async () => {
    const res = await call(url, 'GET', '/api/Status');
    expect(res.status).toBe(401);
    expect(res.body).toEqual([{ statusCode: 501, value: 'Unauthorized user.', target: 'user' }]);
  });

  it('answers 403 for a bad Bearer token and for an unknown key or wrong value', async () => {
    const key = await newKey();
    const badToken = await call(url, 'GET', '/api/Status', { headers: bearer(`${token}x`) });
    expect(badToken.status).toBe(403);
    expect(badToken.body).toEqual([
      { statusCode: 501, value: 'Unauthorized user.', target: 'token' },
    ]);
    for (const headers of [
      { key: key.name, value: `${key.value}x` },
      { key: 'unknown-key-name', value: key.value },
    ]) {
      const res = await call(url, 'GET', '/api/Status', { headers });
      expect(res.status).toBe(403);
      expect(res.body).toEqual([
        {
          statusCode: 501,
          value: 'Unauthorized user.',
          target: 'Invalid api_key_name or workspace',
        },
      ]);
    }
  });

  it('considers only the API key when auth_type is 1', async () => {
    const key = await newKey();
    expect(
      (await call(url, 'GET', '/api/Status', { headers: { ...bearer(token), auth_type: '1' } }))
        .status,
    ).toBe(401);
    expect(
      (
        await call(url, 'GET', '/api/Status', {
          headers: { ...bearer(token), key: key.name, value: 'wrong', auth_type: '1' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call(url, 'GET', '/api/Status', { headers: { ...keyHeaders(key), auth_type: '1' } }))
        .status,
    ).toBe(200);
  });

  it('takes the first valid principal in the order Bearer, API key, cookie', async () => {
    const key = await newKey();
    const res = await call(url, 'GET', '/api/Status', {
      headers: { ...bearer('garbage'), ...keyHeaders(key) },
    });
    expect(res.status).toBe(200);
  });

  it('does not let an API key manage API keys', async () => {
    const key = await newKey();
    const res = await call(url, 'POST', '/api/ApiKey', { headers: keyHeaders(key) });
    expect(res.status).toBe(403);
    expect((await call(url, 'GET', '/api/ApiKey', { headers: keyHeaders(key) })).status).toBe(403);
  });
});

describe('workspace selection', () => {
  async function keysIn(headers: Record<string, string>, query = ''): Promise<string[]> {
    const res = await call(url, 'GET', `/api/ApiKey${query}`, {
      headers: { ...bearer(token), ...headers },
    });
    expect(res.status).toBe(200);
    return (res.body as Key[]).map((k) => k.id);
  }

  it('selects by name (header workspace, any case), by id (workspaceId or workspaceid, any case) and by ?targetWorkspace=', async () => {
    const key = await newKey({ workspace: 'demo' });
    expect(await keysIn({ workspaceId: demoId })).toContain(key.id);
    expect(await keysIn({ workspaceid: demoId.toUpperCase() })).toContain(key.id);
    expect(await keysIn({}, `?targetWorkspace=${demoId}`)).toContain(key.id);
    expect(await keysIn({}, `?TARGETWORKSPACE=${demoId}`)).toContain(key.id);
    expect(await keysIn({ workspace: 'DEMO' })).toContain(key.id);
    expect(await keysIn({})).not.toContain(key.id);
    expect(await keysIn({ workspace: '' })).not.toContain(key.id);
  });

  it('refuses selectors that name different workspaces with 400', async () => {
    const res = await call(url, 'GET', '/api/ApiKey', {
      headers: { ...bearer(token), workspaceId: personalId, workspace: 'Demo' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ statusCode: 502, value: expect.any(String), target: 'workspace' }]);
  });

  it('answers 401 for an unknown workspace, a malformed id and a workspace the caller is not a member of', async () => {
    const selectors: Record<string, string>[] = [
      { workspace: 'Nowhere' },
      { workspaceId: 'not-a-guid' },
      { workspaceId: strangerWorkspaceId },
    ];
    for (const headers of selectors) {
      const res = await call(url, 'GET', '/api/Status', {
        headers: { ...bearer(token), ...headers },
      });
      expect(res.status).toBe(401);
      expect(res.body).toEqual([
        { statusCode: 501, value: 'Unauthorized user.', target: 'workspace' },
      ]);
    }
  });

  it('binds a key made in a shared workspace to that workspace only', async () => {
    const key = await newKey({ workspaceId: demoId });
    expect(
      (
        await call(url, 'GET', '/api/Status', {
          headers: { ...keyHeaders(key), workspaceId: demoId },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(url, 'GET', '/api/Status', {
          headers: { ...keyHeaders(key), workspace: 'Demo' },
        })
      ).status,
    ).toBe(200);
    const none = await call(url, 'GET', '/api/Status', { headers: keyHeaders(key) });
    expect(none.status).toBe(401);
    expect(none.body).toEqual([
      { statusCode: 501, value: 'Unauthorized user.', target: 'workspace' },
    ]);
    // The key of another workspace is refused for this one.
    expect(
      (
        await call(url, 'GET', '/api/Status', {
          headers: { ...keyHeaders(key), workspaceId: personalId },
        })
      ).status,
    ).toBe(401);
  });

  it('lets a key made in the personal workspace reach every workspace its owner can use', async () => {
    const key = await newKey();
    expect((await call(url, 'GET', '/api/Status', { headers: keyHeaders(key) })).status).toBe(200);
    expect(
      (
        await call(url, 'GET', '/api/Status', {
          headers: { ...keyHeaders(key), workspaceId: demoId },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(url, 'GET', '/api/Status', {
          headers: { ...keyHeaders(key), workspaceId: strangerWorkspaceId },
        })
      ).status,
    ).toBe(401);
  });
});

describe('API keys', () => {
  it('shows the value only when the key is created, and keeps only its SHA-256', async () => {
    const key = await newKey();
    expect(key.name).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(key.value).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(key.lastAccessed).toBeNull();
    const listed = (await call(url, 'GET', '/api/ApiKey', { headers: bearer(token) }))
      .body as Record<string, unknown>[];
    const mine = listed.find((k) => k.id === key.id)!;
    expect(Object.keys(mine).sort()).toEqual(['id', 'lastAccessed', 'name']);
    const row = await server.app.storage.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    const { createHash } = await import('node:crypto');
    expect(row.value_hash).toBe(createHash('sha256').update(key.value).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key.value);
  });

  it('records the last use of a key', async () => {
    const key = await newKey();
    await call(url, 'GET', '/api/Status', { headers: keyHeaders(key) });
    const listed = (await call(url, 'GET', '/api/ApiKey', { headers: bearer(token) }))
      .body as Key[];
    expect(new Date(listed.find((k) => k.id === key.id)!.lastAccessed!).getTime()).toBeGreaterThan(
      Date.now() - 60_000,
    );
  });

  it('revokes one key by id (any case); a malformed id is 400 and another workspace’s key is 404', async () => {
    const key = await newKey();
    const other = await newKey({ workspaceId: demoId });
    const malformed = await call(url, 'DELETE', '/api/ApiKey/not-a-guid', {
      headers: bearer(token),
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toBe('Invalid key id.');
    const foreign = await call(url, 'DELETE', `/api/ApiKey/${other.id}`, {
      headers: bearer(token),
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toBe('Invalid key id.');
    const res = await call(url, 'DELETE', `/api/ApiKey/${key.id.toUpperCase()}`, {
      headers: bearer(token),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: key.id });
    expect((await call(url, 'GET', '/api/Status', { headers: keyHeaders(key) })).status).toBe(403);
    expect(
      (
        await call(url, 'GET', '/api/Status', {
          headers: { ...keyHeaders(other), workspaceId: demoId },
        })
      ).status,
    ).toBe(200);
  });

  it('stops at 25 keys per user and workspace, then revokes them all at once', async () => {
    await server.app.identity.addUser({ username: 'collector', password: 'collector-password' });
    const collector = (await login(url, 'collector', 'collector-password')).access_token!;
    for (let i = 0; i < 25; i++)
      expect((await call(url, 'POST', '/api/ApiKey', { headers: bearer(collector) })).status).toBe(
        200,
      );
    const refused = await call(url, 'POST', '/api/ApiKey', { headers: bearer(collector) });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual([{ statusCode: 502, value: 'MAX_NR_API_KEYS', target: 'apiKey' }]);
    const cleared = await call(url, 'DELETE', '/api/ApiKey', { headers: bearer(collector) });
    expect(cleared.body).toEqual({ deleted: 25 });
    const again = await call(url, 'DELETE', '/api/ApiKey', { headers: bearer(collector) });
    expect(again.status).toBe(400);
    expect(again.body).toBe('No apikey found to delete');
  });
});
