// Owns the rules the Take From Left / Middle / Right actions share: counts and positions are
// whole numbers of at least zero, and a count past the end of the text takes what there is.
import type { TemplateSetting } from '../../flow/template-catalog.js';
import { invalidInput, readNumber, type Inputs } from '../inputs.js';

/** A count or position that may not be negative. */
export function readNonNegative(inputs: Inputs, setting: TemplateSetting): number {
  const value = readNumber(inputs, setting);
  if (value < 0) throw invalidInput(setting, `must not be negative; got ${value}.`);
  return value;
}
