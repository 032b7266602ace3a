// Owns the Take From Middle action: up to N characters from a zero-based position. A position at
// or past the end gives an empty text; a length past the end takes what there is.
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { readNonNegative } from './take.js';
import { integerInput, output, textInput } from './text-actions.js';

export const TAKE_FROM_MIDDLE_IDS = {
  Template: '690b7b43-3243-4254-b4b7-c906d1070f98',
  Source: 'f30d1948-9478-4d88-87ce-680a7da98c03',
  Start: 'acf1ee5f-c3d3-4fe4-bf32-57303c2e5205',
  Length: '28457a93-0a77-4e32-9cd0-326eadfcf941',
  Result: 'fee792b8-28d4-44b3-9c5e-5632a28aa33a',
} as const;

const source = textInput(TAKE_FROM_MIDDLE_IDS.Source, 'Text');
const start = integerInput(TAKE_FROM_MIDDLE_IDS.Start, 'Start position');
const length = integerInput(TAKE_FROM_MIDDLE_IDS.Length, 'Characters to take');
const result = output(TAKE_FROM_MIDDLE_IDS.Result, 'Extract');

export const takeFromMiddleAction: ActionDefinition = {
  template: actionTemplate(TAKE_FROM_MIDDLE_IDS.Template, 'Take From Middle', [
    source,
    start,
    length,
    result,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const text = readText(inputs, source);
    const from = readNonNegative(inputs, start);
    const count = readNonNegative(inputs, length);
    return { [result.id]: text.slice(from, from + count) };
  },
};
