// Owns the number Multiply action: the product of two numbers, in double precision, with
// whole-number results kept exact (`overflow` past ±(2^53−1)).
import type { ActionDefinition } from '../action.js';
import { readNumber } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { exact, numberInput, output } from './number-values.js';

export const MULTIPLY_IDS = {
  Template: '3b5d72ac-e311-4fc7-99b1-9cf0a237ff40',
  Result: '4821be64-e35f-88ac-6f09-12e0283d888a',
  Second: 'b0af97dc-c4be-1a70-8ad1-34905dae31e3',
  First: '7d043cfe-82b9-4a6f-2517-61371a704559',
} as const;

const result = output(MULTIPLY_IDS.Result, 'Product');
const second = numberInput(MULTIPLY_IDS.Second, 'Multiplier');
const first = numberInput(MULTIPLY_IDS.First, 'Multiplicand');

export const multiplyAction: ActionDefinition = {
  template: actionTemplate(MULTIPLY_IDS.Template, 'Multiply', [result, second, first]),
  effectful: false,
  async execute({ inputs }) {
    const a = readNumber(inputs, first);
    const b = readNumber(inputs, second);
    // + 0 turns -0 (0 times a negative number) into 0, which is what a flow expects to see.
    return { [result.id]: exact(a * b, [a, b], `The product of ${a} and ${b}`) + 0 };
  },
};
