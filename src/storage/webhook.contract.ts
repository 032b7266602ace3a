// The webhook, analytics and bundle storage contract (ports/webhook.store.ts,
// ports/analytics.store.ts, ports/bundle.store.ts), run against SQLite and PostgreSQL by their own
// test files. Deliveries are claimed through two connections, as two servers would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceType } from '../domain/identity.js';
import { newId } from '../domain/ids.js';
import type { ActionRunRecord, InstanceRecord } from '../ports/instance.store.js';
import type { WebhookContent } from '../ports/webhook.store.js';
import type { StorageFixture } from './storage.contract.js';
import type { Storage } from './storage.js';

export interface SharedStorageFixture extends StorageFixture {
  /** A second connection to the same database (another server process). */
  second: Storage;
}

const at = (iso: string) => new Date(iso);
const change = { at: at('2026-03-04T05:06:07.089Z'), userId: null, userName: 'ada' };

function content(name: string, extra: Partial<WebhookContent> = {}): WebhookContent {
  return {
    name,
    payloadIsList: false,
    hasHeader: true,
    hasQuery: false,
    dataModelId: null,
    type: 1,
    definition: { Sample: [1, 'two'] },
    isEdited: false,
    dataModel: null,
    customResponseConfig: { configType: 1, config: '{"ok":true}' },
    dedupe: { source: 2, path: '$.id', windowSeconds: 60 },
    ...extra,
  };
}

