// Owns `sluice keys rotate`: a new master key re-wraps every workspace data key in place, while
// nodes keep serving; ciphertexts never change because the data keys themselves stay the same.
import type { Clock } from '../ports/clock.js';
import type { WorkspaceKeyStore, WrappedKey } from '../ports/workspace-key.store.js';
import { unwrapDataKey, wrapDataKey } from './envelope.secret-box.js';
import {
  MasterKeyError,
  MasterKeyRing,
  MasterKeys,
  newMasterKey,
  readKeyFile,
  writeKeyFile,
  type MasterKey,
  type MasterKeySettings,
} from './master-key.js';

export interface RotationResult {
  source: 'env' | 'file';
  /** Id of the master key every data key is wrapped with now. */
  masterKeyId: string;
  /** Data keys rewrapped. */
  rewrapped: number;
  total: number;
}

/**
 * Rewraps every data key not yet wrapped by `to`, repeating until none is left, so keys created or
 * rewrapped concurrently are caught too. Each rewrap is a compare-and-set of one row.
 */
export async function rewrapAll(
  store: WorkspaceKeyStore,
  from: MasterKeyRing,
  to: MasterKey,
  clock: Clock,
): Promise<{ rewrapped: number; total: number }> {
  const ring = new MasterKeyRing([to, ...from.keys.filter((k) => k.id !== to.id)]);
  let rewrapped = 0;
  for (let pass = 0; pass < 10; pass++) {
    const rows = await store.list();
    const stale = rows.filter((r) => r.masterKeyId !== to.id);
    if (stale.length === 0) return { rewrapped, total: rows.length };
    for (const row of stale) if (await rewrapOne(store, ring, to, row, clock)) rewrapped++;
  }
  throw new MasterKeyError('data keys kept changing during the rotation; run it again');
}

async function rewrapOne(
  store: WorkspaceKeyStore,
  ring: MasterKeyRing,
  to: MasterKey,
  row: WrappedKey,
  clock: Clock,
): Promise<boolean> {
  const key = unwrapDataKey(ring, row);
  if (!key)
    throw new MasterKeyError(
      `the data key of workspace ${row.workspaceId} is wrapped with master key ${row.masterKeyId}, which is not configured`,
    );
  return store.rewrap(row.id, row.wrapped, {
    masterKeyId: to.id,
    wrapped: wrapDataKey(to, row.workspaceId, row.id, key),
    at: clock.now(),
  });
}

/**
 * Rotates the master key.
 * - Key file: a new key is generated and listed first in the file (nodes that re-read it can
 *   unwrap with either), every data key is rewrapped, then the file keeps only the new key and a
 *   last pass catches keys a node wrapped with the old one meanwhile.
 * - SLUICE_MASTER_KEY: the new key comes from the caller (`--new-key` or SLUICE_NEW_MASTER_KEY);
 *   the operator then sets SLUICE_MASTER_KEY to it.
 */
export async function rotateMasterKey(
  settings: MasterKeySettings,
  store: WorkspaceKeyStore,
  clock: Clock,
  newKey: MasterKey | null,
): Promise<RotationResult> {
  const masters = MasterKeys.load(settings);
  if (masters.source === 'env') {
    if (!newKey)
      throw new MasterKeyError(
        'SLUICE_MASTER_KEY is set: give the new key with --new-key or SLUICE_NEW_MASTER_KEY',
      );
    const result = await rewrapAll(store, masters.ring, newKey, clock);
    return { source: 'env', masterKeyId: newKey.id, ...result };
  }
  const file = masters.file!;
  const old = readKeyFile(file);
  const next = newKey ?? newMasterKey();
  if (next.id === old.primary.id) throw new MasterKeyError('the new master key is the one in use');
  writeKeyFile(file, [next, ...old.keys.filter((k) => k.id !== next.id)]);
  const first = await rewrapAll(store, old, next, clock);
  writeKeyFile(file, [next]);
  const last = await rewrapAll(store, old, next, clock);
  return {
    source: 'file',
    masterKeyId: next.id,
    rewrapped: first.rewrapped + last.rewrapped,
    total: last.total,
  };
}
