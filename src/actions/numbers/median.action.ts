// Owns the number Median action: the middle number of a non-empty list once sorted, or the mean
// of the two middle ones when the count is even.
import { aggregateAction, numberListInput, output, readNumbersAtLeast } from './number-values.js';

export const MEDIAN_IDS = {
  Template: 'bc138707-7503-42a0-a2d6-11f1101c8e84',
  List: 'c91dd713-a435-4ae1-bfc8-29bb0d7290fe',
  Result: '01d1fb3a-2234-4534-907c-5525747501aa',
} as const;

export const medianAction = aggregateAction({
  templateId: MEDIAN_IDS.Template,
  name: 'Median',
  list: numberListInput(MEDIAN_IDS.List, 'Numbers'),
  result: output(MEDIAN_IDS.Result, 'Median'),
  compute(inputs, list) {
    const sorted = readNumbersAtLeast(inputs, list, 1).sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1
      ? sorted[middle]!
      : sorted[middle - 1]! / 2 + sorted[middle]! / 2;
  },
});
