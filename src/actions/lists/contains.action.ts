// Owns the list Contains action: whether some element of a list is the same as a value, by the
// equality of ./list-values.ts (structural for objects, by reading for text and numbers).
import { DataTypeIds } from '../../domain/data-types/types.js';
import type { ActionDefinition } from '../action.js';
import { readList } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { indexOfValue, listInput, output, readValue, valueInput } from './list-values.js';

export const LIST_CONTAINS_IDS = {
  Template: 'a26c4a3e-cb0f-4f59-854c-68669c15e864',
  List: 'ab28ff0e-17c8-4c0a-b299-5b55da502859',
  Result: '6a45e02f-080b-4e89-9566-950180e0ec71',
  Item: '30a62193-fd26-4a48-880c-b6ce43f94df8',
} as const;

const list = listInput(LIST_CONTAINS_IDS.List, 'List', { type: 'any' });
const result = output(LIST_CONTAINS_IDS.Result, 'Contains it', DataTypeIds.Boolean);
const item = valueInput(LIST_CONTAINS_IDS.Item, 'Element to look for');

export const listContainsAction: ActionDefinition = {
  template: actionTemplate(LIST_CONTAINS_IDS.Template, 'List Contains', [list, result, item]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: indexOfValue(readList(inputs, list), readValue(inputs, item)) !== -1 };
  },
};
