import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../ports/clock.js';
import type { WorkspaceKeyStore, WrappedKey } from '../ports/workspace-key.store.js';
import { EnvelopeSecretBox } from './envelope.secret-box.js';
import { rotateMasterKey } from './key-rotation.js';
import {
  MASTER_KEY_FILE,
  MasterKeys,
  masterKeyId,
  readKeyFile,
  toMasterKey,
} from './master-key.js';
import { SealedBoxError } from './sealed-box.js';

/** The port's behaviour in memory, enough for the envelope and rotation logic. */
class MemoryKeyStore implements WorkspaceKeyStore {
  readonly rows = new Map<string, WrappedKey>();
  private find(workspaceId: string) {
    return [...this.rows.values()].find((r) => r.workspaceId === workspaceId) ?? null;
  }
  async get(workspaceId: string) {
    return this.find(workspaceId);
  }
  async insert(key: WrappedKey) {
    const existing = this.find(key.workspaceId);
    if (existing) return existing;
    this.rows.set(key.id, { ...key });
    return key;
  }
  async list() {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }
  async rewrap(id: string, expected: string, next: { masterKeyId: string; wrapped: string }) {
    const row = this.rows.get(id);
    if (!row || row.wrapped !== expected) return false;
    this.rows.set(id, { ...row, ...next });
    return true;
  }
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-envelope-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function box(store: WorkspaceKeyStore, settings: { masterKey: string; dataDir: string }) {
  return new EnvelopeSecretBox(store, MasterKeys.load(settings), systemClock);
}

describe('envelope secret box', () => {
  it('seals with a per-workspace data key, stored only wrapped, and opens again', async () => {
    const store = new MemoryKeyStore();
    const settings = { masterKey: '', dataDir: tempDir() };
    const secrets = box(store, settings);
    const a = await secrets.encrypt('ws-a', 'hunter2');
    const b = await secrets.encrypt('ws-b', 'hunter2');
    const rows = await store.list();
    expect(rows).toHaveLength(2);
    expect(a.split(':')[1]).toBe(rows.find((r) => r.workspaceId === 'ws-a')!.id);
    expect(b.split(':')[1]).toBe(rows.find((r) => r.workspaceId === 'ws-b')!.id);
    expect(JSON.stringify(rows)).not.toContain('hunter2');
    // A fresh node (nothing cached) opens it from the wrapped key.
    expect(await box(store, settings).decrypt('ws-a', a)).toBe('hunter2');
  });

  it('refuses a ciphertext of another workspace and a tampered one', async () => {
    const store = new MemoryKeyStore();
    const secrets = box(store, { masterKey: '', dataDir: tempDir() });
    const a = await secrets.encrypt('ws-a', 'hunter2');
    await secrets.encrypt('ws-b', 'other');
    await expect(secrets.decrypt('ws-b', a)).rejects.toThrow(SealedBoxError);
    const parts = a.split(':');
    parts[3] = Buffer.from('x' + parts[3]!, 'base64url').toString('base64url');
    await expect(secrets.decrypt('ws-a', parts.join(':'))).rejects.toThrow(SealedBoxError);
  });

  it('refuses a tampered wrapped key and a wrong master key', async () => {
    const store = new MemoryKeyStore();
    const masterKey = randomBytes(32).toString('base64');
    const sealed = await box(store, { masterKey, dataDir: tempDir() }).encrypt('ws', 's3cret');
    const wrong = box(store, { masterKey: randomBytes(32).toString('base64'), dataDir: tempDir() });
    await expect(wrong.decrypt('ws', sealed)).rejects.toThrow(SealedBoxError);
    const row = (await store.list())[0]!;
    const parts = row.wrapped.split(':');
    parts[3] = Buffer.from(parts[3]!, 'base64url').reverse().toString('base64url');
    store.rows.set(row.id, { ...row, wrapped: parts.join(':') });
    await expect(
      box(store, { masterKey, dataDir: tempDir() }).decrypt('ws', sealed),
    ).rejects.toThrow(SealedBoxError);
  });

  it('gives racing first secrets of one workspace one data key', async () => {
    const store = new MemoryKeyStore();
    const settings = { masterKey: '', dataDir: tempDir() };
    const [x, y] = await Promise.all([
      box(store, settings).encrypt('ws', 'one'),
      box(store, settings).encrypt('ws', 'two'),
    ]);
    expect(await store.list()).toHaveLength(1);
    const reader = box(store, settings);
    expect([await reader.decrypt('ws', x), await reader.decrypt('ws', y)]).toEqual(['one', 'two']);
  });
});

describe('master key rotation', () => {
  it('rewraps every data key under a new key file key; ciphertexts still open, old wrappings are gone', async () => {
    const store = new MemoryKeyStore();
    const settings = { masterKey: '', dataDir: tempDir() };
    const serving = box(store, settings);
    const sealed = await Promise.all(['a', 'b', 'c'].map((ws) => serving.encrypt(ws, `pw-${ws}`)));
    const before = await store.list();
    const oldId = readKeyFile(path.join(settings.dataDir, MASTER_KEY_FILE)).primary.id;

    const result = await rotateMasterKey(settings, store, systemClock, null);
    expect(result).toMatchObject({ source: 'file', rewrapped: 3, total: 3 });
    expect(result.masterKeyId).not.toBe(oldId);

    const ring = readKeyFile(path.join(settings.dataDir, MASTER_KEY_FILE));
    expect(ring.keys.map((k) => k.id)).toEqual([result.masterKeyId]);
    const after = await store.list();
    expect(after.every((r) => r.masterKeyId === result.masterKeyId)).toBe(true);
    for (const old of before) expect(after.map((r) => r.wrapped)).not.toContain(old.wrapped);
    // Same data keys: the ciphertexts are untouched and open on a fresh node.
    const fresh = box(store, settings);
    for (const [i, ws] of ['a', 'b', 'c'].entries())
      expect(await fresh.decrypt(ws, sealed[i]!)).toBe(`pw-${ws}`);
    // The node that served through the rotation still works and wraps new keys with the new key.
    await serving.encrypt('d', 'pw-d');
    expect((await store.get('d'))!.masterKeyId).toBe(result.masterKeyId);
  });

  it('with SLUICE_MASTER_KEY takes the new key from the caller and needs one', async () => {
    const store = new MemoryKeyStore();
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const settings = { masterKey: oldKey.toString('base64'), dataDir: tempDir() };
    const sealed = await box(store, settings).encrypt('ws', 'pw');
    await expect(rotateMasterKey(settings, store, systemClock, null)).rejects.toThrow(/--new-key/);
    const result = await rotateMasterKey(settings, store, systemClock, toMasterKey(newKey));
    expect(result).toMatchObject({ source: 'env', masterKeyId: masterKeyId(newKey), rewrapped: 1 });
    const next = { masterKey: newKey.toString('base64'), dataDir: settings.dataDir };
    expect(await box(store, next).decrypt('ws', sealed)).toBe('pw');
    await expect(box(store, settings).decrypt('ws', sealed)).rejects.toThrow(SealedBoxError);
  });
});