export function describeWebhookStorageContract(
  name: string,
  open: () => Promise<SharedStorageFixture | null>,
): void {
  describe(`webhook and analytics storage contract: ${name}`, () => {
    let fixture: SharedStorageFixture | null = null;
    let storage: Storage;
    const workspaces: string[] = [];
    const users: string[] = [];

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
      for (const n of [1, 2]) {
        const userId = newId();
        const personal = newId();
        await storage.identity.createUser({
          user: {
            id: userId,
            realmId: realm.id,
            userName: `user${n}`,
            email: null,
            firstName: `First${n}`,
            lastName: null,
            createdOn: new Date(),
          },
          passwordHash: 'h',
          personalWorkspace: {
            id: personal,
            realmId: realm.id,
            name: 'Personal',
            type: WorkspaceType.Personal,
            ownerId: userId,
            createdOn: new Date(),
          },
        });
        users.push(userId);
        workspaces.push(personal);
      }
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

    test('webhooks round-trip, with names unique per workspace in any case and ids unique everywhere', async () => {
      const [w1, w2] = workspaces as [string, string];
      const id = newId();
      expect(await storage.webhooks.create(w1, id, content('Orders'), change)).toBe('written');
      expect(await storage.webhooks.create(w1, newId(), content('ORDERS'), change)).toBe(
        'name-taken',
      );
      expect(await storage.webhooks.create(w2, id, content('Other'), change)).toBe('id-taken');
      expect(await storage.webhooks.create(w2, newId(), content('orders'), change)).toBe('written');
      const stored = await storage.webhooks.get(w1, id);
      expect(stored).toEqual({
        id,
        workspaceId: w1,
        ...content('Orders'),
        createdOn: change.at,
        createdById: null,
        createdBy: 'ada',
        updatedOn: change.at,
        updatedById: null,
        updatedBy: 'ada',
      });
      expect(await storage.webhooks.get(w2, id)).toBeNull();
      expect((await storage.webhooks.find(id))?.workspaceId).toBe(w1);

      const later = { ...change, at: at('2026-03-05T00:00:00.000Z') };
      const cleared = content('Orders v2', {
        customResponseConfig: null,
        dedupe: null,
        definition: null,
      });
      expect(await storage.webhooks.update(w1, id, cleared, later)).toBe('written');
      expect(await storage.webhooks.get(w1, id)).toMatchObject({
        ...cleared,
        createdOn: change.at,
        updatedOn: later.at,
      });
      expect(await storage.webhooks.update(w2, id, cleared, later)).toBe('missing');
      await storage.webhooks.create(w1, newId(), content('Taken'), change);
      expect(await storage.webhooks.update(w1, id, content('taken'), later)).toBe('name-taken');
      expect(await storage.webhooks.delete(w2, id)).toBe(false);
      expect(await storage.webhooks.delete(w1, id)).toBe(true);
      expect(await storage.webhooks.find(id)).toBeNull();
    });

    test('lists a workspace’s webhooks by lower-case name, searched and paged', async () => {
      const ws = newId();
      await storage.identity.createWorkspace(
        {
          id: ws,
          realmId: (await storage.identity.findWorkspaceById(workspaces[0]!))!.realmId,
          name: 'Lists',
          type: WorkspaceType.Shared,
          ownerId: null,
          createdOn: new Date(),
        },
        null,
      );
      for (const n of ['beta', 'Alpha', 'gamma_1', 'gamma%2'])
        await storage.webhooks.create(ws, newId(), content(n), change);
      const all = await storage.webhooks.list(ws, { search: null, offset: 0, limit: null });
      expect(all.total).toBe(4);
      expect(all.items.map((w) => w.name)).toEqual(['Alpha', 'beta', 'gamma%2', 'gamma_1']);
      const page = await storage.webhooks.list(ws, { search: null, offset: 1, limit: 2 });
      expect(page).toMatchObject({ total: 4, items: [{ name: 'beta' }, { name: 'gamma%2' }] });
      const rest = await storage.webhooks.list(ws, { search: null, offset: 3, limit: null });
      expect(rest.items.map((w) => w.name)).toEqual(['gamma_1']);
      const search = await storage.webhooks.list(ws, { search: 'a_', offset: 0, limit: null });
      expect(search.items.map((w) => w.name)).toEqual(['gamma_1']);
    });

    test('finds the processes whose current flow mentions a webhook id', async () => {
      const [w1, w2] = workspaces as [string, string];
      const webhookId = newId();
      const document = (id: string) => ({
        id,
        title: 'Bound',
        webhooks: [{ webhookId, webhookVariables: [] }],
      });
      const bound = newId();
      const elsewhere = newId();
      const unrelated = newId();
      for (const [id, ws, doc] of [
        [bound, w1, document(bound)],
        [elsewhere, w2, document(elsewhere)],
        [unrelated, w1, { id: unrelated, title: 'Unrelated' }],
      ] as const)
        expect(
          await storage.processes.create({
            id,
            workspaceId: ws,
            title: doc.title,
            description: null,
            parentId: null,
            timeout: 0,
            debugMode: false,
            isNotification: false,
            isValid: true,
            active: false,
            document: doc,
            calls: [],
            change: { at: new Date(), userId: users[0]!, userName: 'user1' },
          }),
        ).toBe(true);
      const found = await storage.webhooks.bindingCandidates(w1, webhookId.toUpperCase());
      expect(found).toEqual([
        {
          id: bound,
          title: 'Bound',
          workspaceId: w1,
          active: false,
          isValid: true,
          createdById: users[0],
          document: document(bound),
        },
      ]);
    });

    test('lets exactly one of two servers claim a delivery, again only after its window', async () => {
      const webhookId = newId();
      await storage.webhooks.create(workspaces[0]!, webhookId, content(`d-${webhookId}`), change);
      const now = at('2026-03-04T10:00:00.000Z');
      const until = at('2026-03-04T10:01:00.000Z');
      const claims = await Promise.all(
        [storage, fixture!.second, storage, fixture!.second].map((s) =>
          s.webhooks.claimDelivery(webhookId, 'key-1', now, until),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      const inside = at('2026-03-04T10:00:59.999Z');
      expect(await storage.webhooks.claimDelivery(webhookId, 'key-1', inside, until)).toBe(false);
      expect(await storage.webhooks.claimDelivery(webhookId, 'key-2', inside, until)).toBe(true);
      const after = at('2026-03-04T10:01:00.000Z');
      const next = at('2026-03-04T10:02:00.000Z');
      const again = await Promise.all(
        [storage, fixture!.second].map((s) =>
          s.webhooks.claimDelivery(webhookId, 'key-1', after, next),
        ),
      );
      expect(again.filter(Boolean)).toHaveLength(1);
      await storage.webhooks.releaseDelivery(webhookId, 'key-2');
      expect(await storage.webhooks.claimDelivery(webhookId, 'key-2', inside, until)).toBe(true);
      // key-2 ends 10:01, key-1 ends 10:02: pruning at 10:01:30 forgets key-2 only.
      expect(await storage.webhooks.pruneDeliveries(at('2026-03-04T10:01:30.000Z'))).toBe(1);
      expect(await storage.webhooks.claimDelivery(webhookId, 'key-1', after, next)).toBe(false);
    });

    test('tells which workspace holds each id, for every kind of bundle entity', async () => {
      const [w1, w2] = workspaces as [string, string];
      const a = newId();
      const b = newId();
      await storage.webhooks.create(w1, a, content(`o-${a}`), change);
      await storage.webhooks.create(w2, b, content(`o-${b}`), change);
      const missing = newId();
      expect(await storage.bundles.owners('webhook', [a, b, missing, a])).toEqual(
        new Map([
          [a, w1],
          [b, w2],
        ]),
      );
      expect((await storage.bundles.owners('flow', [a])).size).toBe(0);
      expect((await storage.bundles.owners('dataType', [])).size).toBe(0);
      expect((await storage.bundles.owners('credential', [missing])).size).toBe(0);
    });

    test('aggregates runs, durations and action times per process, user and action', async () => {
      const ws = workspaces[1]!;
      const processId = newId();
      const gone = newId();
      await storage.processes.create({
        id: processId,
        workspaceId: ws,
        title: 'Current title',
        description: null,
        parentId: null,
        timeout: 0,
        debugMode: false,
        isNotification: false,
        isValid: true,
        active: true,
        document: {
          id: processId,
          title: 'Current title',
          actions: [{ id: 'a1', templateId: 't1', actionName: 'First' }],
        } as never,
        calls: [],
        change: { at: new Date(), userId: users[1]!, userName: 'user2' },
      });
      const base = at('2026-01-10T00:00:00.000Z');
      const t = (ms: number) => new Date(base.getTime() + ms);
      const runs: [InstanceRecord, ActionRunRecord[]][] = [];
      const run = (
        process: string,
        created: number,
        status: number,
        duration: number | null,
        userId: string | null,
        actions: [string, number, number, number][],
      ) => {
        const counted = actions.filter(([actionId]) => actionId !== 'start');
        const instance: InstanceRecord = {
          id: newId(),
          workspaceId: ws,
          processId: process,
          version: 1,
          title: process === gone ? 'Deleted one' : 'Old title',
          status,
          variables: {},
          state: null,
          errors: [],
          currentActionId: null,
          parentInstanceId: null,
          parentActionId: null,
          trigger: { kind: 'api', name: null },
          createdById: userId,
          createdOn: t(created),
          updatedOn: t(created),
          launchedOn: t(created + 5),
          finishedOn: duration === null ? null : t(created + 5 + duration),
          timeoutAt: null,
          stopRequested: false,
          // The engine's counters leave Start out, as the action records' `counted` does.
          timeConsumed: counted.reduce((n, [, , , ms]) => n + ms, 0),
          actionsConsumed: counted.reduce((n, [, attempts]) => n + attempts, 0),
        };
        runs.push([
          instance,
          actions.map(([actionId, attempts, status, ms], i) => ({
            instanceId: instance.id,
            actionId,
            iteration: i,
            status,
            attempts,
            startedOn: t(created + 10 + i * 1000),
            finishedOn: t(created + 10 + i * 1000 + ms),
            inputs: null,
            outputs: null,
            error: null,
            counted: actionId !== 'start',
          })),
        ]);
      };
      const [u1, u2] = users as [string, string];
      run(processId, 0, 50, 1234, u1, [
        ['start', 1, 40, 3],
        ['a1', 1, 40, 250],
      ]);
      run(processId, 60_000, 40, 20, u2, [['a1', 3, 90, 7]]);
      run(processId, 120_000, 6, 3000, u2, []);
      run(processId, 180_000, 30, null, u2, [['a1', 1, 40, 11]]);
      run(gone, 240_000, 50, 500, null, [['b1', 2, 40, 40]]);
      // Outside the range, or never launched: not counted.
      run(processId, 3_600_000, 50, 10, u1, [['a1', 1, 40, 9]]);
      for (const [instance, actionRuns] of runs) {
        await storage.instances.create(instance, { owner: 'w', until: t(10_000_000) });
        await storage.instances.checkpoint(
          instance.id,
          'w',
          {
            status: instance.status,
            variables: {},
            state: null,
            errors: [],
            currentActionId: null,
            finishedOn: instance.finishedOn,
            timeConsumed: instance.timeConsumed,
            actionsConsumed: instance.actionsConsumed,
            releaseLease: true,
          },
          actionRuns,
        );
      }
      await storage.instances.create({
        ...runs[0]![0],
        id: newId(),
        status: 1,
        launchedOn: null,
        finishedOn: null,
      });
      const range = { from: base, to: t(3_600_000) };

      const totals = (await storage.analytics.processTotals(ws, range)).sort((a, b) =>
        a.processName.localeCompare(b.processName),
      );
      expect(totals).toEqual([
        {
          processId,
          processName: 'Current title',
          totalRuns: 4,
          successfulRuns: 1,
          failedRuns: 1,
          stoppedRuns: 1,
          runningRuns: 1,
          actionsConsumed: 1 + 3 + 1,
          totalTime: 250 + 7 + 11,
          finishedRuns: 3,
          durationSum: 1234 + 20 + 3000,
          lastRunOn: t(180_000),
        },
        {
          processId: gone,
          processName: 'Deleted one',
          totalRuns: 1,
          successfulRuns: 1,
          failedRuns: 0,
          stoppedRuns: 0,
          runningRuns: 0,
          actionsConsumed: 2,
          totalTime: 40,
          finishedRuns: 1,
          durationSum: 500,
          lastRunOn: t(240_000),
        },
      ]);
      const durations = await storage.analytics.durations(ws, [processId, gone], range);
      expect([...durations.get(processId)!].sort((a, b) => a - b)).toEqual([20, 1234, 3000]);
      expect(durations.get(gone)).toEqual([500]);

      const byUser = await storage.analytics.userTotals(ws, range);
      expect(
        byUser
          .map((u) => [u.userName, u.firstName, u.totalRuns, u.successfulRuns, u.actionsConsumed])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      ).toEqual([
        [null, null, 1, 1, 2],
        ['user1', 'First1', 1, 1, 1],
        ['user2', 'First2', 3, 0, 4],
      ]);

      const actions = await storage.analytics.actionTotals(ws, range, processId);
      expect(actions).toEqual([
        { processId, version: 1, actionId: 'a1', runs: 5, failedRuns: 1, totalTime: 268 },
      ]);
      expect((await storage.analytics.actionTotals(ws, range, null)).length).toBe(2);
      const one = await storage.analytics.instanceActionTotals(runs[0]![0].id);
      expect(one).toEqual([
        { actionId: 'a1', runs: 1, failedRuns: 0, totalTime: 250, firstStartedOn: t(1010) },
      ]);

      expect(await storage.analytics.timeConsumed([ws], range)).toBe(268 + 40);
      expect(await storage.analytics.timeConsumed([ws, workspaces[0]!], range)).toBe(308);
      expect(await storage.analytics.timeConsumed([], range)).toBe(0);
      expect(
        await storage.analytics.timeConsumed([ws], { from: t(3_600_000), to: t(7_200_000) }),
      ).toBe(9);

      const versions = await storage.analytics.flowVersions(ws, [
        { processId, version: 1 },
        { processId, version: 2 },
        { processId: gone, version: 1 },
      ]);
      expect(versions).toEqual([
        {
          processId,
          version: 1,
          document: expect.objectContaining({ title: 'Current title' }),
        },
      ]);
      expect(
        await storage.analytics.flowVersions(workspaces[0]!, [{ processId, version: 1 }]),
      ).toEqual([]);
    });
  });
}
