// Owns identifier rules: every entity id is a lower-case GUID; incoming GUIDs match in any case.
import { randomUUID } from 'node:crypto';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function newId(): string {
  return randomUUID();
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Lower-cases a GUID for storage and comparison; returns null when the text is not a GUID. */
export function normalizeGuid(value: string): string | null {
  const trimmed = value.trim();
  return GUID.test(trimmed) ? trimmed.toLowerCase() : null;
}
