// Owns the list Remove action: the first element that is the same as a value (equality of
// ./list-values.ts) removed, written back to the list's own variable. A value that is not in the
// list leaves it as it was, as .NET's List.Remove does.
import type { ActionDefinition } from '../action.js';
import { readList } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { indexOfValue, listInOut, readValue, valueInput } from './list-values.js';

export const LIST_REMOVE_IDS = {
  Template: '02635185-4667-4090-88f8-4ccb74aa63e5',
  List: 'a288664c-0d24-4a3a-b1da-5bfacf74357a',
  Item: 'e122caf7-576f-479d-a859-b3adbbc1bbf8',
} as const;

const list = listInOut(LIST_REMOVE_IDS.List, 'List');
const item = valueInput(LIST_REMOVE_IDS.Item, 'Element to remove');

export const listRemoveAction: ActionDefinition = {
  template: actionTemplate(LIST_REMOVE_IDS.Template, 'Remove From List', [list, item]),
  effectful: false,
  async execute({ inputs }) {
    const items = [...readList(inputs, list)];
    const at = indexOfValue(items, readValue(inputs, item));
    if (at !== -1) items.splice(at, 1);
    return { [list.id]: items };
  },
};
