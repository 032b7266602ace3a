// Owns the list Add action: an element appended to a list, written back to the list's own
// variable (PROCESIO's in/out setting). The element is added as given; text stays text.
import type { ActionDefinition } from '../action.js';
import { readList } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { listInOut, readValue, valueInput } from './list-values.js';

export const LIST_ADD_IDS = {
  Template: 'a4549437-509a-431b-8ac7-88a59774e021',
  Item: '7f7b674f-9453-4c61-b256-85f7ac9ac195',
  List: '67ac0d7b-39d0-4f14-b460-4ef8529a225b',
} as const;

const item = valueInput(LIST_ADD_IDS.Item, 'Element to add');
const list = listInOut(LIST_ADD_IDS.List, 'List', 'any');

export const listAddAction: ActionDefinition = {
  template: actionTemplate(LIST_ADD_IDS.Template, 'Add To List', [item, list]),
  effectful: false,
  async execute({ inputs }) {
    return { [list.id]: [...readList(inputs, list), readValue(inputs, item)] };
  },
};
