// Owns the List Correlation action: Pearson's correlation coefficient (−1 to 1) of two lists of
// numbers paired by position. The lists must be as long as each other, with at least two
// numbers, and neither may be constant (its correlation is undefined).
import type { ActionDefinition } from '../action.js';
import { invalidInput } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { DOUBLE, numberListInput, output, readNumbersAtLeast } from './number-values.js';

export const LIST_CORRELATION_IDS = {
  Template: '1c9dacf5-372d-5542-870a-f6daf5f07104',
  First: '79a95a0b-5939-d646-b83c-4a4af6aebef0',
  Result: '762ee5ba-1b35-2b41-941d-ccaebd4191cf',
  Second: 'e313e1f4-ee43-9542-818d-2f43abfbdf18',
} as const;

const first = numberListInput(LIST_CORRELATION_IDS.First, 'First numbers', DOUBLE, 'any');
const result = output(LIST_CORRELATION_IDS.Result, 'Correlation coefficient', DOUBLE);
const second = numberListInput(LIST_CORRELATION_IDS.Second, 'Second numbers', DOUBLE, 'any');

export const listCorrelationAction: ActionDefinition = {
  template: actionTemplate(LIST_CORRELATION_IDS.Template, 'List Correlation', [
    first,
    result,
    second,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const xs = readNumbersAtLeast(inputs, first, 2);
    const ys = readNumbersAtLeast(inputs, second, 2);
    if (xs.length !== ys.length)
      throw invalidInput(
        second,
        `must have as many numbers as "${first.name}" (${xs.length}); it has ${ys.length}.`,
      );
    const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
    const mx = mean(xs);
    const my = mean(ys);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    xs.forEach((x, i) => {
      const dx = x - mx;
      const dy = ys[i]! - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    });
    if (sxx === 0) throw invalidInput(first, 'has no variation; its correlation is undefined.');
    if (syy === 0) throw invalidInput(second, 'has no variation; its correlation is undefined.');
    // Clamped: rounding can push a perfect correlation a hair past ±1.
    return { [result.id]: Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))) };
  },
};
