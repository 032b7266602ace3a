// Owns envelope encryption of secrets: each workspace has an AES-256 data key, stored only wrapped
// by a master key; secrets are sealed with the data key (sealed-box.ts), which stays in memory.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../ports/clock.js';
import type { SecretBox } from '../ports/secret-box.js';
import type { WorkspaceKeyStore, WrappedKey } from '../ports/workspace-key.store.js';
import type { MasterKey, MasterKeyRing, MasterKeys } from './master-key.js';
import { KEY_BYTES, SealedBoxError, open, seal, sealedKeyId } from './sealed-box.js';

interface DataKey {
  id: string;
  key: Buffer;
}

/** What a data key's wrapping is bound to: its workspace and its own id. */
export function wrapContext(workspaceId: string, dataKeyId: string): string {
  return `workspace-key:${workspaceId}:${dataKeyId}`;
}

export function wrapDataKey(master: MasterKey, workspaceId: string, id: string, key: Buffer) {
  return seal(master.key, master.id, key, wrapContext(workspaceId, id));
}

/** Opens a wrapped data key with whichever master key of the ring wrapped it. */
export function unwrapDataKey(ring: MasterKeyRing, row: WrappedKey): Buffer | null {
  const master = ring.find(row.masterKeyId);
  return master ? open(master.key, row.wrapped, wrapContext(row.workspaceId, row.id)) : null;
}

export class EnvelopeSecretBox implements SecretBox {
  private readonly keys = new Map<string, Promise<DataKey | null>>();

  constructor(
    private readonly store: WorkspaceKeyStore,
    private readonly masters: MasterKeys,
    private readonly clock: Clock,
  ) {}

  async encrypt(workspaceId: string, plaintext: string): Promise<string> {
    const dataKey = (await this.dataKey(workspaceId)) ?? (await this.create(workspaceId));
    return seal(dataKey.key, dataKey.id, Buffer.from(plaintext, 'utf8'), workspaceId);
  }

  async decrypt(workspaceId: string, ciphertext: string): Promise<string> {
    const keyId = sealedKeyId(ciphertext);
    const dataKey = await this.dataKey(workspaceId);
    if (!dataKey || dataKey.id !== keyId)
      throw new SealedBoxError('the value was not sealed with this workspace’s key');
    return open(dataKey.key, ciphertext, workspaceId).toString('utf8');
  }

  /** The workspace's data key, unwrapped once and then kept in memory; null when it has none. */
  private dataKey(workspaceId: string): Promise<DataKey | null> {
    let pending = this.keys.get(workspaceId);
    if (!pending) {
      pending = this.load(workspaceId);
      this.keys.set(workspaceId, pending);
      // A miss or a failure is not remembered: the key may be created or the key file fixed.
      pending.then(
        (key) => (key ? undefined : this.keys.delete(workspaceId)),
        () => this.keys.delete(workspaceId),
      );
    }
    return pending;
  }

  private async load(workspaceId: string): Promise<DataKey | null> {
    const row = await this.store.get(workspaceId);
    return row ? this.unwrap(row) : null;
  }

  private unwrap(row: WrappedKey): DataKey {
    // A rotation run by another process may have rewrapped it with a key this node has not read.
    const key = unwrapDataKey(this.masters.ring, row) ?? unwrapDataKey(this.masters.reload(), row);
    if (!key) throw new SealedBoxError(`master key ${row.masterKeyId} is not configured`);
    return { id: row.id, key };
  }

  private async create(workspaceId: string): Promise<DataKey> {
    const id = randomBytes(12).toString('base64url');
    const key = randomBytes(KEY_BYTES);
    // Re-read the key file first, so a key created during a rotation is wrapped with the new one.
    const master = this.masters.reload().primary;
    const at = this.clock.now();
    const stored = await this.store.insert({
      id,
      workspaceId,
      masterKeyId: master.id,
      wrapped: wrapDataKey(master, workspaceId, id, key),
      createdOn: at,
      updatedOn: at,
    });
    const dataKey = stored.id === id ? { id, key } : this.unwrap(stored);
    this.keys.set(workspaceId, Promise.resolve(dataKey));
    return dataKey;
  }
}
