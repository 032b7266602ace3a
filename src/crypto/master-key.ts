// Owns the master keys that wrap the workspace data keys: from SLUICE_MASTER_KEY (comma-separated,
// the first one wraps) or from the 0600 key file `master.key` in the data dir, one key per line.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KEY_BYTES } from './sealed-box.js';

export const MASTER_KEY_FILE = 'master.key';

export interface MasterKey {
  /** Derived from the key, so the same key has the same id on every node. */
  id: string;
  key: Buffer;
}

export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

export function masterKeyId(key: Buffer): string {
  return createHash('sha256')
    .update('sluice master key id\0')
    .update(key)
    .digest('base64url')
    .slice(0, 16);
}

export function toMasterKey(key: Buffer): MasterKey {
  if (key.length !== KEY_BYTES) throw new MasterKeyError('a master key is 32 bytes');
  return { id: masterKeyId(key), key };
}

export function newMasterKey(): MasterKey {
  return toMasterKey(randomBytes(KEY_BYTES));
}

/** Reads one base64 (or base64url) key; `source` names where it came from in the error. */
export function parseMasterKey(text: string, source: string): MasterKey {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, /[-_]/.test(trimmed) ? 'base64url' : 'base64');
  if (trimmed === '' || key.length !== KEY_BYTES)
    throw new MasterKeyError(`${source} must be 32 bytes in base64 (e.g. openssl rand -base64 32)`);
  return toMasterKey(key);
}

/** The keys a node knows: the first wraps new data keys, every one unwraps. */
export class MasterKeyRing {
  readonly primary: MasterKey;

  constructor(readonly keys: readonly MasterKey[]) {
    const [primary] = keys;
    if (!primary) throw new MasterKeyError('no master key');
    this.primary = primary;
  }

  find(id: string): MasterKey | undefined {
    return this.keys.find((k) => k.id === id);
  }
}

export interface MasterKeySettings {
  masterKey: string;
  dataDir: string;
}

/**
 * Where a node's master keys come from. `reload` re-reads the key file, which a rotation run by
 * another process rewrites while this one serves; with SLUICE_MASTER_KEY it changes nothing.
 */
export class MasterKeys {
  private current: MasterKeyRing;

  private constructor(
    readonly source: 'env' | 'file',
    readonly file: string | null,
    ring: MasterKeyRing,
  ) {
    this.current = ring;
  }

  static load(settings: MasterKeySettings): MasterKeys {
    if (settings.masterKey.trim() !== '') {
      const keys = settings.masterKey
        .split(',')
        .filter((k) => k.trim() !== '')
        .map((k) => parseMasterKey(k, 'SLUICE_MASTER_KEY'));
      return new MasterKeys('env', null, new MasterKeyRing(keys));
    }
    const file = path.join(settings.dataDir, MASTER_KEY_FILE);
    ensureKeyFile(file);
    return new MasterKeys('file', file, readKeyFile(file));
  }

  get ring(): MasterKeyRing {
    return this.current;
  }

  reload(): MasterKeyRing {
    if (this.file) this.current = readKeyFile(this.file);
    return this.current;
  }
}

export function readKeyFile(file: string): MasterKeyRing {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return new MasterKeyRing(lines.map((l) => parseMasterKey(l, file)));
}

/** Replaces the key file in one rename, so a reader sees the old or the new list, never half. */
export function writeKeyFile(file: string, keys: readonly MasterKey[]): void {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temp, keys.map((k) => `${k.key.toString('base64')}\n`).join(''), {
    flag: 'wx',
    mode: 0o600,
  });
  fs.renameSync(temp, file);
}

/**
 * Creates the key file at first start. The key is written to a private temporary file and linked
 * into place, so two nodes starting at once agree on one key and nobody reads a partial file.
 */
export function ensureKeyFile(file: string): void {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temp, `${newMasterKey().key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.unlinkSync(temp);
  }
}
