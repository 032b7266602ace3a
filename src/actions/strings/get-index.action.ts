// Owns the string Get Index action: the zero-based position of the first occurrence of a text in
// another, or -1 when it does not occur. Positions count UTF-16 code units, as PROCESIO's do.
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { INTEGER, output, textInput } from './text-actions.js';

export const STRING_GET_INDEX_IDS = {
  Template: '93f9fee3-75e8-425c-bd30-7bd72bb27535',
  Result: '9ea82ab0-9e3b-4133-99d7-59fd9a68507f',
  Search: '9e81c5b4-d07e-435c-862e-8b210ee788c1',
  Source: '290597f5-5577-40b9-8960-da137153d0bb',
} as const;

const result = output(STRING_GET_INDEX_IDS.Result, 'Position', INTEGER);
const search = textInput(STRING_GET_INDEX_IDS.Search, 'Text to look for');
const source = textInput(STRING_GET_INDEX_IDS.Source, 'Text');

export const stringGetIndexAction: ActionDefinition = {
  template: actionTemplate(STRING_GET_INDEX_IDS.Template, 'Get Index', [result, search, source]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: readText(inputs, source).indexOf(readText(inputs, search)) };
  },
};
