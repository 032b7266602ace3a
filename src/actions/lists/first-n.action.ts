// Owns the First N Elements action: the first N elements of a list, after sorting it when asked
// (ascending or descending, the order of ./list-values.ts). A count past the end takes all.
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

export const FIRST_N_IDS = {
  Template: '3ce001d8-cc4f-492a-89bd-cb22c4eda9dc',
  List: '516da20f-810d-4258-b5e0-7cfd450f1e47',
  Sorted: 'b15b3221-b868-4027-b966-41a2f2ea48b3',
  Result: '22328466-b22f-42fe-844f-e33fb1f37cd8',
  Count: '70bc8dd4-d55a-4fe9-aa61-533cc9f7d6ce',
} as const;

const list = listInput(FIRST_N_IDS.List, 'List', { type: 'number' });
const sorted = integerInput(FIRST_N_IDS.Sorted, 'Order first', 'select');
const result = output(FIRST_N_IDS.Result, 'First elements', undefined, { isList: true });
const count = integerInput(FIRST_N_IDS.Count, 'How many');

export const firstNAction: ActionDefinition = {
  template: actionTemplate(FIRST_N_IDS.Template, 'First N Elements', [list, sorted, result, count]),
  effectful: false,
  async execute({ inputs }) {
    const items = arrange(readList(inputs, list), readSortedOption(inputs, sorted));
    return { [result.id]: items.slice(0, readCount(inputs, count)) };
  },
};
