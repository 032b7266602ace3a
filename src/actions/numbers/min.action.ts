// Owns the number Min action: the smallest number of a non-empty list (numeric text included).
import { aggregateAction, numberListInput, output, readNumbersAtLeast } from './number-values.js';

export const MIN_IDS = {
  Template: 'e51568fb-a5a0-412e-8952-59f22ce314ec',
  Result: '2c56264d-d202-444f-8791-8f96325ee33c',
  List: 'c8070f64-f448-464e-a16c-1e2ed3b6cc08',
} as const;

export const minAction = aggregateAction({
  templateId: MIN_IDS.Template,
  name: 'Min',
  list: numberListInput(MIN_IDS.List, 'Numbers'),
  result: output(MIN_IDS.Result, 'Smallest'),
  compute: (inputs, list) =>
    readNumbersAtLeast(inputs, list, 1).reduce((least, n) => (n < least ? n : least)),
});
