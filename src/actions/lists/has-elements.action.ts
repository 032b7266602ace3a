// Owns the Has Elements action: a guard that lets the flow go on only when a list has at least
// one element, and fails (error port) when it is empty. It has no output.
import { ActionError, type ActionDefinition } from '../action.js';
import { readList } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { listInput } from './list-values.js';

export const HAS_ELEMENTS_IDS = {
  Template: 'c2d7cacb-3fe7-c741-bfe7-188b8dc98998',
  List: 'ddb9452b-1244-4f44-9cd7-8ae6fcd57393',
} as const;

const list = listInput(HAS_ELEMENTS_IDS.List, 'List to check');

export const hasElementsAction: ActionDefinition = {
  template: actionTemplate(HAS_ELEMENTS_IDS.Template, 'Has Elements', [list]),
  effectful: false,
  async execute({ inputs }) {
    if (readList(inputs, list).length === 0)
      throw ActionError.of('check.failed', `"${list.name}" has no elements.`, {
        details: { settingId: list.id },
      });
    return {};
  },
};
