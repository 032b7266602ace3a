// Owns the list Get Index action: the zero-based position of the first element that is the same
// as a value (equality of ./list-values.ts), or -1 when there is none.
import { DataTypeIds } from '../../domain/data-types/types.js';
import type { ActionDefinition } from '../action.js';
import { readList } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { indexOfValue, listInput, output, readValue, valueInput } from './list-values.js';

export const LIST_GET_INDEX_IDS = {
  Template: '0d73f472-6956-4f5f-b79b-c3eb870941b8',
  Item: 'd994ce0f-c1d8-4134-9fc5-af8e770346a1',
  List: '625bfce3-8427-4275-8d93-bd0e90019553',
  Result: '5b3706ea-14ca-41bf-8cdf-c08dd09f97e5',
} as const;

const item = valueInput(LIST_GET_INDEX_IDS.Item, 'Element to look for');
const list = listInput(LIST_GET_INDEX_IDS.List, 'List', { type: 'any' });
const result = output(LIST_GET_INDEX_IDS.Result, 'Position', DataTypeIds.Integer);

export const listGetIndexAction: ActionDefinition = {
  template: actionTemplate(LIST_GET_INDEX_IDS.Template, 'Get Index In List', [item, list, result]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: indexOfValue(readList(inputs, list), readValue(inputs, item)) };
  },
};
