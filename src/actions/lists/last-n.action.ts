// Owns the Last N Elements action: the last N elements of a list, in list order, after sorting it
// when asked (ascending or descending, the order of ./list-values.ts). A count past the start
// takes all.
import type { ActionDefinition } from '../action.js';
import { readList } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import {
  arrange,
  integerInput,
  listInput,
  output,
  readCount,
  readSortedOption,
} from './list-values.js';

export const LAST_N_IDS = {
  Template: '5edca714-b331-40ba-b14d-47ebb6e46733',
  Sorted: '323aa330-48f1-4ea2-ad4c-b4b67922310f',
  List: '75a5c04b-d703-4227-b6c6-2f9717e7c659',
  Count: '29b84fb9-bddd-4ddb-b6d9-91930bf716c4',
  Result: 'b79501da-3cef-4f75-ba94-79b7e894eae0',
} as const;

const sorted = integerInput(LAST_N_IDS.Sorted, 'Order first', 'select');
const list = listInput(LAST_N_IDS.List, 'List', { type: 'number' });
const count = integerInput(LAST_N_IDS.Count, 'How many');
const result = output(LAST_N_IDS.Result, 'Last elements', undefined, { isList: true });

export const lastNAction: ActionDefinition = {
  template: actionTemplate(LAST_N_IDS.Template, 'Last N Elements', [sorted, list, count, result]),
  effectful: false,
  async execute({ inputs }) {
    const items = arrange(readList(inputs, list), readSortedOption(inputs, sorted));
    const taken = readCount(inputs, count);
    return { [result.id]: taken === 0 ? [] : items.slice(-taken) };
  },
};
