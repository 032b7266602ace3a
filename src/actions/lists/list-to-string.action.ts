// Owns the List To String action: a list written as its JSON text (`[1,"a",{"b":2}]`), the form
// a list takes when substituted into text. Join (strings) is the one with a separator.
import type { ActionDefinition } from '../action.js';
import { readList } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { listInput, output } from './list-values.js';

export const LIST_TO_STRING_IDS = {
  Template: 'e3054159-bf23-4866-b289-ce2f53925290',
  Result: '8c0f3984-aa6e-4a0d-aa7e-e5eba07dc2ea',
  List: '463997ec-2b89-43c9-820e-c3460eddf29b',
} as const;

const result = output(LIST_TO_STRING_IDS.Result, 'Text', DataTypeIds.String);
const list = listInput(LIST_TO_STRING_IDS.List, 'List');

export const listToStringAction: ActionDefinition = {
  template: actionTemplate(LIST_TO_STRING_IDS.Template, 'List To String', [result, list]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: JSON.stringify(readList(inputs, list)) };
  },
};
