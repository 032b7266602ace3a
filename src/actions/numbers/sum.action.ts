// Owns the number Sum action: the sum of a list of numbers (numeric text included); 0 for an
// empty list. Whole-number sums stay exact (`overflow` past ±(2^53−1)).
import { aggregateAction, exact, numberListInput, output, readNumbers } from './number-values.js';

export const SUM_IDS = {
  Template: '17f3e715-6cb4-4b89-ac67-9c9cd8fd285a',
  List: '3068881a-19e6-4594-ab33-dc02a4a801cb',
  Result: 'd6a418c3-0ea9-47b3-814c-e56f3db1dc84',
} as const;

export const sumAction = aggregateAction({
  templateId: SUM_IDS.Template,
  name: 'Sum',
  list: numberListInput(SUM_IDS.List, 'Numbers'),
  result: output(SUM_IDS.Result, 'Sum'),
  compute(inputs, list) {
    const numbers = readNumbers(inputs, list);
    const sum = numbers.reduce((total, n) => total + n, 0);
    return exact(sum, numbers, 'The sum of the list');
  },
});
