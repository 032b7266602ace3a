// Owns PROCESIO's case rules for input (API.md §0.2): DTO property names and query names match
// their schema case-insensitively at every depth; query booleans are true/false in any case.
// Free-form data (objects whose schema names no properties) is left verbatim.
import { invalidInput } from '../../errors/catalogue.js';

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema | Schema[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
  );
}

/** Every property schema an object value may be checked against, merged across unions. */
function objectProperties(schema: Schema): Record<string, Schema> | null {
  const merged: Record<string, Schema> = {};
  let any = false;
  const visit = (s: Schema) => {
    if (s.properties) {
      any = true;
      Object.assign(merged, s.properties);
    }
    for (const variant of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])])
      visit(variant);
  };
  visit(schema);
  return any ? merged : null;
}

function itemSchema(schema: Schema): Schema | null {
  if (schema.items && !Array.isArray(schema.items)) return schema.items;
  for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const found = itemSchema(variant);
    if (found) return found;
  }
  return null;
}

function acceptsBoolean(schema: Schema): boolean {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return (
    types.includes('boolean') ||
    [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].some(acceptsBoolean)
  );
}

/**
 * Returns the value with property names rewritten to the schema's spelling. Two properties of
 * one object that differ only in case are refused with 400.
 */
export function normalizeKeys(
  jsonSchema: object | undefined,
  value: unknown,
  path = '',
  options: { booleanStrings?: boolean } = {},
): unknown {
  const schema = jsonSchema as Schema | undefined;
  if (!schema) return value;
  if (Array.isArray(value)) {
    const items = itemSchema(schema);
    return items ? value.map((v, i) => normalizeKeys(items, v, `${path}[${i}]`, options)) : value;
  }
  if (typeof value === 'string' && options.booleanStrings && acceptsBoolean(schema)) {
    const lower = value.toLowerCase();
    return lower === 'true' || lower === 'false' ? lower : value;
  }
  if (!isPlainObject(value)) return value;
  const properties = objectProperties(schema);
  if (!properties) return value;
  const canonical = new Map<string, string>();
  for (const name of Object.keys(properties)) canonical.set(name.toLowerCase(), name);
  const out: Record<string, unknown> = {};
  const seen = new Map<string, string>();
  for (const [key, v] of Object.entries(value)) {
    const lower = key.toLowerCase();
    const previous = seen.get(lower);
    if (previous !== undefined) {
      const at = path ? `${path}.${key}` : key;
      throw invalidInput([
        { target: at, value: `Properties "${previous}" and "${key}" differ only in case.` },
      ]);
    }
    seen.set(lower, key);
    const name = canonical.get(lower) ?? key;
    const childSchema = properties[name];
    out[name] = childSchema
      ? normalizeKeys(childSchema, v, path ? `${path}.${name}` : name, options)
      : v;
  }
  return out;
}
