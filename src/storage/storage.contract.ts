// The storage contract: the behaviour every database adapter must show, run against SQLite and
// PostgreSQL by their own test files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceType, type User, type Workspace } from '../domain/identity.js';
import { newId } from '../domain/ids.js';
import type { DataModelContent } from '../ports/data-type.store.js';
import type { FlowDocument, NewProcess, ProcessUpdate } from '../ports/process.store.js';
import type { InstanceRecord } from '../ports/instance.store.js';
import type { Storage } from './storage.js';

export interface StorageFixture {
  storage: Storage;
  dispose(): Promise<void>;
}

const at = (iso: string) => new Date(iso);

export function userAndWorkspace(
  realmId: string,
  userName: string,
  email: string | null = null,
): { user: User; personalWorkspace: Workspace } {
  const id = newId();
  const created = at('2026-01-02T03:04:05.678Z');
  return {
    user: { id, realmId, userName, email, firstName: 'F', lastName: 'L', createdOn: created },
    personalWorkspace: {
      id: newId(),
      realmId,
      name: 'Personal',
      type: WorkspaceType.Personal,
      ownerId: id,
      createdOn: created,
    },
  };
}

function flowDocument(id: string, title: string, extra: Partial<FlowDocument> = {}): FlowDocument {
  return {
    id,
    title,
    description: null,
    variables: [],
    actions: [],
    canvasData: { x: 1, y: 2, zoom: 0.5, note: 'verbatim ✓' },
    ...extra,
  };
}

export function newProcess(
  workspaceId: string,
  title: string,
  options: { id?: string; calls?: string[]; active?: boolean; at?: Date } = {},
): NewProcess {
  const id = options.id ?? newId();
  return {
    id,
    workspaceId,
    title,
    description: 'd',
    parentId: null,
    timeout: 30,
    debugMode: false,
    isNotification: true,
    isValid: true,
    active: options.active ?? true,
    document: flowDocument(id, title),
    calls: options.calls ?? [],
    change: { at: options.at ?? at('2026-02-03T04:05:06.789Z'), userId: 'u-1', userName: 'ada' },
  };
}

function processUpdate(id: string, title: string, active: boolean | null = null): ProcessUpdate {
  return {
    title,
    description: null,
    parentId: null,
    timeout: 0,
    debugMode: true,
    isNotification: false,
    isValid: false,
    active,
    document: flowDocument(id, title, { description: title }),
    calls: [],
    change: { at: at('2026-02-04T00:00:00.000Z'), userId: 'u-2', userName: 'bob' },
  };
}

/** An instance row with every field set; tests override what they look at. */
function newInstance(overrides: Partial<InstanceRecord>): InstanceRecord {
  const at = new Date();
  return {
    id: newId(),
    workspaceId: newId(),
    processId: newId(),
    version: 1,
    title: 't',
    status: 1,
    variables: {},
    state: null,
    errors: [],
    currentActionId: null,
    parentInstanceId: null,
    parentActionId: null,
    trigger: { kind: 'api', name: null },
    createdById: null,
    createdOn: at,
    updatedOn: at,
    launchedOn: null,
    finishedOn: null,
    timeoutAt: null,
    stopRequested: false,
    timeConsumed: 0,
    actionsConsumed: 0,
    ...overrides,
  };
}

