// Owns the number Max action: the largest number of a non-empty list (numeric text included).
import { aggregateAction, numberListInput, output, readNumbersAtLeast } from './number-values.js';

export const MAX_IDS = {
  Template: '74491d3d-616e-485a-b784-9deb1272913e',
  List: '5193222a-6a89-4756-9479-f9074214a6d2',
  Result: '58e747d7-e2be-4aae-a57a-212edf9b9669',
} as const;

export const maxAction = aggregateAction({
  templateId: MAX_IDS.Template,
  name: 'Max',
  list: numberListInput(MAX_IDS.List, 'Numbers'),
  result: output(MAX_IDS.Result, 'Largest'),
  compute: (inputs, list) =>
    readNumbersAtLeast(inputs, list, 1).reduce((most, n) => (n > most ? n : most)),
});
