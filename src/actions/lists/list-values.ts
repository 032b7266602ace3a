// Owns how the list actions read, compare and order the values in lists: one equality (used by
// Contains, Get Index, Remove, Difference, Intersection, Mode, exact de-duplication) and one
// ordering (Sort, First/Last N, Sort Data Model), so every list action agrees on what "the same"
// and "before" mean. Also the settings the list actions declare.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { renderText } from '../../flow/placeholders.js';
import { SettingDirections, type TemplateSetting } from '../../flow/template-catalog.js';
import { invalidInput, readNumber, readOption, type Inputs } from '../inputs.js';
import { setting, type SettingOptions } from '../template-builders.js';

const { Input, InputOutput, Output } = SettingDirections;
export const OBJECT = DataTypeIds.Object;

interface DeclaredOptions extends SettingOptions {
  type?: string;
}

/** A required list input of any element type; `type` is the control PROCESIO draws. */
export function listInput(id: string, name: string, options: DeclaredOptions = {}) {
  const { type = 'text', ...rest } = options;
  return setting(id, name, type, Input, OBJECT, { isList: true, isRequired: true, ...rest });
}

/** A list the action reads and writes back to the same variable (direction 2). */
export function listInOut(id: string, name: string, type = 'text') {
  return setting(id, name, type, InputOutput, OBJECT, { isList: true, isRequired: true });
}

/** A required single input of any type. */
export function valueInput(id: string, name: string, dataTypeId: string = OBJECT) {
  return setting(id, name, 'text', Input, dataTypeId, { isRequired: true });
}

export function integerInput(id: string, name: string, type = 'number') {
  return setting(id, name, type, Input, DataTypeIds.Integer, { isRequired: true });
}

/** The variable an action writes to; required unless told otherwise. */
export function output(
  id: string,
  name: string,
  dataTypeId: string = OBJECT,
  options: DeclaredOptions = {},
): TemplateSetting {
  const { type = 'datatype', ...rest } = options;
  return setting(id, name, type, Output, dataTypeId, { isRequired: true, ...rest });
}

/**
 * A value that may be anything, null included: only an input the flow never gave fails (when
 * required). Text stays text: "5" is not turned into 5, the comparison rules below bridge them.
 */
export function readValue(inputs: Inputs, setting: TemplateSetting): unknown {
  const value = inputs[setting.id];
  if (value !== undefined) return value;
  if (setting.isRequired) throw invalidInput(setting, 'is required.');
  return null;
}

/** A count that may not be negative. */
export function readCount(inputs: Inputs, setting: TemplateSetting): number {
  const count = readNumber(inputs, setting);
  if (count < 0) throw invalidInput(setting, `must not be negative; got ${count}.`);
  return count;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a value stands for: a number, or text that is a plain decimal. */
export function numericValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return Number(value.trim());
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether two values are the same element. Lists and objects compare structurally (key order
 * does not matter); text, numbers and booleans compare by how they read, so the text "5" typed
 * in a designer box is the number 5 of a list, and "true" is true. Null equals only null.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined)
    return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(item, b[i]));
  }
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
  }
  const x = numericValue(a);
  const y = numericValue(b);
  if (x !== null && y !== null) return x === y;
  return renderText(a) === renderText(b);
}

/** The position of the first element that is the same as `value`, or -1. */
export function indexOfValue(list: readonly unknown[], value: unknown): number {
  return list.findIndex((item) => sameValue(item, value));
}

/** The elements of `list` without repeats, first occurrences kept in order. */
export function distinct(list: readonly unknown[]): unknown[] {
  const kept: unknown[] = [];
  for (const item of list) if (indexOfValue(kept, item) === -1) kept.push(item);
  return kept;
}

// Made at the first comparison of two texts: a Collator loads ICU's collation data (megabytes of
// memory), which a server that never sorts text need not hold.
let collator: Intl.Collator | undefined;
const textCollator = () =>
  (collator ??= new Intl.Collator('en', { sensitivity: 'variant', numeric: false }));

function rank(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'boolean') return 1;
  if (numericValue(value) !== null) return 2;
  if (typeof value === 'string') return 3;
  return 4;
}

/**
 * The order Sort uses: null first, then booleans (false before true), then numbers (numeric text
 * included) by value, then text alphabetically (case-insensitively first, lower case before upper
 * on ties), then lists and objects by their JSON text.
 */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return Number(a) - Number(b);
    case 2:
      return numericValue(a)! - numericValue(b)!;
    default: {
      const x = renderText(a);
      const y = renderText(b);
      return textCollator().compare(x, y) || (x < y ? -1 : x > y ? 1 : 0);
    }
  }
}

/** PROCESIO's "Sorted:" select on First/Last N: 1 unsorted, 2 ascending, 3 descending. */
export function readSortedOption(inputs: Inputs, setting: TemplateSetting): 1 | 2 | 3 {
  return readOption(inputs, setting, [1, 2, 3] as const);
}

/** The list ordered as the "Sorted:" option asks (a copy; the input is never changed). */
export function arrange(list: readonly unknown[], option: 1 | 2 | 3): unknown[] {
  if (option === 1) return [...list];
  // Descending sorts with the comparison turned round, so equal elements keep their order.
  return [...list].sort(option === 2 ? compareValues : (a, b) => compareValues(b, a));
}

/** The Sort select's "ASC" or "DESC" (any case). */
export function readOrder(inputs: Inputs, setting: TemplateSetting): 'asc' | 'desc' {
  return readOption(inputs, setting, ['ASC', 'DESC'] as const) === 'ASC' ? 'asc' : 'desc';
}

/** An order in a JSON configuration: asc/ascending or desc/descending, any case. */
export function parseOrder(text: string): 'asc' | 'desc' | null {
  const order = text.trim().toLowerCase();
  if (order === 'asc' || order === 'ascending') return 'asc';
  if (order === 'desc' || order === 'descending') return 'desc';
  return null;
}
