// Owns the list Concatenate action: the elements of the second list after those of the first.
// (The string Concatenate is another template.)
import type { ActionDefinition } from '../action.js';
import { readList } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { listInput, output } from './list-values.js';

export const LIST_CONCATENATE_IDS = {
  Template: 'a363466e-05c6-4d94-9d3f-66ec5b6ffb8c',
  First: 'd85b2a15-b301-4600-b3b9-a4a32e4c01ec',
  Result: '279b082f-3d52-43ca-9ad5-e5f453d7374e',
  Second: 'd95ebdb5-e71d-45c7-b6b2-771dfbba981c',
} as const;

const first = listInput(LIST_CONCATENATE_IDS.First, 'First list');
const result = output(LIST_CONCATENATE_IDS.Result, 'Joined list', undefined, { isList: true });
const second = listInput(LIST_CONCATENATE_IDS.Second, 'Second list');

export const listConcatenateAction: ActionDefinition = {
  template: actionTemplate(LIST_CONCATENATE_IDS.Template, 'Concatenate Lists', [
    first,
    result,
    second,
  ]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: [...readList(inputs, first), ...readList(inputs, second)] };
  },
};
