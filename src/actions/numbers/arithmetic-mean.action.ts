// Owns the Arithmetic Mean action: the average of a non-empty list of numbers.
import { aggregateAction, numberListInput, output, readNumbersAtLeast } from './number-values.js';

export const ARITHMETIC_MEAN_IDS = {
  Template: 'b6e3c879-fbf1-4ebc-a9bd-ac12860fc871',
  List: '040429bd-7fda-49ee-b357-2fad7a32ef31',
  Result: 'edbb45e3-1898-49d8-81f2-7e0b807830ef',
} as const;

export const arithmeticMeanAction = aggregateAction({
  templateId: ARITHMETIC_MEAN_IDS.Template,
  name: 'Arithmetic Mean',
  list: numberListInput(ARITHMETIC_MEAN_IDS.List, 'Numbers'),
  result: output(ARITHMETIC_MEAN_IDS.Result, 'Mean'),
  compute(inputs, list) {
    const numbers = readNumbersAtLeast(inputs, list, 1);
    // Dividing each term first keeps a sum of huge numbers from overflowing.
    return numbers.reduce((mean, n) => mean + n / numbers.length, 0);
  },
});
