// Owns the Null Or Empty action: true when the text is missing, null or empty. Whitespace is
// content (a text of spaces is not empty), as in PROCESIO.
import type { ActionDefinition } from '../action.js';
import { actionTemplate } from '../template-builders.js';
import { BOOLEAN, output, textInput } from './text-actions.js';

export const NULL_OR_EMPTY_IDS = {
  Template: '44a53c21-fbb9-404e-975c-699c6bbc7f46',
  Input: '4a94a937-bce6-4f5d-bd6d-b5b05eebb513',
  Result: 'a9555946-dc31-4a55-aaf6-332062159207',
} as const;

const input = textInput(NULL_OR_EMPTY_IDS.Input, 'Text');
const result = output(NULL_OR_EMPTY_IDS.Result, 'Is null or empty', BOOLEAN);

export const nullOrEmptyAction: ActionDefinition = {
  template: actionTemplate(NULL_OR_EMPTY_IDS.Template, 'Null Or Empty', [input, result]),
  effectful: false,
  async execute({ inputs }) {
    // Absence is the answer here, not a failure: the input is read raw.
    const value = inputs[input.id];
    return { [result.id]: value === undefined || value === null || value === '' };
  },
};
