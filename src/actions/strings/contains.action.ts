// Owns the string Contains action: whether a text contains another, optionally ignoring case.
// An empty text to look for is contained in every text.
import type { ActionDefinition } from '../action.js';
import { readBoolean, readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { BOOLEAN, checkBox, foldCase, output, textInput } from './text-actions.js';

export const STRING_CONTAINS_IDS = {
  Template: '0bae1fd6-c2d0-4904-96d3-a08f5274bf5e',
  IgnoreCase: '029ad635-bb3c-4ce8-93d1-d70f8a31f1d6',
  Search: '029ad635-bb3c-4ce8-93d1-d70f8a31f1d7',
  Source: '018ac261-0b91-40d9-9102-d975344ab66c',
  Result: '29387d7d-4e59-40d7-b350-bd8b666e56a3',
} as const;

const ignoreCase = checkBox(STRING_CONTAINS_IDS.IgnoreCase, 'Ignore case', 'False');
const search = textInput(STRING_CONTAINS_IDS.Search, 'Text to look for');
const source = textInput(STRING_CONTAINS_IDS.Source, 'Text');
const result = output(STRING_CONTAINS_IDS.Result, 'Contains it', BOOLEAN);

export const stringContainsAction: ActionDefinition = {
  template: actionTemplate(STRING_CONTAINS_IDS.Template, 'Contains', [
    ignoreCase,
    search,
    source,
    result,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const text = readText(inputs, source);
    const wanted = readText(inputs, search);
    const found = readBoolean(inputs, ignoreCase)
      ? foldCase(text).includes(foldCase(wanted))
      : text.includes(wanted);
    return { [result.id]: found };
  },
};
