// The test-run service over real SQLite storage and a real blob store: results, uploads and the
// files of a test are deleted an hour after they were last needed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionRegistry } from '../actions/catalogue.js';
import { CONCATENATE_IDS as CONCAT } from '../actions/strings/concatenate.action.js';
import { WorkspaceType, type Realm, type User, type Workspace } from '../domain/identity.js';
import { newId } from '../domain/ids.js';
import { LocalBlobStore } from '../files/local.blob-store.js';
import { EgressPolicy } from '../net/egress.js';
import { openStorage, type Storage } from '../storage/storage.js';
import { builtinResolver } from '../domain/data-types/builtin-models.js';
import { packageRuntime, WorkspaceCustomActions } from './action-catalogue.custom.js';
import { ActionCatalogueService } from './action-catalogue.service.js';
import { ActionServiceFactory } from './action-services.js';
import { ACTION_TEST_LIFETIME_MS, ActionTestRunService } from './action-test-run.service.js';
import type { Caller } from './process.service.js';

let dir: string;
let storage: Storage;
let blobs: LocalBlobStore;
let service: ActionTestRunService;
let caller: Caller;
let now = new Date('2026-06-01T08:00:00.000Z');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-action-tests-'));
  storage = openStorage({ dialect: 'sqlite', file: path.join(dir, 'db.sqlite') });
  await storage.migrate();
  blobs = new LocalBlobStore(path.join(dir, 'files'));
  const realm: Realm = { id: newId(), name: 'procesio01', createdOn: now };
  await storage.identity.ensureRealm(realm);
  const workspace: Workspace = {
    id: newId(),
    realmId: realm.id,
    name: 'Tests',
    type: WorkspaceType.Shared,
    ownerId: null,
    createdOn: now,
  };
  await storage.identity.createWorkspace(workspace, null);
  const user: User = {
    id: newId(),
    realmId: realm.id,
    userName: 'ada',
    email: null,
    firstName: null,
    lastName: null,
    createdOn: now,
  };
  caller = {
    principal: { kind: 'user', via: 'bearer', user, realm, loginId: newId() },
    workspace: { workspace, role: 'owner' },
  };
  const registry = createActionRegistry();
  const clock = { now: () => now };
  const custom = new WorkspaceCustomActions(storage.actions, packageRuntime, () => undefined);
  registry.useWorkspaceActions(custom);
  const factory = new ActionServiceFactory({
    credentials: { resolve: async () => null },
    instances: storage.instances,
    blobs,
    fileLimitBytes: 1024 * 1024,
    egress: EgressPolicy.allowing([]),
  });
  service = new ActionTestRunService({
    catalogue: new ActionCatalogueService({
      registry,
      store: storage.actions,
      custom,
      runtime: packageRuntime,
      clock,
    }),
    registry,
    store: storage.actions,
    blobs,
    services: (owner) => factory.for(owner),
    dataTypes: async () => builtinResolver(),
    clock,
    actionTimeoutMs: 5000,
    fileLimitBytes: 1024 * 1024,
    log: () => undefined,
  });
});

afterAll(async () => {
  await service.close();
  await storage.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function upload(testId: string, fileId: string): Promise<string> {
  const variableId = newId();
  await service.upload(caller, { testActionId: testId, variableId, fileId }, (store) =>
    store({
      filename: 'a.txt',
      mimeType: 'text/plain',
      content: Readable.from([Buffer.from('hi')]),
    }),
  );
  const [file] = await storage.actions.testFiles(caller.workspace.workspace.id, testId);
  return (file!.value as { path: string }).path;
}

async function finished(id: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const result = await service.result(caller, id);
    if (result.status !== 10) return result.status;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the test did not finish');
}

describe('ActionTestRunService clean-up', () => {
  it('deletes a test an hour after it ran, with the files uploaded for it', async () => {
    const testId = newId();
    const uploaded = await upload(testId, 'report');
    const { id } = await service.start(caller, {
      gid: testId,
      action: {
        gtid: CONCAT.Template,
        parameters: [
          { tabPropertyId: CONCAT.First, value: 'a', variable: [] },
          { tabPropertyId: CONCAT.Second, value: 'b', variable: [] },
        ],
      },
    });
    expect(await finished(id)).toBe(40);

    now = new Date(now.getTime() + ACTION_TEST_LIFETIME_MS - 1000);
    expect(await service.purgeExpired(now)).toBe(0);
    expect(await blobs.exists(uploaded)).toBe(true);

    now = new Date(now.getTime() + 2000);
    expect((await service.purgeExpired(now)) >= 1).toBe(true);
    expect(await blobs.exists(uploaded)).toBe(false);
    await expect(service.result(caller, id)).rejects.toMatchObject({ http: 404 });
    expect(await storage.actions.testFiles(caller.workspace.workspace.id, testId)).toEqual([]);
  });

  it('deletes an upload no test used an hour after it arrived', async () => {
    const testId = newId();
    const uploaded = await upload(testId, 'orphan');
    now = new Date(now.getTime() + ACTION_TEST_LIFETIME_MS + 1000);
    await service.purgeExpired(now);
    expect(await blobs.exists(uploaded)).toBe(false);
    expect(await storage.actions.testFiles(caller.workspace.workspace.id, testId)).toEqual([]);
  });
});
