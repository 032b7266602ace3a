// Owns the list Get Element action: the element at a zero-based position. A position outside the
// list fails, naming the list's length.
import type { ActionDefinition } from '../action.js';
import { invalidInput, readList, readNumber } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { integerInput, listInput, output } from './list-values.js';

export const GET_ELEMENT_IDS = {
  Template: 'af517e65-f8ac-4f0e-80ea-ea08125099ac',
  Result: '81c6ac42-b2a5-4d6e-ab84-465ca606a911',
  Index: '6f4a3de5-0eca-44a4-9571-bc7c47542e7e',
  List: '430184f3-c6c5-45d3-97d1-74accfaa5db7',
} as const;

const result = output(GET_ELEMENT_IDS.Result, 'Element');
const index = integerInput(GET_ELEMENT_IDS.Index, 'Position (from 0)');
const list = listInput(GET_ELEMENT_IDS.List, 'List', { type: 'number' });

export const getElementAction: ActionDefinition = {
  template: actionTemplate(GET_ELEMENT_IDS.Template, 'Get Element', [result, index, list]),
  effectful: false,
  async execute({ inputs }) {
    const items = readList(inputs, list);
    const position = readNumber(inputs, index);
    if (position < 0 || position >= items.length)
      throw invalidInput(
        index,
        items.length === 0
          ? `is ${position}, but the list is empty.`
          : `must be between 0 and ${items.length - 1} (the list has ${items.length} elements); got ${position}.`,
      );
    return { [result.id]: items[position] };
  },
};
