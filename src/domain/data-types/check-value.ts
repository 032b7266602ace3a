// Owns payload values (API.md §6.2): whether a JSON value fits a declared type, the conversions
// a payload may rely on (numeric strings, "true"/"false", dates), and empty values (§3.1.1).
import { normalizeGuid } from '../ids.js';
import { DataTypeIds, PRIMITIVES } from './types.js';
import type { DataModelDefinition, DataTypeResolver, TypeRef } from './types.js';

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One reason a value does not fit; `path` is `name`, `name.attribute` or `name[2].street`. */
export interface ValueProblem {
  path: string;
  message: string;
}

export type CheckResult = { ok: true; value: unknown } | { ok: false; errors: ValueProblem[] };

/**
 * Model values nest only as deep as their models do; the bound keeps a cyclic model definition
 * fed with a deeply nested payload from exhausting the stack.
 */
const MAX_DEPTH = 64;

const MAX_SHOWN_TEXT = 40;

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

const DESIGNER_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const DATE_TIME_EXPECTED = 'DateTime (ISO-8601 or dd/MM/yyyy HH:mm:ss)';

const INTEGER_EXPECTED = `Integer (a whole number within ±${Number.MAX_SAFE_INTEGER})`;

interface Context {
  resolver: DataTypeResolver;
  errors: ValueProblem[];
}

/**
 * Checks `value` against `type` and returns it converted to its canonical form: numbers for
 * numeric strings, booleans for "true"/"false", text for numbers and booleans given for a String,
 * ISO-8601 UTC for dates, lower-case GUIDs, model attributes under the model's spelling. Every
 * problem in the value is reported, not only the first. `null`/`undefined` fit any type; whether
 * a value is required is decided by the caller. `path` prefixes every reported path (usually the
 * variable name).
 */
export function checkValue(
  type: TypeRef,
  value: unknown,
  resolver: DataTypeResolver,
  path = '',
): CheckResult {
  const context: Context = { resolver, errors: [] };
  const checked = check(type, value, context, path, 0);
  return context.errors.length === 0
    ? { ok: true, value: checked }
    : { ok: false, errors: context.errors };
}

/**
 * The value a payload template shows for a type (§3.1.1): `""`, `0`, `false`, `{"name": ""}` for
 * File, `{}` for objects and models, `[]` for any list; `null` for a type nobody knows. A fresh
 * value on every call.
 */
export function emptyValue(type: TypeRef, resolver: DataTypeResolver): JsonValue {
  if (type.isList) return [];
  switch (type.dataTypeId.toLowerCase()) {
    case DataTypeIds.String:
    case DataTypeIds.DateTime:
    case DataTypeIds.Guid:
      return '';
    case DataTypeIds.Integer:
    case DataTypeIds.Float:
    case DataTypeIds.Double:
      return 0;
    case DataTypeIds.Boolean:
      return false;
    case DataTypeIds.File:
      return { name: '' };
    case DataTypeIds.Json:
    case DataTypeIds.Object:
      return {};
    default:
      return resolver.model(type.dataTypeId.toLowerCase()) === undefined ? null : {};
  }
}

function check(
  type: TypeRef,
  value: unknown,
  context: Context,
  path: string,
  depth: number,
): unknown {
  if (value === null || value === undefined) return value;
  if (depth > MAX_DEPTH) {
    context.errors.push({ path, message: `value nests deeper than ${MAX_DEPTH} levels` });
    return value;
  }
  if (!type.isList) return checkSingle(type.dataTypeId, value, context, path, depth);
  if (!Array.isArray(value)) {
    return fail(context, path, value, `a list of ${typeName(type.dataTypeId, context.resolver)}`);
  }
  const element: TypeRef = { dataTypeId: type.dataTypeId, isList: false };
  const items: unknown[] = [];
  for (let index = 0; index < value.length; index += 1) {
    items.push(check(element, value[index], context, `${path}[${index}]`, depth + 1));
  }
  return items;
}

function checkSingle(
  dataTypeId: string,
  value: unknown,
  context: Context,
  path: string,
  depth: number,
): unknown {
  switch (dataTypeId.toLowerCase()) {
    case DataTypeIds.Boolean:
      return toBoolean(value) ?? fail(context, path, value, 'Boolean');
    case DataTypeIds.Integer: {
      const number = toNumber(value);
      return number !== undefined && Number.isSafeInteger(number)
        ? number
        : fail(context, path, value, INTEGER_EXPECTED);
    }
    case DataTypeIds.Float:
    case DataTypeIds.Double:
      return toNumber(value) ?? fail(context, path, value, typeName(dataTypeId, context.resolver));
    case DataTypeIds.String:
      return toText(value) ?? fail(context, path, value, 'String');
    case DataTypeIds.DateTime:
      return toIsoDateTime(value) ?? fail(context, path, value, DATE_TIME_EXPECTED);
    case DataTypeIds.Guid:
      return (
        (typeof value === 'string' ? normalizeGuid(value) : null) ??
        fail(context, path, value, 'Guid')
      );
    case DataTypeIds.Json:
      return checkJson(value, context, path, 'Json');
    case DataTypeIds.Object:
      return isPlainObject(value)
        ? checkJson(value, context, path, 'Object')
        : fail(context, path, value, 'Object (a JSON object)');
    default: {
      const model = context.resolver.model(dataTypeId.toLowerCase());
      if (model === undefined) {
        context.errors.push({ path, message: `unknown data type ${dataTypeId}` });
        return value;
      }
      return checkModel(model, value, context, path, depth);
    }
  }
}

