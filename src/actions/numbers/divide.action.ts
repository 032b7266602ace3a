// Owns the number Divide action: the numerator divided by the denominator, always as a true
// division (7 / 2 is 3.5, even for whole numbers). Dividing by zero fails with a validation error.
import type { ActionDefinition } from '../action.js';
import { invalidInput, readNumber } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { exact, numberInput, output } from './number-values.js';

export const DIVIDE_IDS = {
  Template: 'f9dff28a-bc2d-4fa4-afed-c03e7bc4421e',
  Numerator: '31a7e292-0c46-4ec9-9055-2e04b8a41752',
  Denominator: '4e6f0ebf-0053-47e3-ac3f-3655418d6bdd',
  Result: '1df272fb-0dd7-43f6-860f-aa9fd3be0f64',
} as const;

const numerator = numberInput(DIVIDE_IDS.Numerator, 'Numerator');
const denominator = numberInput(DIVIDE_IDS.Denominator, 'Denominator');
const result = output(DIVIDE_IDS.Result, 'Quotient');

export const divideAction: ActionDefinition = {
  template: actionTemplate(DIVIDE_IDS.Template, 'Divide', [numerator, denominator, result]),
  effectful: false,
  async execute({ inputs }) {
    const a = readNumber(inputs, numerator);
    const b = readNumber(inputs, denominator);
    if (b === 0) throw invalidInput(denominator, 'is zero; a number cannot be divided by zero.');
    // Only the finiteness check applies: a quotient of whole numbers is rarely whole.
    return { [result.id]: exact(a / b, [], `The quotient of ${a} and ${b}`) + 0 };
  },
};
