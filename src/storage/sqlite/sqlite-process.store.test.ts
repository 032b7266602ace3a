import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../domain/ids.js';
import { newProcess as process, userAndWorkspace } from '../storage.contract.js';
import { openStorage, type Storage } from '../storage.js';
import { WriteGeneration } from './write-generation.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('SQLite process summaries', () => {
  let dir: string;
  let here: Storage;
  let elsewhere: Storage;
  let workspaceId: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-summaries-'));
    const file = path.join(dir, 'shared.db');
    here = openStorage({ dialect: 'sqlite', file });
    await here.migrate();
    elsewhere = openStorage({ dialect: 'sqlite', file });
    const realm = await here.identity.ensureRealm({
      id: newId(),
      name: 'r',
      createdOn: new Date(),
    });
    const owner = userAndWorkspace(realm.id, 'owner');
    workspaceId = owner.personalWorkspace.id;
    await here.identity.createUser({ ...owner, passwordHash: 'h' });
  });

  afterAll(async () => {
    await here.close();
    await elsewhere.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sees a change made by this process at once and one made by another process in the next turn', async () => {
    const input = process(workspaceId, 'First');
    expect(await here.processes.create(input)).toBe(true);
    expect(await here.processes.summary(workspaceId, input.id)).toMatchObject({
      title: 'First',
      version: 1,
      active: true,
    });
    // Written through this storage: seen by the next read.
    await here.processes.setActive(workspaceId, input.id, false, input.change);
    expect((await here.processes.summary(workspaceId, input.id))?.active).toBe(false);
    await turn();
    // Written by another connection (another server process on the same file).
    await elsewhere.processes.save(workspaceId, input.id, {
      ...input,
      title: 'Second',
      active: true,
    });
    await turn();
    expect(await here.processes.summary(workspaceId, input.id)).toMatchObject({
      title: 'Second',
      version: 2,
      active: true,
    });
    await elsewhere.processes.delete(workspaceId, input.id);
    await turn();
    expect(await here.processes.summary(workspaceId, input.id)).toBeNull();
  });

  it('hands out copies: what a caller does to one does not reach the cache', async () => {
    const input = process(workspaceId, 'Busy');
    await here.processes.create(input);
    const first = await here.processes.summary(workspaceId, input.id);
    first!.title = 'changed by a caller';
    expect((await here.processes.summary(workspaceId, input.id))?.title).toBe('Busy');
  });
});

describe('WriteGeneration.affects', () => {
  it('leaves the cache alone for reads and for the run tables, empties it for anything else', () => {
    expect(WriteGeneration.affects('select "id" from "processes" where "id" = ?')).toBe(false);
    expect(WriteGeneration.affects('begin immediate')).toBe(false);
    expect(WriteGeneration.affects('insert into "instances" ("id") values (?)')).toBe(false);
    expect(WriteGeneration.affects('update "action_runs" set "status" = ?')).toBe(false);
    expect(WriteGeneration.affects('delete from "work_jobs" where "id" = ?')).toBe(false);
    expect(WriteGeneration.affects('update "processes" set "active" = ?')).toBe(true);
    expect(WriteGeneration.affects('delete from "workspaces" where "id" = ?')).toBe(true);
    expect(WriteGeneration.affects('insert into "process_versions" ("id") values (?)')).toBe(true);
    expect(
      WriteGeneration.affects('with "x" as (select 1) delete from "instances" where "id" = ?'),
    ).toBe(true);
    expect(WriteGeneration.affects('pragma foreign_keys = ON')).toBe(true);
  });
});
