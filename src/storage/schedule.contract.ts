// The schedule storage contract (ports/schedule.store.ts), run against SQLite and PostgreSQL by
// their own test files: reads scoped to a workspace, edits that bump the revision, and fires that
// commit exactly once with their instance and queue job, or leave nothing at all.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceType } from '../domain/identity.js';
import { newId } from '../domain/ids.js';
import type { FlowDocument } from '../ports/process.store.js';
import type { InstanceRecord } from '../ports/instance.store.js';
import type {
  FireWrite,
  NewSchedule,
  ScheduleFireRecord,
  ScheduleRecord,
} from '../ports/schedule.store.js';
import type { StorageFixture } from './storage.contract.js';
import type { Storage } from './storage.js';

const change = (iso = '2026-03-04T05:06:07.089Z') => ({
  at: new Date(iso),
  userId: 'u-1',
  userName: 'ada',
});

const EVERY_MINUTE = {
  recurrence: 2,
  timeZone: 'UTC',
  info: 'Every minute',
  startDate: '2026-01-01T00:00:00.000Z',
  isEndDate: false,
  endDate: null,
  every: 1,
  isWeekendExcluded: false,
};

export function describeScheduleStorageContract(
  name: string,
  open: () => Promise<StorageFixture | null>,
): void {
  describe(`schedule storage contract: ${name}`, () => {
    let fixture: StorageFixture | null = null;
    let storage: Storage;
    const workspaces: string[] = [];
    let processId: string;

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
        workspaces.push(id);
      }
      processId = newId();
      await storage.processes.create({
        id: processId,
        workspaceId: workspaces[0]!,
        active: true,
        change: change(),
        title: 'Nightly report',
        description: null,
        parentId: null,
        timeout: 0,
        debugMode: false,
        isNotification: false,
        isValid: true,
        document: { id: processId, title: 'Nightly report' } as unknown as FlowDocument,
        calls: [],
      });
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

    function newSchedule(overrides: Partial<NewSchedule> = {}): NewSchedule {
      return {
        id: newId(),
        workspaceId: workspaces[0]!,
        name: 'Nightly',
        description: 'd',
        enabled: true,
        processId,
        processInputs: [{ id: newId(), value: 'EMEA' }],
        notification: null,
        recurrence: EVERY_MINUTE,
        catchUpPolicy: 1,
        nextFireOn: new Date('2026-05-01T10:00:00.000Z'),
        change: change(),
        ...overrides,
      };
    }

    function instanceFor(schedule: ScheduleRecord, at: Date): InstanceRecord {
      return {
        id: newId(),
        workspaceId: schedule.workspaceId,
        processId: schedule.processId,
        version: 1,
        title: 'Nightly report',
        status: 20,
        variables: {},
        state: null,
        errors: [],
        currentActionId: null,
        parentInstanceId: null,
        parentActionId: null,
        trigger: { kind: 'schedule', name: schedule.name },
        createdById: null,
        createdOn: at,
        updatedOn: at,
        launchedOn: at,
        finishedOn: null,
        timeoutAt: null,
        stopRequested: false,
        timeConsumed: 0,
        actionsConsumed: 0,
      };
    }

    function fireOf(
      schedule: ScheduleRecord,
      dueOn: Date,
      options: { instance?: boolean; next?: Date | null; revision?: number; expected?: Date } = {},
    ): FireWrite {
      const instance = options.instance === false ? null : instanceFor(schedule, dueOn);
      const fire: ScheduleFireRecord = {
        scheduleId: schedule.id,
        workspaceId: schedule.workspaceId,
        dueOn,
        firedOn: new Date(dueOn.getTime() + 250),
        outcome: instance ? 'started' : 'skipped',
        instanceId: instance?.id ?? null,
        reason: instance ? null : 'inactive',
        detail: instance ? null : 'Process is inactive.',
        lagMs: 250,
        notifyPending: false,
      };
      return {
        fire,
        instance,
        writeJob: true,
        schedule: {
          id: schedule.id,
          revision: options.revision ?? schedule.revision,
          expectedNextFireOn: options.expected ?? schedule.nextFireOn!,
          nextFireOn:
            options.next === undefined ? new Date(dueOn.getTime() + 60_000) : options.next,
          enabled: true,
        },
      };
    }

    async function jobsOf(instanceId: string): Promise<number> {
      const row = await sql<{
        n: number | string;
      }>`select count(*) as n from work_jobs where instance_id = ${instanceId}`.execute(storage.db);
      return Number(row.rows[0]?.n ?? 0);
    }

    async function created(overrides: Partial<NewSchedule> = {}): Promise<ScheduleRecord> {
      const input = newSchedule(overrides);
      expect(await storage.schedules.create(input)).toBe(true);
      return (await storage.schedules.get(input.workspaceId, input.id))!;
    }

    test('stores a schedule and reads it back with its process’s name, only in its workspace', async () => {
      const input = newSchedule({
        notification: { emailList: 'a@b.c', isEnabled: true, onSuccess: false, onFail: true },
      });
      expect(await storage.schedules.create(input)).toBe(true);
      expect(await storage.schedules.get(workspaces[0]!, input.id)).toEqual({
        id: input.id,
        workspaceId: workspaces[0],
        name: 'Nightly',
        description: 'd',
        enabled: true,
        processId,
        processName: 'Nightly report',
        processInputs: input.processInputs,
        notification: input.notification,
        recurrence: EVERY_MINUTE,
        catchUpPolicy: 1,
        nextFireOn: input.nextFireOn,
        revision: 1,
        lastFire: null,
        createdOn: input.change.at,
        createdById: 'u-1',
        createdBy: 'ada',
        updatedOn: input.change.at,
        updatedById: 'u-1',
        updatedBy: 'ada',
      });
      expect(await storage.schedules.get(workspaces[1]!, input.id)).toBeNull();
      expect(await storage.schedules.create({ ...input, workspaceId: workspaces[1]! })).toBe(false);
    });

    test('lists by name in any case, searches, filters by process and pages', async () => {
      const ws = workspaces[1]!;
      const other = newId();
      for (const [name, target] of [
        ['beta', processId],
        ['Alpha', processId],
        ['gamma 100%', other],
      ] as const)
        await created({ workspaceId: ws, name, processId: target });
      const all = await storage.schedules.list(ws, {
        search: null,
        processId: null,
        offset: 0,
        limit: null,
      });
      expect(all.total).toBe(3);
      expect(all.items.map((s) => s.name)).toEqual(['Alpha', 'beta', 'gamma 100%']);
      // The process lives in another workspace: no name leaks across.
      expect(all.items.map((s) => s.processName)).toEqual([null, null, null]);
      const page = await storage.schedules.list(ws, {
        search: null,
        processId: null,
        offset: 1,
        limit: 1,
      });
      expect(page).toMatchObject({ total: 3, items: [{ name: 'beta' }] });
      const search = await storage.schedules.list(ws, {
        search: '100%',
        processId: null,
        offset: 0,
        limit: null,
      });
      expect(search.items.map((s) => s.name)).toEqual(['gamma 100%']);
      const ofProcess = await storage.schedules.list(ws, {
        search: null,
        processId: other,
        offset: 0,
        limit: null,
      });
      expect(ofProcess.items.map((s) => s.name)).toEqual(['gamma 100%']);
    });

    test('edits bump the revision; an input update with an old revision is refused', async () => {
      const s = await created();
      const edited = await storage.schedules.update(
        s.workspaceId,
        s.id,
        {
          name: 'Renamed',
          description: null,
          processId,
          processInputs: [],
          notification: null,
          recurrence: { ...EVERY_MINUTE, every: 5 },
          catchUpPolicy: 2,
          nextFireOn: null,
        },
        change('2026-03-05T00:00:00.000Z'),
      );
      expect(edited).toMatchObject({
        name: 'Renamed',
        revision: 2,
        enabled: true,
        catchUpPolicy: 2,
      });
      expect(edited?.updatedOn).toEqual(new Date('2026-03-05T00:00:00.000Z'));
      expect(await storage.schedules.updateInputs(s.workspaceId, s.id, 1, [])).toBe(false);
      expect(
        await storage.schedules.updateInputs(s.workspaceId, s.id, 2, [{ id: 'x', value: 1 }]),
      ).toBe(true);
      const disabled = await storage.schedules.setEnabled(
        s.workspaceId,
        s.id,
        false,
        null,
        change(),
      );
      expect(disabled).toMatchObject({ enabled: false, nextFireOn: null, revision: 4 });
      const notified = await storage.schedules.setNotification(
        s.workspaceId,
        s.id,
        { emailList: 'x@y.z', isEnabled: true, onSuccess: true, onFail: false },
        change(),
      );
      expect(notified?.notification?.emailList).toBe('x@y.z');
      expect(
        await storage.schedules.update(workspaces[1]!, s.id, { ...s, nextFireOn: null }, change()),
      ).toBeNull();
    });

    test('answers only enabled schedules that are due, earliest first', async () => {
      const now = new Date('2031-01-01T00:00:00.000Z');
      const later = await created({ nextFireOn: new Date('2030-12-31T23:59:00.000Z') });
      const earlier = await created({ nextFireOn: new Date('2030-12-31T23:58:00.000Z') });
      await created({ nextFireOn: new Date('2031-01-01T00:00:01.000Z') });
      await created({ nextFireOn: new Date('2030-12-31T23:00:00.000Z'), enabled: false });
      const due = (await storage.schedules.due(now, 1000)).filter((s) =>
        [later.id, earlier.id].includes(s.id),
      );
      expect(due.map((s) => s.id)).toEqual([earlier.id, later.id]);
      const all = await storage.schedules.due(now, 1000);
      expect(all.every((s) => s.enabled && s.nextFireOn! <= now)).toBe(true);
    });

    test('a fire commits its log row, its instance, its queue job and the new cursor together', async () => {
      const s = await created();
      const dueOn = s.nextFireOn!;
      const write = fireOf(s, dueOn);
      expect(await storage.schedules.fire(write)).toBe('fired');
      expect(await storage.instances.get(write.instance!.id)).toMatchObject({
        status: 20,
        trigger: { kind: 'schedule', name: 'Nightly' },
      });
      expect(await jobsOf(write.instance!.id)).toBe(1);
      expect(await storage.schedules.hasFired(s.id, dueOn)).toBe(true);
      const after = await storage.schedules.get(s.workspaceId, s.id);
      expect(after?.nextFireOn).toEqual(new Date(dueOn.getTime() + 60_000));
      expect(after?.lastFire).toEqual({
        dueOn,
        firedOn: new Date(dueOn.getTime() + 250),
        instanceId: write.instance!.id,
        skippedReason: null,
      });
      expect(after?.revision).toBe(s.revision);
      expect((await storage.schedules.fires(s.id, 0, null)).items).toEqual([write.fire]);
    });

    test('a second fire of the same due time writes nothing', async () => {
      const s = await created();
      const dueOn = s.nextFireOn!;
      expect(await storage.schedules.fire(fireOf(s, dueOn))).toBe('fired');
      const again = fireOf(s, dueOn, { expected: new Date(dueOn.getTime() + 60_000) });
      expect(await storage.schedules.fire(again)).toBe('duplicate');
      expect(await storage.instances.get(again.instance!.id)).toBeNull();
      expect(await jobsOf(again.instance!.id)).toBe(0);
      expect((await storage.schedules.fires(s.id, 0, null)).total).toBe(1);
    });

    test('racing fires of one due time: exactly one commits, with exactly one instance', async () => {
      const s = await created();
      const dueOn = s.nextFireOn!;
      const writes = Array.from({ length: 6 }, () => fireOf(s, dueOn));
      const results = await Promise.all(writes.map((w) => storage.schedules.fire(w)));
      expect(results.filter((r) => r === 'fired')).toHaveLength(1);
      const stored = await Promise.all(writes.map((w) => storage.instances.get(w.instance!.id)));
      expect(stored.filter((i) => i !== null)).toHaveLength(1);
      expect((await storage.schedules.fires(s.id, 0, null)).total).toBe(1);
    });

    test('a fire computed before an edit, a disable or a delete writes nothing', async () => {
      const s = await created();
      const dueOn = s.nextFireOn!;
      await storage.schedules.updateInputs(s.workspaceId, s.id, s.revision, []);
      const stale = fireOf(s, dueOn);
      expect(await storage.schedules.fire(stale)).toBe('stale');
      expect(await storage.instances.get(stale.instance!.id)).toBeNull();
      expect(await jobsOf(stale.instance!.id)).toBe(0);
      expect(await storage.schedules.hasFired(s.id, dueOn)).toBe(false);

      const current = (await storage.schedules.get(s.workspaceId, s.id))!;
      await storage.schedules.setEnabled(s.workspaceId, s.id, false, dueOn, change());
      expect(
        await storage.schedules.fire(fireOf(current, dueOn, { revision: current.revision + 1 })),
      ).toBe('stale');

      const gone = await created();
      await storage.schedules.delete(gone.workspaceId, gone.id);
      expect(await storage.schedules.fire(fireOf(gone, gone.nextFireOn!))).toBe('stale');
      expect(await storage.schedules.hasFired(gone.id, gone.nextFireOn!)).toBe(false);
    });

    test('a skip is logged with its reason and no instance; a last fire can disable the schedule', async () => {
      const s = await created();
      const dueOn = s.nextFireOn!;
      const write = fireOf(s, dueOn, { instance: false, next: null });
      write.schedule.enabled = false;
      expect(await storage.schedules.fire(write)).toBe('fired');
      const after = await storage.schedules.get(s.workspaceId, s.id);
      expect(after).toMatchObject({ enabled: false, nextFireOn: null });
      expect(after?.lastFire).toMatchObject({ instanceId: null, skippedReason: 'inactive' });
      expect((await storage.schedules.fires(s.id, 0, null)).items[0]).toMatchObject({
        outcome: 'skipped',
        reason: 'inactive',
        detail: 'Process is inactive.',
        lagMs: 250,
      });
    });

    test('moves the cursor without firing only from where it was', async () => {
      const s = await created();
      const next = new Date(s.nextFireOn!.getTime() + 3_600_000);
      expect(await storage.schedules.advance(s.id, s.revision, new Date(0), next)).toBe(false);
      expect(await storage.schedules.advance(s.id, s.revision, s.nextFireOn!, next)).toBe(true);
      expect((await storage.schedules.get(s.workspaceId, s.id))?.nextFireOn).toEqual(next);
    });

    test('lists the fire log newest first and pages it', async () => {
      let s = await created();
      const first = s.nextFireOn!;
      for (let i = 0; i < 3; i++) {
        expect(await storage.schedules.fire(fireOf(s, s.nextFireOn!))).toBe('fired');
        s = (await storage.schedules.get(s.workspaceId, s.id))!;
      }
      const page = await storage.schedules.fires(s.id, 1, 1);
      expect(page.total).toBe(3);
      expect(page.items.map((f) => f.dueOn)).toEqual([new Date(first.getTime() + 60_000)]);
    });

    test('hands out an owed e-mail once its instance ended, to exactly one claimer', async () => {
      const s = await created({
        notification: { emailList: 'a@b.c', isEnabled: true, onSuccess: true, onFail: true },
      });
      const write = fireOf(s, s.nextFireOn!);
      write.fire.notifyPending = true;
      expect(await storage.schedules.fire(write)).toBe('fired');
      const mine = (p: { fire: { scheduleId: string } }) => p.fire.scheduleId === s.id;
      expect((await storage.schedules.pendingNotifications([50], 100)).filter(mine)).toEqual([]);
      await storage.instances.transition(write.instance!.id, [20], 50);
      const pending = (await storage.schedules.pendingNotifications([50], 100)).filter(mine);
      expect(pending).toEqual([
        {
          fire: write.fire,
          scheduleName: 'Nightly',
          notification: s.notification,
          processTitle: 'Nightly report',
          instanceStatus: 50,
        },
      ]);
      const claims = await Promise.all(
        [1, 2, 3].map(() => storage.schedules.claimNotification(s.id, write.fire.dueOn)),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await storage.schedules.pendingNotifications([50], 100)).filter(mine)).toEqual([]);
    });

    test('prunes old log rows that owe nothing, keeping each schedule’s newest ones', async () => {
      let s = await created({ nextFireOn: new Date('2020-01-01T00:00:00.000Z') });
      const due: Date[] = [];
      for (let i = 0; i < 4; i++) {
        due.push(s.nextFireOn!);
        const write = fireOf(s, s.nextFireOn!);
        write.fire.notifyPending = i === 0;
        expect(await storage.schedules.fire(write)).toBe('fired');
        s = (await storage.schedules.get(s.workspaceId, s.id))!;
      }
      const before = new Date('2021-01-01T00:00:00.000Z');
      // The oldest still owes an e-mail; the newest two are kept.
      expect(await storage.schedules.pruneFires(before, 2, 1000)).toBe(1);
      const left = (await storage.schedules.fires(s.id, 0, null)).items.map((f) => f.dueOn);
      expect(left).toEqual([due[3], due[2], due[0]]);
      expect(await storage.schedules.pruneFires(before, 2, 1000)).toBe(0);
    });

    test('deletes a schedule with its log, and every schedule of a process', async () => {
      const s = await created();
      expect(await storage.schedules.fire(fireOf(s, s.nextFireOn!))).toBe('fired');
      expect(await storage.schedules.delete(workspaces[1]!, s.id)).toBe(false);
      expect(await storage.schedules.delete(s.workspaceId, s.id)).toBe(true);
      expect(await storage.schedules.get(s.workspaceId, s.id)).toBeNull();
      expect(await storage.schedules.hasFired(s.id, s.nextFireOn!)).toBe(false);
      expect(await storage.schedules.delete(s.workspaceId, s.id)).toBe(false);

      const target = newId();
      const a = await created({ processId: target });
      const b = await created({ processId: target });
      const removed = await storage.schedules.deleteOfProcess(workspaces[0]!, target);
      expect(removed.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
      expect(await storage.schedules.get(a.workspaceId, a.id)).toBeNull();
    });
  });
}