function checkModel(
  model: DataModelDefinition,
  value: unknown,
  context: Context,
  path: string,
  depth: number,
): unknown {
  if (!isPlainObject(value)) return fail(context, path, value, `${model.displayName} (an object)`);
  const byName = new Map(model.attributes.map((a) => [a.name.toLowerCase(), a]));
  const givenAs = new Map<string, string>();
  const entries: [string, unknown][] = [];
  for (const [key, raw] of Object.entries(value)) {
    const attribute = byName.get(key.toLowerCase());
    if (attribute === undefined) {
      entries.push([key, raw]);
      continue;
    }
    const attributePath = joinPath(path, attribute.name);
    const earlier = givenAs.get(attribute.name);
    if (earlier !== undefined) {
      // Two spellings of one attribute leave no way to tell which value the sender meant.
      context.errors.push({
        path: attributePath,
        message: `attribute given twice, as "${earlier}" and as "${key}"`,
      });
      continue;
    }
    givenAs.set(attribute.name, key);
    const type: TypeRef = { dataTypeId: attribute.dataTypeId, isList: attribute.isList };
    entries.push([attribute.name, check(type, raw, context, attributePath, depth + 1)]);
  }
  // fromEntries defines own properties, so a "__proto__" key stays data instead of a prototype.
  return Object.fromEntries(entries);
}

function checkJson(value: unknown, context: Context, path: string, expected: string): unknown {
  const problem = findNonJson(value, path);
  if (problem === undefined) return value;
  const got = problem.cyclic ? 'a cyclic reference' : describe(problem.value);
  context.errors.push({
    path: problem.at,
    message: `expected ${expected} (JSON data), got ${got}`,
  });
  return value;
}

/**
 * The first part of `root` that JSON cannot carry (undefined, NaN, functions, class instances,
 * cycles). Iterative, because parsed JSON may nest deeper than the call stack allows.
 */
function findNonJson(
  root: unknown,
  rootPath: string,
): { at: string; value: unknown; cyclic: boolean } | undefined {
  const ancestors = new Set<object>();
  const stack: ({ at: string; value: unknown } | { leave: object })[] = [
    { at: rootPath, value: root },
  ];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if ('leave' in item) {
      ancestors.delete(item.leave);
      continue;
    }
    const { at, value } = item;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number' && Number.isFinite(value)) continue;
    if (typeof value !== 'object' || !(Array.isArray(value) || isPlainObject(value))) {
      return { at, value, cyclic: false };
    }
    if (ancestors.has(value)) return { at, value, cyclic: true };
    ancestors.add(value);
    stack.push({ leave: value });
    const children: [string, unknown][] = Array.isArray(value)
      ? value.map((child, index) => [`${at}[${index}]`, child])
      : Object.entries(value).map(([key, child]) => [joinPath(at, key), child]);
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const [childAt, child] = children[index]!;
      stack.push({ at: childAt, value: child });
    }
  }
  return undefined;
}

function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return undefined;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!DECIMAL.test(text)) return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** ISO-8601 (no offset = UTC) or the designer's dd/MM/yyyy HH:mm:ss (UTC), as ISO-8601 UTC. */
function toIsoDateTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const iso = ISO_DATE_TIME.exec(text);
  if (iso !== null) {
    const [, year, month, day, hour, minute, second, fraction, offset] = iso;
    const millis = utcMillis(
      Number(year),
      Number(month),
      Number(day),
      Number(hour ?? 0),
      Number(minute ?? 0),
      Number(second ?? 0),
      Number((fraction ?? '').padEnd(3, '0').slice(0, 3)),
    );
    const shift = offsetMinutes(offset);
    if (millis === undefined || shift === undefined) return undefined;
    return new Date(millis - shift * 60_000).toISOString();
  }
  const designer = DESIGNER_DATE_TIME.exec(text);
  if (designer !== null) {
    const [, day, month, year, hour, minute, second] = designer;
    const millis = utcMillis(
      Number(year),
      Number(month),
      Number(day),
      Number(hour ?? 0),
      Number(minute ?? 0),
      Number(second ?? 0),
      0,
    );
    return millis === undefined ? undefined : new Date(millis).toISOString();
  }
  return undefined;
}

function offsetMinutes(offset: string | undefined): number | undefined {
  if (offset === undefined || offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function utcMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number | undefined {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (monthDays === undefined || day < 1 || day > monthDays) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // setUTCFullYear, unlike Date.UTC, does not move years 0–99 into the 1900s.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);
  return date.getTime();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function typeName(dataTypeId: string, resolver: DataTypeResolver): string {
  const id = dataTypeId.toLowerCase();
  return PRIMITIVES.find((p) => p.id === id)?.name ?? resolver.model(id)?.displayName ?? dataTypeId;
}

function joinPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function fail(context: Context, path: string, value: unknown, expected: string): unknown {
  context.errors.push({ path, message: `expected ${expected}, got ${describe(value)}` });
  return value;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > MAX_SHOWN_TEXT ? `${value.slice(0, MAX_SHOWN_TEXT)}…` : value;
      return `string ${JSON.stringify(shown)}`;
    }
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
