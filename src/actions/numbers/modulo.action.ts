// Owns the number Modulo action: the remainder of dividing one whole number by another, with the
// sign of the dividend (-7 mod 3 is -1), as in .NET. A zero divisor fails with a validation error.
import type { ActionDefinition } from '../action.js';
import { invalidInput, readNumber } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { INTEGER, numberInput, output } from './number-values.js';

export const MODULO_IDS = {
  Template: '8050f033-24a2-47f0-88d3-280e7f440687',
  Result: '85840c56-1318-4a39-a6e6-786d06972131',
  First: '40814087-23e6-4385-a23f-6f1858e6b090',
  Second: '3ffb76dc-14bb-4ea6-8f7c-edddd36dbcc6',
} as const;

const result = output(MODULO_IDS.Result, 'Remainder', INTEGER);
const first = numberInput(MODULO_IDS.First, 'Dividend', INTEGER);
const second = numberInput(MODULO_IDS.Second, 'Divisor', INTEGER);

export const moduloAction: ActionDefinition = {
  template: actionTemplate(MODULO_IDS.Template, 'Modulo', [result, first, second]),
  effectful: false,
  async execute({ inputs }) {
    const a = readNumber(inputs, first);
    const b = readNumber(inputs, second);
    if (b === 0)
      throw invalidInput(second, 'is zero; there is no remainder of a division by zero.');
    return { [result.id]: (a % b) + 0 };
  },
};
