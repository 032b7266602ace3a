// The action catalogue storage contract (ports/action.store.ts): folders, saved templates, custom
// actions and test runs, run against SQLite and PostgreSQL by their own test files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceType } from '../domain/identity.js';
import { newId } from '../domain/ids.js';
import type { ActionChange } from '../ports/action.store.js';
import type { StorageFixture } from './storage.contract.js';
import type { Storage } from './storage.js';

const change = (iso = '2026-03-04T05:06:07.089Z'): ActionChange => ({
  at: new Date(iso),
  userId: null,
  userName: 'ada',
});

export function describeActionStorageContract(
  name: string,
  open: () => Promise<StorageFixture | null>,
): void {
  describe(`action storage contract: ${name}`, () => {
    let fixture: StorageFixture | null = null;
    let storage: Storage;
    let w1: string;
    let w2: string;

    beforeAll(async () => {
      fixture = await open();
      if (!fixture) return;
      storage = fixture.storage;
      await storage.migrate();
      const realm = await storage.identity.ensureRealm({
        id: newId(),
        name: 'procesio01',
        createdOn: new Date(),
      });
      const ids: string[] = [];
      for (const n of [1, 2]) {
        const id = newId();
        await storage.identity.createWorkspace(
          {
            id,
            realmId: realm.id,
            name: `W${n}`,
            type: WorkspaceType.Shared,
            ownerId: null,
            createdOn: new Date(),
          },
          null,
        );
        ids.push(id);
      }
      [w1, w2] = ids as [string, string];
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

    const folder = (workspaceId: string, folderName: string, parentId: string | null = null) => ({
      id: newId(),
      workspaceId,
      parentId,
      name: folderName,
      order: 0,
    });

    test('folders nest per workspace with names unique among siblings in any case', async () => {
      const root = folder(w1, 'Finance');
      expect(await storage.actions.createFolder(root, change())).toBe('created');
      const child = folder(w1, 'Invoices', root.id);
      expect(await storage.actions.createFolder(child, change())).toBe('created');
      expect(await storage.actions.createFolder(folder(w1, 'INVOICES', root.id), change())).toBe(
        'name-taken',
      );
      expect(await storage.actions.createFolder(folder(w1, 'FINANCE'), change())).toBe(
        'name-taken',
      );
      // Same name under another parent, or in another workspace.
      expect(await storage.actions.createFolder(folder(w1, 'Invoices'), change())).toBe('created');
      expect(await storage.actions.createFolder(folder(w2, 'Finance'), change())).toBe('created');
      expect(
        await storage.actions.createFolder({ ...folder(w2, 'Copy'), id: root.id }, change()),
      ).toBe('id-taken');
      expect(await storage.actions.createFolder(folder(w2, 'Inside', root.id), change())).toBe(
        'parent-missing',
      );

      const listed = await storage.actions.folders(w1);
      expect(listed.map((f) => f.name).sort()).toEqual(['Finance', 'Invoices', 'Invoices']);
      expect(await storage.actions.folder(w1, child.id)).toMatchObject({
        id: child.id,
        workspaceId: w1,
        parentId: root.id,
        name: 'Invoices',
        order: 0,
        createdOn: new Date('2026-03-04T05:06:07.089Z'),
      });
      expect(await storage.actions.folder(w2, child.id)).toBeNull();
    });

    test('folders are renamed within the sibling rule and deleted only when empty', async () => {
      const root = folder(w1, `Root ${newId()}`);
      const a = folder(w1, 'A', root.id);
      const b = folder(w1, 'B', root.id);
      for (const f of [root, a, b]) await storage.actions.createFolder(f, change());
      expect(await storage.actions.renameFolder(w1, a.id, 'b', change())).toBe('name-taken');
      expect(
        await storage.actions.renameFolder(w1, a.id, 'Alpha', change('2026-03-05T00:00:00.000Z')),
      ).toBe('renamed');
      expect(await storage.actions.folder(w1, a.id)).toMatchObject({
        name: 'Alpha',
        updatedOn: new Date('2026-03-05T00:00:00.000Z'),
      });
      expect(await storage.actions.renameFolder(w2, a.id, 'Stolen', change())).toBe('missing');

      expect(await storage.actions.deleteFolder(w1, root.id)).toBe('not-empty');
      expect(await storage.actions.deleteFolder(w2, a.id)).toBe('missing');
      expect(await storage.actions.deleteFolder(w1, a.id)).toBe('deleted');
      const prototypeId = newId();
      await storage.actions.savePrototype(
        {
          id: prototypeId,
          workspaceId: w1,
          parentNodeId: b.id,
          name: 'T',
          icon: null,
          actionTemplate: {},
        },
        change(),
      );
      expect(await storage.actions.deleteFolder(w1, b.id)).toBe('not-empty');
      await storage.actions.deletePrototype(w1, prototypeId);
      expect(await storage.actions.deleteFolder(w1, b.id)).toBe('deleted');
      expect(await storage.actions.deleteFolder(w1, root.id)).toBe('deleted');
      expect(await storage.actions.deleteFolder(w1, root.id)).toBe('missing');
    });

    test('templates are saved verbatim, replaced by id within their workspace and deleted', async () => {
      const parent = folder(w1, `Templates ${newId()}`);
      await storage.actions.createFolder(parent, change());
      const id = newId();
      const dto = { id: newId(), templateId: newId(), customData: { Nested: [1, 'two'] } };
      const saved = await storage.actions.savePrototype(
        {
          id,
          workspaceId: w1,
          parentNodeId: parent.id,
          name: 'Greet',
          icon: 'hi',
          actionTemplate: dto,
        },
        change(),
      );
      expect(saved).toBe('saved');
      expect(await storage.actions.prototype(w1, id)).toMatchObject({
        id,
        workspaceId: w1,
        parentNodeId: parent.id,
        name: 'Greet',
        icon: 'hi',
        actionTemplate: dto,
      });
      expect(
        await storage.actions.savePrototype(
          {
            id,
            workspaceId: w1,
            parentNodeId: null,
            name: 'Renamed',
            icon: null,
            actionTemplate: {},
          },
          change('2026-04-01T00:00:00.000Z'),
        ),
      ).toBe('saved');
      const replaced = (await storage.actions.prototype(w1, id))!;
      expect(replaced).toMatchObject({ name: 'Renamed', parentNodeId: null, icon: null });
      expect(replaced.createdOn).toEqual(new Date('2026-03-04T05:06:07.089Z'));
      expect(replaced.updatedOn).toEqual(new Date('2026-04-01T00:00:00.000Z'));
      expect(
        await storage.actions.savePrototype(
          { id, workspaceId: w2, parentNodeId: null, name: 'Mine', icon: null, actionTemplate: {} },
          change(),
        ),
      ).toBe('id-taken');
      expect(
        await storage.actions.savePrototype(
          {
            id: newId(),
            workspaceId: w2,
            parentNodeId: parent.id,
            name: 'Elsewhere',
            icon: null,
            actionTemplate: {},
          },
          change(),
        ),
      ).toBe('folder-missing');
      expect((await storage.actions.prototypes(w1)).map((p) => p.id)).toContain(id);
      expect(await storage.actions.prototype(w2, id)).toBeNull();
      expect(await storage.actions.deletePrototype(w2, id)).toBe(false);
      expect(await storage.actions.deletePrototype(w1, id)).toBe(true);
      expect(await storage.actions.prototype(w1, id)).toBeNull();
    });

    test('custom actions are replaced by id, soft-deleted and never shared', async () => {
      const id = newId();
      const manifest = { id, name: 'Shout', configuration: [{ key: 'k', settings: [] }] };
      const action = {
        id,
        workspaceId: w1,
        name: 'Shout',
        manifest,
        entrySource: 'export async function execute() { return {}; }',
        change: change(),
      };
      expect(await storage.actions.saveCustomAction(action)).toBe('saved');
      expect(await storage.actions.saveCustomAction({ ...action, workspaceId: w2 })).toBe(
        'id-taken',
      );
      expect(await storage.actions.customActionVersions(w1)).toContainEqual({
        id,
        updatedOn: new Date('2026-03-04T05:06:07.089Z'),
        deleted: false,
      });
      expect(await storage.actions.customActionVersions(w2)).toEqual([]);
      const [stored] = await storage.actions.customActions(w1, [id]);
      expect(stored).toMatchObject({
        id,
        workspaceId: w1,
        name: 'Shout',
        manifest,
        entrySource: action.entrySource,
        createdBy: 'ada',
        deletedOn: null,
      });
      expect(await storage.actions.customActions(w2, [id])).toEqual([]);
      expect(await storage.actions.customActions(w1, [])).toEqual([]);

      expect(await storage.actions.deleteCustomAction(w2, id, new Date())).toBe(false);
      const deletedAt = new Date('2026-03-06T00:00:00.000Z');
      expect(await storage.actions.deleteCustomAction(w1, id, deletedAt)).toBe(true);
      expect(await storage.actions.deleteCustomAction(w1, id, deletedAt)).toBe(false);
      expect((await storage.actions.customActions(w1, [id]))[0]!.deletedOn).toEqual(deletedAt);
      expect((await storage.actions.customActionVersions(w1)).find((v) => v.id === id)).toEqual({
        id,
        updatedOn: deletedAt,
        deleted: true,
      });

      // Uploading the id again brings it back with the new content.
      const later = change('2026-03-07T00:00:00.000Z');
      expect(
        await storage.actions.saveCustomAction({ ...action, name: 'Shout louder', change: later }),
      ).toBe('saved');
      const [back] = await storage.actions.customActions(w1, [id]);
      expect(back).toMatchObject({ name: 'Shout louder', deletedOn: null, updatedOn: later.at });
      expect(back!.createdOn).toEqual(new Date('2026-03-04T05:06:07.089Z'));
    });

    test('test runs: one run at a time per id, results replaced, uploads kept with the test', async () => {
      const id = newId();
      const started = new Date('2026-05-01T10:00:00.000Z');
      const run = {
        id,
        workspaceId: w1,
        templateId: newId(),
        createdById: null,
        startedOn: started,
        expiresOn: new Date('2026-05-01T11:00:00.000Z'),
      };
      const variableId = newId();
      await storage.actions.saveTestFile({
        testId: id,
        workspaceId: w1,
        variableId,
        fileId: 'f1',
        value: { name: 'a.txt', path: 'p' },
        expiresOn: new Date('2026-05-01T10:30:00.000Z'),
      });
      expect(await storage.actions.testIdTakenElsewhere(w2, id)).toBe(true);
      expect(await storage.actions.testIdTakenElsewhere(w1, id)).toBe(false);
      expect(await storage.actions.startTest(run)).toBe(true);
      expect(await storage.actions.startTest(run)).toBe(false);
      expect(await storage.actions.startTest({ ...run, workspaceId: w2 })).toBe(false);
      expect(await storage.actions.test(w1, id)).toMatchObject({
        id,
        status: 10,
        result: null,
        startedOn: started,
        finishedOn: null,
      });
      expect(await storage.actions.test(w2, id)).toBeNull();

      const finishedOn = new Date('2026-05-01T10:00:05.000Z');
      const expiresOn = new Date('2026-05-01T11:00:05.000Z');
      const result = {
        id,
        status: 40,
        outputValues: [{ propertyId: 'p', value: [1, { a: 'b' }] }],
      };
      expect(
        await storage.actions.finishTest(id, { status: 40, result, finishedOn, expiresOn }),
      ).toBe(true);
      expect(await storage.actions.test(w1, id)).toMatchObject({
        status: 40,
        result,
        finishedOn,
        expiresOn,
      });
      expect(await storage.actions.testFiles(w1, id)).toEqual([
        {
          testId: id,
          workspaceId: w1,
          variableId,
          fileId: 'f1',
          value: { name: 'a.txt', path: 'p' },
          expiresOn,
        },
      ]);
      expect(await storage.actions.testFiles(w2, id)).toEqual([]);

      // A finished test may run again under its id.
      expect(await storage.actions.startTest({ ...run, startedOn: finishedOn })).toBe(true);
      expect(await storage.actions.test(w1, id)).toMatchObject({ status: 10, result: null });
      expect(
        await storage.actions.finishTest(newId(), { status: 40, result, finishedOn, expiresOn }),
      ).toBe(false);

      // Re-uploading the same file replaces it; another workspace cannot overwrite it.
      const upload = {
        testId: id,
        workspaceId: w1,
        variableId,
        fileId: 'f1',
        value: { name: 'b.txt' },
        expiresOn,
      };
      await storage.actions.saveTestFile(upload);
      await storage.actions.saveTestFile({ ...upload, workspaceId: w2, value: { name: 'evil' } });
      expect((await storage.actions.testFiles(w1, id)).map((f) => f.value)).toEqual([
        { name: 'b.txt' },
      ]);
    });

    test('expired tests and uploads are found oldest first and deleted with their uploads', async () => {
      const now = new Date('2030-01-01T00:00:00.000Z');
      const old = newId();
      const fresh = newId();
      for (const [id, expires] of [
        [old, '2029-12-31T23:00:00.000Z'],
        [fresh, '2030-01-01T01:00:00.000Z'],
      ] as const) {
        await storage.actions.startTest({
          id,
          workspaceId: w1,
          templateId: newId(),
          createdById: null,
          startedOn: new Date('2029-12-31T22:00:00.000Z'),
          expiresOn: new Date(expires),
        });
        await storage.actions.saveTestFile({
          testId: id,
          workspaceId: w1,
          variableId: newId(),
          fileId: 'f',
          value: {},
          expiresOn: new Date(expires),
        });
      }
      const orphan = newId();
      await storage.actions.saveTestFile({
        testId: orphan,
        workspaceId: w2,
        variableId: newId(),
        fileId: 'g',
        value: {},
        expiresOn: new Date('2029-12-31T22:30:00.000Z'),
      });
      const expired = await storage.actions.expiredTests(now, 100);
      expect(expired.map((t) => t.id)).toContain(old);
      expect(expired.map((t) => t.id)).not.toContain(fresh);
      const files = await storage.actions.expiredTestFiles(now, 100);
      const orphanAt = files.findIndex((f) => f.testId === orphan);
      const oldAt = files.findIndex((f) => f.testId === old);
      expect(orphanAt).toBeGreaterThanOrEqual(0);
      expect(orphanAt).toBeLessThan(oldAt);

      await storage.actions.deleteTest(old);
      expect(await storage.actions.test(w1, old)).toBeNull();
      expect(await storage.actions.testFiles(w1, old)).toEqual([]);
      const [file] = await storage.actions.testFiles(w2, orphan);
      await storage.actions.deleteTestFile(orphan, file!.variableId, 'g');
      expect(await storage.actions.testFiles(w2, orphan)).toEqual([]);
      expect(await storage.actions.test(w1, fresh)).not.toBeNull();
    });
  });
}
