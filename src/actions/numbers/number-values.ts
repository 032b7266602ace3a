// Owns what the math actions share: their settings, reading lists of numbers, results that must
// stay exact (whole numbers within ±(2^53−1), no infinities), and decimal rounding that treats a
// number as the decimal it prints as (1.005 rounds to 1.01, not 1.00).
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections, type TemplateSetting } from '../../flow/template-catalog.js';
import { ActionError, type ActionDefinition } from '../action.js';
import { invalidInput, readList, readNumber, type Inputs } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { numericValue } from '../lists/list-values.js';

const { Input, Output } = SettingDirections;
export const OBJECT = DataTypeIds.Object;
export const DOUBLE = DataTypeIds.Double;
export const INTEGER = DataTypeIds.Integer;

/** A required number input (PROCESIO types most of them Object, so any numeric type binds). */
export function numberInput(id: string, name: string, dataTypeId: string = OBJECT) {
  return requiredInput(id, name, dataTypeId, 'number');
}

/** A required input of another kind: a text box, or a select storing a value. */
export function requiredInput(id: string, name: string, dataTypeId: string, type: string) {
  return setting(id, name, type, Input, dataTypeId, { isRequired: true });
}

/** A required list-of-numbers input. */
export function numberListInput(
  id: string,
  name: string,
  dataTypeId: string = OBJECT,
  type = 'number',
) {
  return setting(id, name, type, Input, dataTypeId, { isRequired: true, isList: true });
}

export function output(id: string, name: string, dataTypeId: string = OBJECT, type = 'datatype') {
  return setting(id, name, type, Output, dataTypeId, { isRequired: true });
}

/** Every element as a number (numbers or numeric text); anything else fails naming its position. */
export function readNumbers(inputs: Inputs, setting: TemplateSetting): number[] {
  return readList(inputs, setting).map((value, i) => {
    const number = numericValue(value);
    if (number === null)
      throw invalidInput(
        setting,
        `must hold only numbers; element ${i} is ${JSON.stringify(value) ?? String(value)}.`,
      );
    return number;
  });
}

/** The numbers of a list that must have at least `minimum` elements. */
export function readNumbersAtLeast(
  inputs: Inputs,
  setting: TemplateSetting,
  minimum: number,
): number[] {
  const numbers = readNumbers(inputs, setting);
  if (numbers.length < minimum)
    throw invalidInput(
      setting,
      minimum === 1
        ? 'must not be empty.'
        : `must have at least ${minimum} numbers; it has ${numbers.length}.`,
    );
  return numbers;
}

/**
 * The result, unless it cannot be represented: not finite, or the result of whole-number inputs
 * beyond ±(2^53−1), where doubles stop being exact (API.md §6.2).
 */
export function exact(result: number, operands: readonly number[], description: string): number {
  const whole = operands.length > 0 && operands.every(Number.isInteger);
  if (!Number.isFinite(result) || (whole && !Number.isSafeInteger(result)))
    throw ActionError.of('overflow', `${description} is too large to represent exactly.`);
  return result;
}

export type Rounding = 'nearest' | 'down' | 'up';

/**
 * Rounds to `digits` decimals (0–15): nearest with halves away from zero, down towards −∞, up
 * towards +∞. The number is shifted as a decimal string, so no binary error creeps in.
 */
export function roundTo(value: number, digits: number, mode: Rounding): number {
  const scaled = shift(value, digits);
  const rounded =
    mode === 'down'
      ? Math.floor(scaled)
      : mode === 'up'
        ? Math.ceil(scaled)
        : Math.sign(scaled) * Math.round(Math.abs(scaled));
  // Avoid -0 for values that round to zero from below.
  return shift(rounded, -digits) + 0;
}

function shift(value: number, digits: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Number(`${mantissa}e${Number(exponent) + digits}`);
}

/** The decimals to round to: a whole number from 0 to 15, as .NET's Math.Round accepts. */
export function readDigits(inputs: Inputs, setting: TemplateSetting): number {
  const digits = readNumber(inputs, setting);
  if (digits < 0 || digits > 15)
    throw invalidInput(setting, `must be between 0 and 15; got ${digits}.`);
  return digits;
}

export interface RoundingIds {
  Template: string;
  Number: string;
  Digits: string;
  Result: string;
}

/** Round, Round Down and Round Up: one number, a count of decimals, one Double result. */
export function roundingAction(ids: RoundingIds, name: string, mode: Rounding): ActionDefinition {
  const number = numberInput(ids.Number, 'Number', DOUBLE);
  const digits = numberInput(ids.Digits, 'Decimals to keep', INTEGER);
  const result = output(ids.Result, 'Rounded number', DOUBLE);
  return {
    template: actionTemplate(ids.Template, name, [number, digits, result]),
    effectful: false,
    async execute({ inputs }) {
      return {
        [result.id]: roundTo(readNumber(inputs, number), readDigits(inputs, digits), mode),
      };
    },
  };
}

export interface AggregateSpec {
  templateId: string;
  name: string;
  list: TemplateSetting;
  result: TemplateSetting;
  /** Computes the result; may throw an `invalidInput` naming `list`. */
  compute(inputs: Inputs, list: TemplateSetting): unknown;
}

/** A pure action reducing one list to one value (Sum, Min, Median, Variance, …). */
export function aggregateAction(spec: AggregateSpec): ActionDefinition {
  return {
    template: actionTemplate(spec.templateId, spec.name, [spec.list, spec.result]),
    effectful: false,
    async execute({ inputs }) {
      return { [spec.result.id]: spec.compute(inputs, spec.list) };
    },
  };
}

/** The sample variance (n − 1 in the denominator, as spreadsheets' VAR and MathNet compute it). */
export function sampleVariance(numbers: readonly number[]): number {
  const mean = numbers.reduce((sum, n) => sum + n, 0) / numbers.length;
  return numbers.reduce((sum, n) => sum + (n - mean) ** 2, 0) / (numbers.length - 1);
}
