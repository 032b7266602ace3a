// Owns the String To Number action (PROCESIO's "parse number"): the number a text holds, or null
// when it holds none, as PROCESIO answers. Accepted: a plain decimal with an optional sign and
// exponent ("-12.5", "1e3"), and thousands grouped with commas ("1,234,567.89"), spaces around.
import { DataTypeIds } from '../../domain/data-types/types.js';
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { output, requiredInput } from './number-values.js';

export const STRING_TO_NUMBER_IDS = {
  Template: '3fdae170-02ac-4a13-9a81-0cb402010007',
  Text: 'eed5fd3f-73b5-4b71-8b5f-0dc1db6e0001',
  Result: 'af0033db-2b41-46cd-804e-75a6f7b40001',
} as const;

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

export function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  const plain = DECIMAL.test(trimmed)
    ? trimmed
    : GROUPED.test(trimmed)
      ? trimmed.replace(/,/g, '')
      : null;
  if (plain === null) return null;
  const number = Number(plain);
  return Number.isFinite(number) ? number : null;
}

const text = requiredInput(STRING_TO_NUMBER_IDS.Text, 'Text', DataTypeIds.String, 'text');
const result = output(STRING_TO_NUMBER_IDS.Result, 'Number', undefined, 'number');

export const stringToNumberAction: ActionDefinition = {
  template: actionTemplate(STRING_TO_NUMBER_IDS.Template, 'String To Number', [text, result]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: parseNumber(readText(inputs, text)) };
  },
};
