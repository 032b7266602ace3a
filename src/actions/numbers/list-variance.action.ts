// Owns the List Variance action: the sample variance of a list of at least two numbers (n − 1 in
// the denominator).
import {
  aggregateAction,
  DOUBLE,
  exact,
  numberListInput,
  output,
  readNumbersAtLeast,
  sampleVariance,
} from './number-values.js';

export const LIST_VARIANCE_IDS = {
  Template: '5f75d3d2-59e8-b543-8ad0-4658ca62fcba',
  Result: 'd3ca8092-c2f2-0048-873e-53adfb3b19f0',
  List: 'c40f2cd5-b152-7b4a-a04f-5634cc16534e',
} as const;

export const listVarianceAction = aggregateAction({
  templateId: LIST_VARIANCE_IDS.Template,
  name: 'List Variance',
  list: numberListInput(LIST_VARIANCE_IDS.List, 'Numbers', DOUBLE, 'any'),
  result: output(LIST_VARIANCE_IDS.Result, 'Variance', DOUBLE),
  compute: (inputs, list) =>
    exact(sampleVariance(readNumbersAtLeast(inputs, list, 2)), [], 'The variance of the list'),
});
