// Owns how the JSON actions read JSON inputs: a value bound from a variable is taken as it is;
// text is parsed as JSON, and text that is not JSON fails naming the setting.
import type { TemplateSetting } from '../../flow/template-catalog.js';
import { invalidInput, type Inputs } from '../inputs.js';

/** JSON text parsed, or the parser's complaint. */
export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    // A byte-order mark is no part of JSON but often starts files written on Windows.
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** A required JSON input: objects, lists and numbers as they are, text parsed as JSON. */
export function readJson(inputs: Inputs, setting: TemplateSetting): unknown {
  const value = inputs[setting.id];
  if (value === undefined || value === null || value === '')
    throw invalidInput(setting, 'is required.');
  if (typeof value !== 'string') return value;
  const parsed = parseJson(value);
  if (!parsed.ok) throw invalidInput(setting, `is not valid JSON: ${parsed.reason}`);
  return parsed.value;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
