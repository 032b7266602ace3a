// Owns the number Subtract action: the first number minus the second, in double precision, with
// whole-number results kept exact (`overflow` past ±(2^53−1)).
import type { ActionDefinition } from '../action.js';
import { readNumber } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { exact, numberInput, output } from './number-values.js';

export const SUBTRACT_IDS = {
  Template: '1e7f5445-c843-4a4a-aeec-2d2ac6e64c9e',
  Result: '4821be64-e35f-49ac-9f09-12e0283d888a',
  Second: 'b0af97dc-c4be-4a91-8ad1-34905dae31e3',
  First: '7d043cfe-82b9-4a6f-9337-61371a704559',
} as const;

const result = output(SUBTRACT_IDS.Result, 'Difference');
const second = numberInput(SUBTRACT_IDS.Second, 'Number to subtract');
const first = numberInput(SUBTRACT_IDS.First, 'Number to subtract from');

export const subtractAction: ActionDefinition = {
  template: actionTemplate(SUBTRACT_IDS.Template, 'Subtract', [result, second, first]),
  effectful: false,
  async execute({ inputs }) {
    const a = readNumber(inputs, first);
    const b = readNumber(inputs, second);
    return { [result.id]: exact(a - b, [a, b], `The difference of ${a} and ${b}`) };
  },
};
