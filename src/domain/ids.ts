// Owns identifier rules: every entity id is a lower-case GUID; incoming GUIDs match in any case.
import { randomFillSync, randomUUID } from 'node:crypto';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function newId(): string {
  return randomUUID();
}

/** Random bytes for time-ordered ids, filled in bulk: one fill per call costs more than the id. */
const POOL = Buffer.alloc(10 * 256);
let poolOffset = POOL.length;

/**
 * A GUID that sorts by creation time (RFC 9562 version 7: milliseconds since 1970, then random
 * bits), for rows written at a high rate: new keys land at the end of the primary key's index
 * instead of on random pages, so a write touches few pages.
 */
export function newTimeOrderedId(now = Date.now()): string {
  if (poolOffset === POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  const at = poolOffset;
  poolOffset += 10;
  const time = now.toString(16).padStart(12, '0');
  const hex = POOL.toString('hex', at, at + 10);
  const variant = ((POOL[at + 2]! & 0x3f) | 0x80).toString(16);
  return (
    `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex.slice(0, 3)}-` +
    `${variant}${hex.slice(6, 8)}-${hex.slice(8, 20)}`
  );
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Lower-cases a GUID for storage and comparison; returns null when the text is not a GUID. */
export function normalizeGuid(value: string): string | null {
  const trimmed = value.trim();
  return GUID.test(trimmed) ? trimmed.toLowerCase() : null;
}
