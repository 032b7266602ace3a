import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataTypeIds } from '../domain/data-types/types.js';
import { newId } from '../domain/ids.js';
import { SluiceError } from '../errors/catalogue.js';
import { LocalBlobStore } from '../files/local.blob-store.js';
import type { ExecutablePlan, PlanVariable } from '../flow/plan.js';
import type { InstanceRecord, InstanceStore } from '../ports/instance.store.js';
import { FileService, type FileValue } from './file.service.js';
import type { InstanceService } from './instance.service.js';

const caller = { workspaceId: 'w1', userId: 'u1' };
const tick = () => new Promise((r) => setTimeout(r, 5));

/** An instance store whose reads and writes take a while, so concurrent uploads interleave. */
function slowStore(instance: InstanceRecord) {
  let current = structuredClone(instance);
  const store = {
    async get(id: string) {
      await tick();
      return id === current.id ? structuredClone(current) : null;
    },
    async updateVariables(
      id: string,
      expected: Record<string, unknown>,
      variables: Record<string, unknown>,
    ) {
      await tick();
      const same = JSON.stringify(expected) === JSON.stringify(current.variables);
      if (id !== current.id || current.status !== 1 || !same) return false;
      current = { ...current, variables: structuredClone(variables) };
      return true;
    },
  };
  return {
    store: store as unknown as InstanceStore,
    read: () => current,
    launch: () => (current = { ...current, status: 15 }),
  };
}

describe('file service', () => {
  let dir: string;
  let blobs: LocalBlobStore;
  const variable: PlanVariable = {
    id: newId(),
    name: 'docs',
    type: { dataTypeId: DataTypeIds.File, isList: true } as PlanVariable['type'],
    orientation: 10,
    isRequired: true,
    isError: false,
    defaultValue: null,
  };
  const plan = {
    variables: new Map([[variable.id, variable]]),
    variablesByName: new Map([['docs', variable]]),
  } as unknown as ExecutablePlan;

  function setup(fileIds: string[]) {
    const instance = {
      id: newId(),
      workspaceId: caller.workspaceId,
      processId: newId(),
      status: 1,
      variables: {
        [variable.id]: fileIds.map((id) => ({
          name: `${id}.txt`,
          id,
          path: '',
          size: 0,
          mimeType: '',
          hash: '',
        })),
      },
    } as unknown as InstanceRecord;
    const fake = slowStore(instance);
    const instances = {
      get: async () => fake.read(),
      planOf: async () => plan,
    } as unknown as InstanceService;
    const service = new FileService({ instances, store: fake.store, blobs, fileLimitBytes: 1000 });
    const upload = async (fileId: string, text: string) =>
      service.storeFlowUpload(
        await service.prepareFlowUpload(caller, {
          instanceId: instance.id,
          variableName: 'DOCS',
          fileId,
        }),
        { filename: '', mimeType: 'text/plain', content: Readable.from([Buffer.from(text)]) },
      );
    return { instance, fake, service, upload };
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-files-'));
    blobs = new LocalBlobStore(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records every one of many concurrent uploads to one instance', async () => {
    const ids = Array.from({ length: 8 }, () => newId());
    const { fake, upload } = setup(ids);
    await Promise.all(ids.map((id) => upload(id, `bytes of ${id}`)));
    const files = fake.read().variables[variable.id] as FileValue[];
    expect(files.map((f) => f.id)).toEqual(ids);
    for (const f of files) {
      expect(f).toMatchObject({ name: `${f.id}.txt`, size: `bytes of ${f.id}`.length });
      expect(await blobs.exists(f.path)).toBe(true);
    }
  });

  it('removes the bytes of a first upload it could not record, and keeps a replaced one', async () => {
    const [first, second] = [newId(), newId()];
    const { fake, service } = setup([first!, second!]);
    const target = (fileId: string) =>
      service.prepareFlowUpload(caller, {
        instanceId: fake.read().id,
        variableName: 'docs',
        fileId,
      });
    const stored = await target(second!);
    await service.storeFlowUpload(stored, {
      filename: 'b.txt',
      mimeType: 'text/plain',
      content: Readable.from([Buffer.from('kept')]),
    });
    const pending = [await target(first!), await target(second!)];
    fake.launch();
    for (const t of pending) {
      await expect(
        service.storeFlowUpload(t, {
          filename: 'late.txt',
          mimeType: 'text/plain',
          content: Readable.from([Buffer.from('late')]),
        }),
      ).rejects.toSatisfy((e: unknown) => e instanceof SluiceError && e.http === 400);
    }
    expect(await blobs.exists(pending[0]!.path)).toBe(false);
    expect(await blobs.exists(pending[1]!.path)).toBe(true);
  });
});
