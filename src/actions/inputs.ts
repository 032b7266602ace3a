// Owns how an action reads its resolved inputs as the type its setting declares: literals are
// converted where API.md §3.6 allows it (numeric strings, "true"/"false", JSON list text).
import { DataTypeIds } from '../domain/data-types/types.js';
import { renderText } from '../flow/placeholders.js';
import type { TemplateSetting } from '../flow/template-catalog.js';
import { ActionError } from './action.js';

export type Inputs = Readonly<Record<string, unknown>>;

// A plain decimal, optionally signed, with an optional exponent: what a designer literal or a
// rendered number looks like. Hex, binary, "Infinity" and digit separators are refused.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A failure naming the setting, so the instance shows which input was wrong. */
export function invalidInput(setting: TemplateSetting, message: string): ActionError {
  return ActionError.of('validation', `"${setting.name}" ${message}`, {
    details: { settingId: setting.id },
  });
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : renderText(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * The value to read, or `fallback` when the input is absent (undefined, null, or an empty string
 * when `emptyIsAbsent`). A required setting has no fallback: its absence fails the action.
 */
function present<T>(
  inputs: Inputs,
  setting: TemplateSetting,
  fallback: T | undefined,
  emptyIsAbsent: boolean,
): { value: unknown } | { fallback: T } {
  const value = inputs[setting.id];
  if (value !== undefined && value !== null && !(emptyIsAbsent && value === '')) return { value };
  if (setting.isRequired || fallback === undefined) throw invalidInput(setting, 'is required.');
  return { fallback };
}

/**
 * Text as textual substitution renders it: strings as they are, numbers, booleans, objects and
 * lists as JSON. An empty string is a value, not an absence.
 */
export function readText(inputs: Inputs, setting: TemplateSetting, fallback = ''): string {
  const read = present(inputs, setting, fallback, false);
  return 'fallback' in read ? read.fallback : renderText(read.value);
}

/**
 * A finite number, from a number or a decimal string. An Integer setting also requires a whole
 * number within ±(2^53−1) (API.md §6.2).
 */
export function readNumber(inputs: Inputs, setting: TemplateSetting, fallback?: number): number {
  const read = present(inputs, setting, fallback, true);
  if ('fallback' in read) return read.fallback;
  const { value } = read;
  let number: number | null = null;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && DECIMAL.test(value.trim())) number = Number(value.trim());
  if (number === null || !Number.isFinite(number))
    throw invalidInput(setting, `must be a number; got ${describe(value)}.`);
  if (setting.dataTypeId === DataTypeIds.Integer && !Number.isSafeInteger(number))
    throw invalidInput(setting, `must be a whole number within ±(2^53−1); got ${describe(value)}.`);
  return number;
}

/** A boolean, from a boolean or the string "true"/"false" in any case. */
export function readBoolean(inputs: Inputs, setting: TemplateSetting, fallback = false): boolean {
  const read = present(inputs, setting, fallback, true);
  if ('fallback' in read) return read.fallback;
  const { value } = read;
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw invalidInput(setting, `must be true or false; got ${describe(value)}.`);
}

/**
 * A list, from an array or from a string holding a JSON array (how a list reads once rendered
 * into text, or typed as a literal such as "[1,2,3]").
 */
export function readList(
  inputs: Inputs,
  setting: TemplateSetting,
  fallback?: readonly unknown[],
): readonly unknown[] {
  const read = present(inputs, setting, fallback, true);
  if ('fallback' in read) return read.fallback;
  const { value } = read;
  if (Array.isArray(value)) return value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // Not JSON: reported below like any other non-list.
    }
  }
  throw invalidInput(setting, `must be a list; got ${describe(value)}.`);
}

/**
 * One of a select setting's option values (the value a flow stores, not the shown name), from the
 * value itself or its text in any case; `"3"` reads as option `3`.
 */
export function readOption<T extends string | number>(
  inputs: Inputs,
  setting: TemplateSetting,
  options: readonly T[],
  fallback?: T,
): T {
  const read = present(inputs, setting, fallback, true);
  if ('fallback' in read) return read.fallback;
  const text = renderText(read.value).trim().toLowerCase();
  const found = options.find((option) => String(option).toLowerCase() === text);
  if (found === undefined)
    throw invalidInput(
      setting,
      `must be one of ${options.join(', ')}; got ${describe(read.value)}.`,
    );
  return found;
}
