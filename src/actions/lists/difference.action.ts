// Owns the List Difference action: the elements of the first list that are not in the
// second, each once, in first-list order (a set difference, as LINQ's Except gives).
import type { ActionDefinition } from '../action.js';
import { readList } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { distinct, indexOfValue, listInput, output } from './list-values.js';

export const LIST_DIFFERENCE_IDS = {
  Template: '927aa025-bd84-5f46-a637-bbe5e1e8bc20',
  Second: '49fde58e-506e-e342-811d-e92b7f12773e',
  First: '885685c1-c8a4-d74d-b6f4-b30717cbfd72',
  Result: '5d8d70ed-9a4c-6c43-a88c-9ea963d6292c',
} as const;

const second = listInput(LIST_DIFFERENCE_IDS.Second, 'Elements to leave out', { type: 'any' });
const first = listInput(LIST_DIFFERENCE_IDS.First, 'List', { type: 'any' });
const result = output(LIST_DIFFERENCE_IDS.Result, 'Difference', undefined, { isList: true });

export const listDifferenceAction: ActionDefinition = {
  template: actionTemplate(LIST_DIFFERENCE_IDS.Template, 'List Difference', [
    second,
    first,
    result,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const excluded = readList(inputs, second);
    const kept = distinct(readList(inputs, first)).filter(
      (item) => indexOfValue(excluded, item) === -1,
    );
    return { [result.id]: kept };
  },
};
