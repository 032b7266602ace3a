// Owns the Sublist action: up to N elements from a zero-based position. A position past the end
// fails; a length past the end takes what there is.
import type { ActionDefinition } from '../action.js';
import { invalidInput, readList } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { integerInput, listInput, output, readCount } from './list-values.js';

export const SUBLIST_IDS = {
  Template: '4da3c41c-f295-4d19-be19-eb2a7abadc91',
  Length: 'c9b72e04-7683-48aa-82da-80877c96ca7b',
  List: 'cd1e0c41-c13f-4ac2-943e-a69f6e29fec4',
  Result: 'ec9fab4f-eab3-435b-b375-2347090997c6',
  Start: '38b8d5a4-05b2-48a0-b41b-15997f66c875',
} as const;

const length = integerInput(SUBLIST_IDS.Length, 'How many');
const list = listInput(SUBLIST_IDS.List, 'List', { type: 'datatype' });
const result = output(SUBLIST_IDS.Result, 'Sublist', undefined, {
  isList: true,
  isRequired: false,
});
const start = integerInput(SUBLIST_IDS.Start, 'Start position (from 0)');

export const sublistAction: ActionDefinition = {
  template: actionTemplate(SUBLIST_IDS.Template, 'Sublist', [length, list, result, start]),
  effectful: false,
  async execute({ inputs }) {
    const items = readList(inputs, list);
    const from = readCount(inputs, start);
    if (from > items.length)
      throw invalidInput(
        start,
        `must be between 0 and ${items.length} (the list's length); got ${from}.`,
      );
    return { [result.id]: items.slice(from, from + readCount(inputs, length)) };
  },
};