export function describeStorageContract(
  name: string,
  open: () => Promise<StorageFixture | null>,
): void {
  describe(`storage contract: ${name}`, () => {
    let fixture: StorageFixture | null = null;
    let storage: Storage;
    let realmId: string;

    beforeAll(async () => {
      fixture = await open();
      if (!fixture) return;
      storage = fixture.storage;
      await storage.migrate();
      realmId = (
        await storage.identity.ensureRealm({
          id: newId(),
          name: 'procesio01',
          createdOn: new Date(),
        })
      ).id;
    });

    afterAll(async () => {
      await fixture?.dispose();
    });

    const test = (title: string, body: () => Promise<void>) =>
      it(title, async (ctx) => {
        // The adapter needs a service that is not running; the suite printed why (CI requires it).
        if (!fixture) return ctx.skip();
        await body();
      });

    test('migrating twice applies nothing the second time', async () => {
      expect(await storage.migrate()).toEqual([]);
    });

    test('ensureRealm returns the existing realm for the same name in any case', async () => {
      const again = await storage.identity.ensureRealm({
        id: newId(),
        name: 'PROCESIO01',
        createdOn: new Date(),
      });
      expect(again.id).toBe(realmId);
      expect(again.name).toBe('procesio01');
    });

    test('a user is created with a personal workspace they own, and dates round-trip to the millisecond', async () => {
      const input = userAndWorkspace(realmId, 'Ada', 'ada@example.com');
      expect(await storage.identity.createUser({ ...input, passwordHash: 'hash-1' })).toBe(true);
      const found = await storage.identity.findUserById(input.user.id);
      expect(found).toEqual(input.user);
      expect(found?.createdOn).toBeInstanceOf(Date);
      const memberships = await storage.identity.listMemberships(input.user.id);
      expect(memberships).toHaveLength(1);
      expect(memberships[0]).toMatchObject({
        role: 'owner',
        workspace: {
          id: input.personalWorkspace.id,
          type: WorkspaceType.Personal,
          ownerId: input.user.id,
        },
      });
      expect(memberships[0]!.workspace.createdOn.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    });

    test('a user name is unique per realm regardless of case, and a refused user leaves nothing behind', async () => {
      const first = userAndWorkspace(realmId, 'grace');
      const second = userAndWorkspace(realmId, 'GRACE');
      expect(await storage.identity.createUser({ ...first, passwordHash: 'h' })).toBe(true);
      expect(await storage.identity.createUser({ ...second, passwordHash: 'h' })).toBe(false);
      expect(await storage.identity.findWorkspaceById(second.personalWorkspace.id)).toBeNull();
    });

    test('users are found by user name or e-mail address, case-insensitively, only in their realm', async () => {
      const input = userAndWorkspace(realmId, 'Linus', 'Linus@Example.com');
      await storage.identity.createUser({ ...input, passwordHash: 'secret-hash' });
      expect((await storage.identity.findUserByLogin(realmId, 'LINUS'))?.user.id).toBe(
        input.user.id,
      );
      expect(
        (await storage.identity.findUserByLogin(realmId, 'linus@example.COM'))?.passwordHash,
      ).toBe('secret-hash');
      expect((await storage.identity.findUserByEmail(realmId, 'LINUS@example.com'))?.id).toBe(
        input.user.id,
      );
      const other = await storage.identity.ensureRealm({
        id: newId(),
        name: 'other',
        createdOn: new Date(),
      });
      expect(await storage.identity.findUserByLogin(other.id, 'linus')).toBeNull();
    });

    test('memberships list the personal workspace first, then shared ones by name, with roles', async () => {
      const input = userAndWorkspace(realmId, 'margaret');
      await storage.identity.createUser({ ...input, passwordHash: 'h' });
      const now = new Date();
      const zeta: Workspace = {
        id: newId(),
        realmId,
        name: 'Zeta',
        type: WorkspaceType.Shared,
        ownerId: null,
        createdOn: now,
      };
      const alpha: Workspace = {
        id: newId(),
        realmId,
        name: 'alpha',
        type: WorkspaceType.Shared,
        ownerId: null,
        createdOn: now,
      };
      await storage.identity.createWorkspace(zeta, { userId: input.user.id, role: 'viewer' });
      await storage.identity.createWorkspace(alpha, null);
      await storage.identity.setMember(alpha.id, input.user.id, 'editor', now);
      await storage.identity.setMember(alpha.id, input.user.id, 'admin', now);
      const list = await storage.identity.listMemberships(input.user.id);
      expect(list.map((m) => [m.workspace.name, m.role])).toEqual([
        ['Personal', 'owner'],
        ['alpha', 'admin'],
        ['Zeta', 'viewer'],
      ]);
      expect((await storage.identity.findMembership(input.user.id, zeta.id))?.role).toBe('viewer');
      expect((await storage.identity.findSharedWorkspace(realmId, 'zeta'))?.id).toBe(zeta.id);
    });

    test('a refresh token rotates once; a second rotation of the same token is refused', async () => {
      const input = userAndWorkspace(realmId, 'rotator');
      await storage.identity.createUser({ ...input, passwordHash: 'h' });
      const now = new Date();
      const later = new Date(now.getTime() + 3600_000);
      const loginId = newId();
      await storage.sessions.createLogin(
        {
          id: loginId,
          userId: input.user.id,
          createdOn: now,
          expiresOn: later,
          revokedOn: null,
          revokedReason: null,
        },
        { tokenHash: 'h0', loginId, issuedOn: now, expiresOn: later, retiredOn: null },
      );
      const next = { tokenHash: 'h1', loginId, issuedOn: now, expiresOn: later, retiredOn: null };
      expect(await storage.sessions.rotateRefreshToken('h0', next, now)).toBe(true);
      expect(
        await storage.sessions.rotateRefreshToken('h0', { ...next, tokenHash: 'h2' }, now),
      ).toBe(false);
      expect(await storage.sessions.findRefreshToken('h2')).toBeNull();
      expect((await storage.sessions.findRefreshToken('h0'))?.retiredOn).toBeInstanceOf(Date);
      expect((await storage.sessions.findRefreshToken('h1'))?.retiredOn).toBeNull();
    });

    test('revoking the logins of a user can keep one', async () => {
      const input = userAndWorkspace(realmId, 'revoker');
      await storage.identity.createUser({ ...input, passwordHash: 'h' });
      const now = new Date();
      const later = new Date(now.getTime() + 3600_000);
      const ids = [newId(), newId(), newId()];
      for (const [i, id] of ids.entries()) {
        await storage.sessions.createLogin(
          {
            id,
            userId: input.user.id,
            createdOn: now,
            expiresOn: later,
            revokedOn: null,
            revokedReason: null,
          },
          {
            tokenHash: `revoker-${i}`,
            loginId: id,
            issuedOn: now,
            expiresOn: later,
            retiredOn: null,
          },
        );
      }
      expect(await storage.sessions.revokeUserLogins(input.user.id, 'test', now, ids[0])).toBe(2);
      expect((await storage.sessions.findLogin(ids[0]!))?.revokedOn).toBeNull();
      expect((await storage.sessions.findLogin(ids[1]!))?.revokedReason).toBe('test');
      await storage.sessions.revokeLogin(ids[0]!, 'logout', now);
      expect((await storage.sessions.findLogin(ids[0]!))?.revokedOn).toBeInstanceOf(Date);
    });

    test('a password reset token is consumed once and not after it expires', async () => {
      const input = userAndWorkspace(realmId, 'forgetful');
      await storage.identity.createUser({ ...input, passwordHash: 'h' });
      const now = new Date('2026-05-01T10:00:00.000Z');
      await storage.sessions.createPasswordReset(
        'reset-1',
        input.user.id,
        new Date(now.getTime() + 3600_000),
      );
      await storage.sessions.createPasswordReset(
        'reset-2',
        input.user.id,
        new Date(now.getTime() + 3600_000),
      );
      expect(await storage.sessions.consumePasswordReset('reset-1', now)).toBe(input.user.id);
      expect(await storage.sessions.consumePasswordReset('reset-1', now)).toBeNull();
      expect(
        await storage.sessions.consumePasswordReset('reset-2', new Date(now.getTime() + 3600_000)),
      ).toBeNull();
      expect(await storage.sessions.consumePasswordReset('unknown', now)).toBeNull();
    });

    test('API keys are counted, listed and deleted only within their owner and workspace', async () => {
      const a = userAndWorkspace(realmId, 'keyholder-a');
      const b = userAndWorkspace(realmId, 'keyholder-b');
      await storage.identity.createUser({ ...a, passwordHash: 'h' });
      await storage.identity.createUser({ ...b, passwordHash: 'h' });
      const base = { createdOn: new Date('2026-01-01T00:00:00Z'), lastAccessed: null };
      const keyA1 = {
        ...base,
        id: newId(),
        workspaceId: a.personalWorkspace.id,
        userId: a.user.id,
        name: `a1-${newId()}`,
        valueHash: 'x',
      };
      const keyA2 = {
        ...base,
        id: newId(),
        workspaceId: a.personalWorkspace.id,
        userId: a.user.id,
        name: `a2-${newId()}`,
        valueHash: 'y',
        createdOn: new Date('2026-01-02T00:00:00Z'),
      };
      const keyB = {
        ...base,
        id: newId(),
        workspaceId: b.personalWorkspace.id,
        userId: b.user.id,
        name: `b-${newId()}`,
        valueHash: 'z',
      };
      for (const k of [keyA1, keyA2, keyB]) await storage.apiKeys.create(k);
      expect(await storage.apiKeys.count(a.personalWorkspace.id, a.user.id)).toBe(2);
      expect(
        (await storage.apiKeys.list(a.personalWorkspace.id, a.user.id)).map((k) => k.id),
      ).toEqual([keyA1.id, keyA2.id]);
      expect(await storage.apiKeys.delete(keyB.id, a.personalWorkspace.id, a.user.id)).toBe(false);
      expect((await storage.apiKeys.findByName(keyB.name))?.id).toBe(keyB.id);
      expect(await storage.apiKeys.delete(keyA1.id, a.personalWorkspace.id, a.user.id)).toBe(true);
      expect(await storage.apiKeys.deleteAll(a.personalWorkspace.id, a.user.id)).toBe(1);
      expect(await storage.apiKeys.count(a.personalWorkspace.id, a.user.id)).toBe(0);
      expect(await storage.apiKeys.count(b.personalWorkspace.id, b.user.id)).toBe(1);
    });

    test('an API key use is recorded at most once per interval', async () => {
      const a = userAndWorkspace(realmId, 'toucher');
      await storage.identity.createUser({ ...a, passwordHash: 'h' });
      const key = {
        id: newId(),
        workspaceId: a.personalWorkspace.id,
        userId: a.user.id,
        name: `t-${newId()}`,
        valueHash: 'v',
        createdOn: new Date(),
        lastAccessed: null,
      };
      await storage.apiKeys.create(key);
      const first = new Date('2026-03-01T12:00:00.000Z');
      await storage.apiKeys.touch(key.id, first, new Date(first.getTime() - 60_000));
      const soon = new Date(first.getTime() + 10_000);
      await storage.apiKeys.touch(key.id, soon, new Date(soon.getTime() - 60_000));
      expect((await storage.apiKeys.findByName(key.name))?.lastAccessed?.toISOString()).toBe(
        first.toISOString(),
      );
      const later = new Date(first.getTime() + 120_000);
      await storage.apiKeys.touch(key.id, later, new Date(later.getTime() - 60_000));
      expect((await storage.apiKeys.findByName(key.name))?.lastAccessed?.toISOString()).toBe(
        later.toISOString(),
      );
    });

    test('the node registry counts live processes by role and prunes silent ones', async () => {
      const now = new Date('2026-06-01T00:00:00.000Z');
      const node = (roles: string[], beat: Date) => ({
        id: newId(),
        roles,
        host: 'h',
        pid: 1,
        version: 't',
        startedOn: beat,
        heartbeatOn: beat,
      });
      const live = node(['serve', 'worker'], now);
      const serveOnly = node(['serve'], now);
      const stale = node(['worker'], new Date(now.getTime() - 120_000));
      for (const n of [live, serveOnly, stale]) await storage.nodes.register(n);
      const since = new Date(now.getTime() - 30_000);
      expect(await storage.nodes.countLive('worker', since)).toBe(1);
      expect(await storage.nodes.countLive('serve', since)).toBe(2);
      await storage.nodes.heartbeat(stale.id, now);
      expect(await storage.nodes.countLive('worker', since)).toBe(2);
      await storage.nodes.remove(live.id);
      await storage.nodes.heartbeat(serveOnly.id, new Date(now.getTime() - 100_000));
      expect(await storage.nodes.prune(since)).toBe(1);
      expect(await storage.nodes.countLive('serve', new Date(0))).toBe(0);
      await storage.nodes.remove(stale.id);
    });

    test('a process is created at version 1 and read back only in its own workspace', async () => {
      const owner = userAndWorkspace(realmId, 'process-owner');
      const other = userAndWorkspace(realmId, 'process-other');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      await storage.identity.createUser({ ...other, passwordHash: 'h' });
      const input = newProcess(owner.personalWorkspace.id, 'Greet');
      expect(await storage.processes.create(input)).toBe(true);
      const found = await storage.processes.get(owner.personalWorkspace.id, input.id);
      expect(found).toEqual({
        id: input.id,
        workspaceId: owner.personalWorkspace.id,
        title: 'Greet',
        description: 'd',
        parentId: null,
        timeout: 30,
        debugMode: false,
        isNotification: true,
        active: true,
        isValid: true,
        version: 1,
        createdOn: input.change.at,
        createdById: 'u-1',
        createdBy: 'ada',
        updatedOn: input.change.at,
        updatedById: 'u-1',
        updatedBy: 'ada',
        document: input.document,
      });
      expect(await storage.processes.get(other.personalWorkspace.id, input.id)).toBeNull();
      const { document: _document, ...summary } = found!;
      expect(await storage.processes.summary(owner.personalWorkspace.id, input.id)).toEqual(
        summary,
      );
      expect(await storage.processes.summary(other.personalWorkspace.id, input.id)).toBeNull();
      expect(
        await storage.processes.getVersion(other.personalWorkspace.id, input.id, 1),
      ).toBeNull();
      expect(await storage.processes.getVersion(owner.personalWorkspace.id, input.id, 1)).toEqual({
        processId: input.id,
        version: 1,
        document: input.document,
        isValid: true,
        createdOn: input.change.at,
        createdById: 'u-1',
      });
      expect(await storage.processes.count(other.personalWorkspace.id)).toBe(0);
    });

    test('a process id taken in any workspace is refused and the refusal writes nothing', async () => {
      const a = userAndWorkspace(realmId, 'process-taker-a');
      const b = userAndWorkspace(realmId, 'process-taker-b');
      await storage.identity.createUser({ ...a, passwordHash: 'h' });
      await storage.identity.createUser({ ...b, passwordHash: 'h' });
      const first = newProcess(a.personalWorkspace.id, 'First');
      expect(await storage.processes.create(first)).toBe(true);
      const clash = newProcess(b.personalWorkspace.id, 'Clash', { id: first.id, calls: [newId()] });
      expect(await storage.processes.create(clash)).toBe(false);
      expect(await storage.processes.count(b.personalWorkspace.id)).toBe(0);
      expect((await storage.processes.get(a.personalWorkspace.id, first.id))?.title).toBe('First');
    });

    test('every save adds the next version, keeps the earlier ones and leaves active unless given', async () => {
      const owner = userAndWorkspace(realmId, 'process-saver');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      const ws = owner.personalWorkspace.id;
      const input = newProcess(ws, 'v1');
      await storage.processes.create(input);
      const second = await storage.processes.save(ws, input.id, processUpdate(input.id, 'v2'));
      expect(second).toMatchObject({ version: 2, title: 'v2', active: true, isValid: false });
      expect(second?.createdBy).toBe('ada');
      expect(second?.updatedBy).toBe('bob');
      const third = await storage.processes.save(
        ws,
        input.id,
        processUpdate(input.id, 'v3', false),
      );
      expect(third).toMatchObject({ version: 3, title: 'v3', active: false });
      expect((await storage.processes.getVersion(ws, input.id, 1))?.document.title).toBe('v1');
      expect((await storage.processes.getVersion(ws, input.id, 2))?.document.title).toBe('v2');
      expect((await storage.processes.getVersion(ws, input.id, 2))?.isValid).toBe(false);
      expect((await storage.processes.get(ws, input.id))?.document.description).toBe('v3');
      expect(await storage.processes.getVersion(ws, input.id, 4)).toBeNull();
      expect(await storage.processes.save(ws, newId(), processUpdate(input.id, 'x'))).toBeNull();
      const stranger = userAndWorkspace(realmId, 'process-saver-stranger');
      await storage.identity.createUser({ ...stranger, passwordHash: 'h' });
      expect(
        await storage.processes.save(
          stranger.personalWorkspace.id,
          input.id,
          processUpdate(input.id, 'x'),
        ),
      ).toBeNull();
    });

    test('concurrent saves of one process get distinct, consecutive versions', async () => {
      const owner = userAndWorkspace(realmId, 'process-racer');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      const ws = owner.personalWorkspace.id;
      const input = newProcess(ws, 'race');
      await storage.processes.create(input);
      const saved = await Promise.all(
        [1, 2, 3, 4, 5].map((n) =>
          storage.processes.save(ws, input.id, processUpdate(input.id, `race ${n}`)),
        ),
      );
      expect(saved.map((p) => p?.version).sort()).toEqual([2, 3, 4, 5, 6]);
      const current = await storage.processes.get(ws, input.id);
      expect(current?.version).toBe(6);
      const last = await storage.processes.getVersion(ws, input.id, 6);
      expect(last?.document.title).toBe(current?.title);
    });

    test('a save that cannot write its version changes nothing', async () => {
      const owner = userAndWorkspace(realmId, 'process-atomic');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      const ws = owner.personalWorkspace.id;
      const callee = newId();
      const input = newProcess(ws, 'atomic', { calls: [callee] });
      await storage.processes.create(input);
      // A stray row for version 2 makes the next save's version insert fail.
      await storage.db
        .insertInto('process_versions')
        .values({
          process_id: input.id,
          workspace_id: ws,
          version: 2,
          flow: JSON.stringify(input.document),
          is_valid: true,
          created_on: new Date(),
          created_by_id: null,
        })
        .execute();
      await expect(
        storage.processes.save(ws, input.id, processUpdate(input.id, 'changed')),
      ).rejects.toThrow();
      const after = await storage.processes.get(ws, input.id);
      expect(after).toMatchObject({ version: 1, title: 'atomic', isValid: true });
      expect((await storage.processes.callers(ws, callee)).map((p) => p.id)).toEqual([input.id]);
    });

    test('processes page by lower-case title then id, and search matches title substrings literally', async () => {
      const owner = userAndWorkspace(realmId, 'process-lister');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      const ws = owner.personalWorkspace.id;
      const titles = ['beta', 'Alpha', 'gamma 100%', 'ALPHA_2', 'alpha 2', 'Delta'];
      for (const title of titles) await storage.processes.create(newProcess(ws, title));
      const all = await storage.processes.list(ws, { search: null, offset: 0, limit: null });
      expect(all.total).toBe(6);
      expect(all.items.map((p) => p.title)).toEqual([
        'Alpha',
        'alpha 2',
        'ALPHA_2',
        'beta',
        'Delta',
        'gamma 100%',
      ]);
      expect(all.items[0]).not.toHaveProperty('document');
      const page = await storage.processes.list(ws, { search: null, offset: 2, limit: 2 });
      expect(page.total).toBe(6);
      expect(page.items.map((p) => p.title)).toEqual(['ALPHA_2', 'beta']);
      const search = (text: string) =>
        storage.processes
          .list(ws, { search: text, offset: 0, limit: null })
          .then((r) => r.items.map((p) => p.title));
      expect(await search('alpha')).toEqual(['Alpha', 'alpha 2', 'ALPHA_2']);
      expect(await search('a_2')).toEqual(['ALPHA_2']);
      expect(await search('0%')).toEqual(['gamma 100%']);
      expect(await search('%')).toEqual(['gamma 100%']);
      expect(await storage.processes.count(ws)).toBe(6);
    });

    test('existing tells which ids are processes of the workspace', async () => {
      const owner = userAndWorkspace(realmId, 'process-exists');
      const other = userAndWorkspace(realmId, 'process-exists-other');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      await storage.identity.createUser({ ...other, passwordHash: 'h' });
      const mine = newProcess(owner.personalWorkspace.id, 'mine');
      const theirs = newProcess(other.personalWorkspace.id, 'theirs');
      await storage.processes.create(mine);
      await storage.processes.create(theirs);
      const unknown = newId();
      expect(
        await storage.processes.existing(owner.personalWorkspace.id, [mine.id, theirs.id, unknown]),
      ).toEqual(new Set([mine.id]));
      expect(await storage.processes.existing(owner.personalWorkspace.id, [])).toEqual(new Set());
    });

    test('setActive changes the flag and the updater without a new version', async () => {
      const owner = userAndWorkspace(realmId, 'process-toggler');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      const ws = owner.personalWorkspace.id;
      const input = newProcess(ws, 'toggle');
      await storage.processes.create(input);
      const change = { at: at('2026-03-01T00:00:00.000Z'), userId: 'u-9', userName: 'eve' };
      const off = await storage.processes.setActive(ws, input.id, false, change);
      expect(off).toMatchObject({ active: false, version: 1, updatedBy: 'eve' });
      expect(off?.updatedOn.toISOString()).toBe('2026-03-01T00:00:00.000Z');
      expect((await storage.processes.get(ws, input.id))?.active).toBe(false);
      expect(await storage.processes.setActive(ws, newId(), true, change)).toBeNull();
    });

    test('a process called by another of its workspace cannot be deleted until the caller stops calling it', async () => {
      const owner = userAndWorkspace(realmId, 'process-caller');
      const other = userAndWorkspace(realmId, 'process-caller-other');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      await storage.identity.createUser({ ...other, passwordHash: 'h' });
      const ws = owner.personalWorkspace.id;
      const child = newProcess(ws, 'child');
      await storage.processes.create(child);
      const parent = newProcess(ws, 'parent', { calls: [child.id, child.id] });
      const recursive = newProcess(ws, 'recursive');
      await storage.processes.create(parent);
      await storage.processes.create({ ...recursive, calls: [recursive.id, child.id] });
      // A process elsewhere naming the same id does not count.
      await storage.processes.create(
        newProcess(other.personalWorkspace.id, 'x', { calls: [child.id] }),
      );
      expect((await storage.processes.callers(ws, child.id)).map((p) => p.title)).toEqual([
        'parent',
        'recursive',
      ]);
      expect(await storage.processes.callers(ws, recursive.id)).toEqual([]);
      const refused = await storage.processes.delete(ws, child.id);
      expect(refused.outcome).toBe('in-use');
      expect(refused.outcome === 'in-use' && refused.callers.map((p) => p.id)).toEqual([
        parent.id,
        recursive.id,
      ]);
      expect(await storage.processes.get(ws, child.id)).not.toBeNull();
      await storage.processes.save(ws, parent.id, processUpdate(parent.id, 'parent'));
      expect(await storage.processes.delete(ws, recursive.id)).toEqual({ outcome: 'deleted' });
      expect(await storage.processes.delete(other.personalWorkspace.id, child.id)).toEqual({
        outcome: 'missing',
      });
      expect(await storage.processes.delete(ws, child.id)).toEqual({ outcome: 'deleted' });
      expect(await storage.processes.get(ws, child.id)).toBeNull();
      // Versions outlive the process: instances pinned to them stay readable.
      expect((await storage.processes.getVersion(ws, child.id, 1))?.version).toBe(1);
      expect(
        await storage.processes.getVersion(other.personalWorkspace.id, child.id, 1),
      ).toBeNull();
      expect(await storage.processes.delete(ws, child.id)).toEqual({ outcome: 'missing' });
    });

    test('a process re-created with a deleted one’s id continues its version numbers', async () => {
      const owner = userAndWorkspace(realmId, 'process-phoenix');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      const ws = owner.personalWorkspace.id;
      const input = newProcess(ws, 'phoenix');
      await storage.processes.create(input);
      await storage.processes.save(ws, input.id, processUpdate(input.id, 'phoenix 2'));
      expect(await storage.processes.delete(ws, input.id)).toEqual({ outcome: 'deleted' });
      expect(await storage.processes.create(newProcess(ws, 'reborn', { id: input.id }))).toBe(true);
      expect((await storage.processes.get(ws, input.id))?.version).toBe(3);
      expect((await storage.processes.getVersion(ws, input.id, 2))?.document.title).toBe(
        'phoenix 2',
      );
    });

    const STRING = '0317bfee-b2f5-4bde-bfe8-121212121214';
    const modelChange = (iso = '2026-03-04T05:06:07.890Z') => ({
      at: at(iso),
      userId: 'u-1',
      userName: 'ada',
    });
    const modelContent = (
      name: string,
      attributes: { name: string; dataTypeId: string; isList?: boolean }[] = [],
      isPublic = false,
    ): DataModelContent => ({
      name,
      displayName: `${name} display`,
      isPublic,
      attributes: attributes.map((a) => ({
        id: newId(),
        name: a.name,
        displayName: a.name,
        dataTypeId: a.dataTypeId,
        isList: a.isList ?? false,
        jsonProperty: a.name,
      })),
    });

    test('a data model is stored with its ordered attributes and seen only in its workspace', async () => {
      const owner = userAndWorkspace(realmId, 'model-owner');
      const other = userAndWorkspace(realmId, 'model-other');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      await storage.identity.createUser({ ...other, passwordHash: 'h' });
      const ws = owner.personalWorkspace.id;
      const id = newId();
      const content = modelContent('Address', [
        { name: 'zeta', dataTypeId: STRING },
        { name: 'alpha', dataTypeId: STRING, isList: true },
      ]);
      const written = await storage.dataTypes.create(ws, id, content, modelChange());
      expect(written).toEqual({
        outcome: 'written',
        model: {
          id,
          workspaceId: ws,
          name: 'Address',
          displayName: 'Address display',
          isPublic: false,
          type: 1,
          attributes: content.attributes.map((a) => ({
            ...a,
            updatedOn: at('2026-03-04T05:06:07.890Z'),
          })),
          createdOn: at('2026-03-04T05:06:07.890Z'),
          createdById: 'u-1',
          createdBy: 'ada',
          updatedOn: at('2026-03-04T05:06:07.890Z'),
          updatedById: 'u-1',
          updatedBy: 'ada',
        },
      });
      expect(await storage.dataTypes.visible(ws)).toEqual([
        written.outcome === 'written' && written.model,
      ]);
      expect(await storage.dataTypes.count(ws)).toBe(1);
      expect(await storage.dataTypes.visible(other.personalWorkspace.id)).toEqual([]);
      expect(await storage.dataTypes.count(other.personalWorkspace.id)).toBe(0);
      expect(
        await storage.dataTypes.replace(other.personalWorkspace.id, id, content, modelChange()),
      ).toEqual({ outcome: 'missing' });
      expect(await storage.dataTypes.delete(other.personalWorkspace.id, id)).toEqual({
        outcome: 'missing',
      });
    });

    test('data model names are unique per workspace in any case, and a refusal writes nothing', async () => {
      const owner = userAndWorkspace(realmId, 'model-namer');
      const other = userAndWorkspace(realmId, 'model-namer-2');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      await storage.identity.createUser({ ...other, passwordHash: 'h' });
      const ws = owner.personalWorkspace.id;
      await storage.dataTypes.create(ws, newId(), modelContent('Person'), modelChange());
      const second = newId();
      await storage.dataTypes.create(ws, second, modelContent('Other'), modelChange());
      const clash = modelContent('PERSON', [{ name: 'a', dataTypeId: STRING }]);
      expect(await storage.dataTypes.create(ws, newId(), clash, modelChange())).toEqual({
        outcome: 'name-taken',
      });
      expect(await storage.dataTypes.replace(ws, second, clash, modelChange())).toEqual({
        outcome: 'name-taken',
      });
      expect((await storage.dataTypes.visible(ws)).map((m) => [m.name, m.attributes])).toEqual([
        ['Other', []],
        ['Person', []],
      ]);
      const elsewhere = await storage.dataTypes.create(
        other.personalWorkspace.id,
        newId(),
        clash,
        modelChange(),
      );
      expect(elsewhere.outcome).toBe('written');
    });

    test('replacing a data model keeps unchanged attributes’ dates and the given ids', async () => {
      const owner = userAndWorkspace(realmId, 'model-replacer');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      const ws = owner.personalWorkspace.id;
      const id = newId();
      const content = modelContent('Thing', [
        { name: 'a', dataTypeId: STRING },
        { name: 'b', dataTypeId: STRING },
      ]);
      await storage.dataTypes.create(ws, id, content, modelChange());
      const [a, b] = content.attributes;
      const replaced = await storage.dataTypes.replace(
        ws,
        id,
        { ...content, name: 'Renamed', attributes: [{ ...b!, name: 'bee' }, a!] },
        modelChange('2026-04-01T00:00:00.000Z'),
      );
      expect(replaced.outcome).toBe('written');
      const model = replaced.outcome === 'written' ? replaced.model : null;
      expect(model?.name).toBe('Renamed');
      expect(model?.createdOn).toEqual(at('2026-03-04T05:06:07.890Z'));
      expect(model?.updatedOn).toEqual(at('2026-04-01T00:00:00.000Z'));
      expect(model?.attributes.map((x) => [x.id, x.name, x.updatedOn.toISOString()])).toEqual([
        [b!.id, 'bee', '2026-04-01T00:00:00.000Z'],
        [a!.id, 'a', '2026-03-04T05:06:07.890Z'],
      ]);
    });

    test('a data model used by another model or a process variable is not deleted', async () => {
      const owner = userAndWorkspace(realmId, 'model-deleter');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      const ws = owner.personalWorkspace.id;
      const inner = newId();
      const outer = newId();
      await storage.dataTypes.create(ws, inner, modelContent('Inner'), modelChange());
      await storage.dataTypes.create(
        ws,
        outer,
        modelContent('Outer', [{ name: 'inner', dataTypeId: inner, isList: true }]),
        modelChange(),
      );
      expect(await storage.dataTypes.delete(ws, inner)).toEqual({
        outcome: 'in-use',
        users: [{ kind: 'model', id: outer, name: 'Outer' }],
      });
      const process = newProcess(ws, 'Uses outer');
      process.document = flowDocument(process.id, 'Uses outer', {
        variables: [
          { id: newId(), name: 'o', dataType: outer.toUpperCase(), type: 10 },
        ] as FlowDocument['variables'],
      });
      await storage.processes.create(process);
      expect(await storage.dataTypes.delete(ws, outer)).toEqual({
        outcome: 'in-use',
        users: [{ kind: 'process', id: process.id, name: 'Uses outer' }],
      });
      await storage.processes.delete(ws, process.id);
      expect(await storage.dataTypes.delete(ws, outer)).toEqual({ outcome: 'deleted' });
      expect(await storage.dataTypes.delete(ws, inner)).toEqual({ outcome: 'deleted' });
      expect(await storage.dataTypes.delete(ws, inner)).toEqual({ outcome: 'missing' });
      expect(await storage.dataTypes.visible(ws)).toEqual([]);
    });

    test('data model writes expecting one generation: the first commits, the others are stale', async () => {
      const owner = userAndWorkspace(realmId, 'model-racer');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      const ws = owner.personalWorkspace.id;
      const a = newId();
      const b = newId();
      await storage.dataTypes.create(ws, a, modelContent('RaceA'), modelChange());
      await storage.dataTypes.create(ws, b, modelContent('RaceB'), modelChange());
      const seen = await storage.dataTypes.generation();
      // Two servers validated against `seen`: one makes A contain B, the other B contain A.
      const outcomes = await Promise.all([
        storage.dataTypes.replace(
          ws,
          a,
          modelContent('RaceA', [{ name: 'b', dataTypeId: b, isList: false }]),
          modelChange(),
          seen,
        ),
        storage.dataTypes.replace(
          ws,
          b,
          modelContent('RaceB', [{ name: 'a', dataTypeId: a, isList: false }]),
          modelChange(),
          seen,
        ),
      ]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['stale', 'written']);
      expect(await storage.dataTypes.generation()).toBe(seen + 1);
      const contained = (await storage.dataTypes.visible(ws))
        .filter((m) => m.id === a || m.id === b)
        .flatMap((m) => m.attributes);
      expect(contained).toHaveLength(1);
      expect(await storage.dataTypes.delete(ws, a, seen)).toEqual({ outcome: 'stale' });
      expect(
        await storage.dataTypes.create(ws, newId(), modelContent('RaceC'), modelChange(), seen),
      ).toEqual({ outcome: 'stale' });
      // Writes that expect nothing still move the generation on.
      await storage.dataTypes.create(ws, newId(), modelContent('RaceD'), modelChange());
      expect(await storage.dataTypes.generation()).toBe(seen + 2);
    });

    test('a public data model is visible in the other workspaces of its realm only', async () => {
      const owner = userAndWorkspace(realmId, 'model-publisher');
      const colleague = userAndWorkspace(realmId, 'model-colleague');
      await storage.identity.createUser({ ...owner, passwordHash: 'h' });
      await storage.identity.createUser({ ...colleague, passwordHash: 'h' });
      const elsewhereRealm = await storage.identity.ensureRealm({
        id: newId(),
        name: 'models-elsewhere',
        createdOn: new Date(),
      });
      const stranger = userAndWorkspace(elsewhereRealm.id, 'model-stranger');
      await storage.identity.createUser({ ...stranger, passwordHash: 'h' });
      const id = newId();
      await storage.dataTypes.create(
        owner.personalWorkspace.id,
        id,
        modelContent('Shared', [], true),
        modelChange(),
      );
      expect(
        (await storage.dataTypes.visible(colleague.personalWorkspace.id)).map((m) => m.id),
      ).toEqual([id]);
      expect(await storage.dataTypes.count(colleague.personalWorkspace.id)).toBe(0);
      expect(await storage.dataTypes.visible(stranger.personalWorkspace.id)).toEqual([]);
      // Another workspace cannot change or delete it.
      expect(await storage.dataTypes.delete(colleague.personalWorkspace.id, id)).toEqual({
        outcome: 'missing',
      });
    });

    test('a first write stores an instance with its progress, leased to its writer unless released', async () => {
      const now = new Date('2026-07-02T10:00:00.000Z');
      const progress = {
        status: 30,
        variables: { a: 2 },
        state: null,
        errors: [],
        currentActionId: 'a1',
        finishedOn: null,
        timeConsumed: 3,
        actionsConsumed: 1,
      };
      const held = newInstance({
        status: 30,
        variables: { a: 1 },
        createdOn: now,
        launchedOn: now,
      });
      const run = {
        instanceId: held.id,
        actionId: 'a1',
        iteration: -1,
        status: 40,
        attempts: 1,
        startedOn: now,
        finishedOn: now,
        inputs: null,
        outputs: { y: 1 },
        error: null,
        counted: true,
      };
      const leaseUntil = new Date(now.getTime() + 10_000);
      expect(await storage.instances.get(held.id)).toBeNull();
      expect(
        await storage.instances.checkpoint(held.id, 'w1', progress, [run], {
          instance: held,
          leaseUntil,
        }),
      ).toBe(true);
      expect(await storage.instances.get(held.id)).toMatchObject({
        status: 30,
        variables: { a: 2 },
        currentActionId: 'a1',
        actionsConsumed: 1,
        createdOn: now,
      });
      expect(await storage.instances.listActionRuns(held.id)).toMatchObject([
        { outputs: { y: 1 } },
      ]);
      // Leased to w1: another worker cannot take it before the lease ends.
      expect(await storage.instances.claim(held.id, 'w2', leaseUntil, now)).toBeNull();
      expect(await storage.instances.checkpoint(held.id, 'w1', progress, [])).toBe(true);

      const finished = newInstance({ status: 30, createdOn: now });
      expect(
        await storage.instances.checkpoint(
          finished.id,
          'w1',
          { ...progress, status: 50, finishedOn: now, releaseLease: true },
          [],
          { instance: finished, leaseUntil },
        ),
      ).toBe(true);
      expect(await storage.instances.get(finished.id)).toMatchObject({
        status: 50,
        finishedOn: now,
      });
      expect(await storage.instances.checkpoint(finished.id, 'w1', progress, [])).toBe(false);
    });

    test('writes made together keep their own outcomes: one failing does not undo the others', async () => {
      const now = new Date('2026-07-03T10:00:00.000Z');
      const existing = newInstance({ status: 20, createdOn: now });
      await storage.instances.create(existing);
      const fresh = [1, 2, 3].map(() => newInstance({ status: 20, createdOn: now }));
      const outcomes = await Promise.allSettled([
        storage.instances.create(fresh[0]!),
        storage.instances.create({ ...existing, title: 'duplicate' }),
        storage.instances.create(fresh[1]!),
        storage.instances.checkpoint(
          existing.id,
          'nobody',
          {
            status: 50,
            variables: {},
            state: null,
            errors: [],
            currentActionId: null,
            finishedOn: now,
            timeConsumed: 0,
            actionsConsumed: 0,
          },
          [],
        ),
        storage.instances.create(fresh[2]!),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'fulfilled',
        'fulfilled',
      ]);
      expect((outcomes[3] as PromiseFulfilledResult<boolean>).value).toBe(false);
      for (const instance of fresh)
        expect((await storage.instances.get(instance.id))?.status).toBe(20);
      expect(await storage.instances.get(existing.id)).toMatchObject({ status: 20, title: 't' });
    });

    test('an instance is claimed by one worker at a time and checkpoints upsert one record per action and item', async () => {
      const now = new Date('2026-07-01T10:00:00.000Z');
      const instance = newInstance({
        status: 20,
        variables: { a: 1 },
        createdOn: now,
        updatedOn: now,
        launchedOn: now,
      });
      await storage.instances.create(instance);
      const lease = new Date(now.getTime() + 10_000);
      expect((await storage.instances.claim(instance.id, 'w1', lease, now))?.status).toBe(30);
      expect(await storage.instances.claim(instance.id, 'w2', lease, now)).toBeNull();
      expect(
        await storage.instances.claim(instance.id, 'w2', lease, new Date(lease.getTime() + 1)),
      ).not.toBeNull();
      const run = {
        instanceId: instance.id,
        actionId: 'a1',
        iteration: -1,
        status: 10,
        attempts: 1,
        startedOn: now,
        finishedOn: null,
        inputs: { x: 1 },
        outputs: null,
        error: null,
        counted: true,
      };
      const progress = {
        status: 30,
        variables: { a: 2 },
        state: null,
        errors: [],
        currentActionId: 'a1',
        finishedOn: null,
        timeConsumed: 5,
        actionsConsumed: 1,
      };
      expect(await storage.instances.checkpoint(instance.id, 'w1', progress, [run])).toBe(false);
      expect(await storage.instances.checkpoint(instance.id, 'w2', progress, [run])).toBe(true);
      expect(
        await storage.instances.checkpoint(
          instance.id,
          'w2',
          { ...progress, status: 50, finishedOn: now, releaseLease: true },
          [{ ...run, status: 40, finishedOn: now, outputs: { y: 'z' } }],
        ),
      ).toBe(true);
      const runs = await storage.instances.listActionRuns(instance.id);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: 40, outputs: { y: 'z' }, counted: true });
      const stored = await storage.instances.get(instance.id);
      expect(stored).toMatchObject({
        status: 50,
        variables: { a: 2 },
        timeConsumed: 5,
        actionsConsumed: 1,
      });
      expect(await storage.instances.unfinished(10)).not.toContain(instance.id);
      expect(
        await storage.instances.count({
          workspaceId: instance.workspaceId,
          processId: instance.processId,
          statuses: [50],
        }),
      ).toBe(1);
    });

    test('the variables of a published instance change only while it is published and unchanged since read', async () => {
      const now = new Date();
      const instance = newInstance({
        status: 1,
        variables: { file: { id: 'f', path: '' }, n: 1 },
        createdOn: now,
        updatedOn: now,
      });
      await storage.instances.create(instance);
      const read = (await storage.instances.get(instance.id))!.variables;
      const next = { ...read, file: { id: 'f', path: 'p' } };
      expect(await storage.instances.updateVariables(instance.id, read, next)).toBe(true);
      expect(await storage.instances.updateVariables(instance.id, read, { ...read, n: 2 })).toBe(
        false,
      );
      expect(await storage.instances.transition(instance.id, [1], 20)).toBe(true);
      const current = (await storage.instances.get(instance.id))!.variables;
      expect(
        await storage.instances.updateVariables(instance.id, current, { ...current, n: 3 }),
      ).toBe(false);
      expect(current).toEqual(next);
      // Retention: only a still-published instance is found stale and deleted.
      expect(
        (await storage.instances.stalePublished(new Date(now.getTime() + 1000), 100)).map(
          (i) => i.id,
        ),
      ).not.toContain(instance.id);
      expect(await storage.instances.deletePublished(instance.id)).toBe(false);
      const published = { ...instance, id: newId(), status: 1 };
      await storage.instances.create(published);
      expect(
        (await storage.instances.stalePublished(new Date(now.getTime() + 1000), 100)).map(
          (i) => i.id,
        ),
      ).toContain(published.id);
      expect(await storage.instances.deletePublished(published.id)).toBe(true);
      expect(await storage.instances.get(published.id)).toBeNull();
    });

    test('ping measures a round trip', async () => {
      expect(await storage.ping()).toBeGreaterThanOrEqual(0);
    });
  });
}
