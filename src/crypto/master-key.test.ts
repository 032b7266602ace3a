import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MASTER_KEY_FILE,
  MasterKeyError,
  MasterKeys,
  ensureKeyFile,
  masterKeyId,
  parseMasterKey,
} from './master-key.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-keys-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('master keys', () => {
  it('creates master.key with mode 0600 at first start and reuses it afterwards', () => {
    const dataDir = tempDir();
    const first = MasterKeys.load({ masterKey: '', dataDir });
    const file = path.join(dataDir, MASTER_KEY_FILE);
    expect(first.source).toBe('file');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(MasterKeys.load({ masterKey: '', dataDir }).ring.primary.id).toBe(first.ring.primary.id);
    expect(fs.readdirSync(dataDir)).toEqual([MASTER_KEY_FILE]);
  });

  it('keeps the first key when the file is created twice', () => {
    const file = path.join(tempDir(), MASTER_KEY_FILE);
    ensureKeyFile(file);
    const before = fs.readFileSync(file, 'utf8');
    ensureKeyFile(file);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('reads SLUICE_MASTER_KEY as base64, the first of a list wrapping', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const keys = MasterKeys.load({
      masterKey: `${a.toString('base64')},${b.toString('base64url')}`,
      dataDir: tempDir(),
    });
    expect(keys.source).toBe('env');
    expect(keys.ring.primary.id).toBe(masterKeyId(a));
    expect(keys.ring.find(masterKeyId(b))?.key.equals(b)).toBe(true);
    expect(fs.readdirSync(dirs[0]!)).toEqual([]);
  });

  it('refuses a key that is not 32 bytes of base64', () => {
    for (const bad of ['short', randomBytes(16).toString('base64'), ' '])
      expect(() => parseMasterKey(bad, 'SLUICE_MASTER_KEY')).toThrow(MasterKeyError);
  });
});
