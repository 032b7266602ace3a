// Owns how actions take File inputs (API.md §6.2): a File value is a reference ({name, id, path,
// size, mimeType, hash}); the bytes are read through the context's file access, never carried in
// variables. A value without a path (an empty payload template, a file never uploaded) counts as
// no file.
import type { TemplateSetting } from '../../flow/template-catalog.js';
import { invalidInput, readText, type Inputs } from '../inputs.js';

function hasPath(value: unknown): boolean {
  let candidate = value;
  if (typeof candidate === 'string' && candidate.trim().startsWith('{')) {
    try {
      candidate = JSON.parse(candidate);
    } catch {
      return false;
    }
  }
  if (!candidate || typeof candidate !== 'object' || Array.isArray(candidate)) return false;
  const path = (candidate as { path?: unknown }).path;
  return typeof path === 'string' && path !== '';
}

/** The File value of an optional input, or undefined when the flow gives no file. */
export function optionalFile(inputs: Inputs, setting: TemplateSetting): unknown {
  const value = inputs[setting.id];
  return hasPath(value) ? value : undefined;
}

/** The File value of a required input. */
export function requiredFile(inputs: Inputs, setting: TemplateSetting): unknown {
  const value = inputs[setting.id];
  if (value === undefined || value === null || value === '')
    throw invalidInput(setting, 'is required.');
  if (!hasPath(value)) throw invalidInput(setting, 'must be a file (a File value with a path).');
  return value;
}

/** The File values of a list input; items without a path are refused by position. */
export function fileList(
  inputs: Inputs,
  setting: TemplateSetting,
  list: readonly unknown[],
): unknown[] {
  list.forEach((item, index) => {
    if (!hasPath(item))
      throw invalidInput(setting, `item ${index + 1} is not a file (a File value with a path).`);
  });
  return [...list];
}

/**
 * A name for a new file: not empty, no folders (/ or \), no control characters, at most 255
 * characters — the file lives in the instance's store, never at a path the flow chooses.
 */
export function readFileName(inputs: Inputs, setting: TemplateSetting): string {
  const name = readText(inputs, setting).trim();
  if (name === '') throw invalidInput(setting, 'is required.');
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f\u007f]/.test(name) || name === '.' || name === '..')
    throw invalidInput(
      setting,
      `must be a plain file name without folders; got ${JSON.stringify(name)}.`,
    );
  if (name.length > 255) throw invalidInput(setting, 'must be at most 255 characters long.');
  return name;
}
