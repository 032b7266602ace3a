// Owns the List Standard Deviation action: the sample standard deviation of a list of at least
// two numbers (the square root of the variance with n − 1 in the denominator).
import {
  aggregateAction,
  DOUBLE,
  exact,
  numberListInput,
  output,
  readNumbersAtLeast,
  sampleVariance,
} from './number-values.js';

export const LIST_STANDARD_DEVIATION_IDS = {
  Template: '0d636d56-7b8e-674a-a0e7-8d2df6b6734f',
  Result: '34d3b74b-3893-154e-a356-637d6337c8f0',
  List: 'd3612ad0-210a-2f4a-a6ad-607eb2959fd5',
} as const;

export const listStandardDeviationAction = aggregateAction({
  templateId: LIST_STANDARD_DEVIATION_IDS.Template,
  name: 'List Standard Deviation',
  list: numberListInput(LIST_STANDARD_DEVIATION_IDS.List, 'Numbers', DOUBLE, 'any'),
  result: output(LIST_STANDARD_DEVIATION_IDS.Result, 'Standard deviation', DOUBLE),
  compute: (inputs, list) =>
    exact(
      Math.sqrt(sampleVariance(readNumbersAtLeast(inputs, list, 2))),
      [],
      'The standard deviation of the list',
    ),
});
