// Owns Generate Integer: a uniformly random whole number between the lower and upper limits, both
// included, from the operating system's cryptographic generator. The limits default to 0 and
// 2147483647 (.NET's Int32.MaxValue).
import { randomBytes } from 'node:crypto';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readNumber } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';

export const GENERATE_INTEGER_IDS = {
  Template: 'a1416876-fbcb-4dfd-afc3-489343f3bebf',
  Result: 'cafb9565-548b-470c-b493-6f0aaa83f9b0',
  Upper: '71a09c74-520d-40ce-8f61-63f18ac26789',
  Lower: '42c4b2d5-365d-4ea1-bb50-ee10f1170e2e',
} as const;

const INT32_MAX = 2_147_483_647;

const { Input, Output } = SettingDirections;
const INTEGER = DataTypeIds.Integer;
const ids = GENERATE_INTEGER_IDS;

const result = setting(ids.Result, 'Random number', 'datatype', Output, INTEGER, {
  isRequired: true,
});
const upper = setting(ids.Upper, 'Largest value (included)', 'number', Input, INTEGER);
const lower = setting(ids.Lower, 'Smallest value (included)', 'number', Input, INTEGER);

/** A uniform integer in [min, max], both safe integers; rejection sampling keeps it unbiased. */
export function randomIntegerBetween(min: number, max: number): number {
  const span = BigInt(max) - BigInt(min) + 1n;
  const space = 1n << 64n;
  const limit = space - (space % span);
  for (;;) {
    const draw = randomBytes(8).readBigUInt64BE();
    if (draw < limit) return Number(BigInt(min) + (draw % span));
  }
}

export const generateIntegerAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Generate Integer', [result, upper, lower]),
  effectful: false,
  async execute({ inputs }) {
    const min = readNumber(inputs, lower, 0);
    const max = readNumber(inputs, upper, INT32_MAX);
    if (min > max)
      throw invalidInput(lower, `(${min}) must not be greater than "${upper.name}" (${max}).`);
    return { [result.id]: randomIntegerBetween(min, max) };
  },
};
