// Owns reading free-form JSON inside a flow (parameter values, port data): PROCESIO writes the
// same keys in camelCase on the wire and PascalCase in bundles, so names match in any case.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property by name: the exact spelling first, else the first key equal in any case. */
export function getProperty(record: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === lower) return record[key];
  return undefined;
}

/** GUIDs compare case-insensitively; the plan indexes them in lower case. */
export function lowerGuid(id: string): string {
  return id.trim().toLowerCase();
}

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
