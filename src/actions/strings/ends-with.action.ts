// Owns the string Ends With action: whether a text ends with a suffix, comparing exactly (case
// included).
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { BOOLEAN, output, textInput } from './text-actions.js';

export const ENDS_WITH_IDS = {
  Template: 'f91780f4-2011-49bb-9cff-0495913dc9a5',
  Suffix: 'ca18ca8b-bf21-44fe-a702-1dea1e1536b9',
  Source: 'e3c844f0-09e6-4b99-b2c1-81a9deba6175',
  Result: '62dad1ff-fe30-4d36-a7a1-8bee5c31dfe6',
} as const;

const suffix = textInput(ENDS_WITH_IDS.Suffix, 'Ending');
const source = textInput(ENDS_WITH_IDS.Source, 'Text');
const result = output(ENDS_WITH_IDS.Result, 'Ends with it', BOOLEAN);

export const endsWithAction: ActionDefinition = {
  template: actionTemplate(ENDS_WITH_IDS.Template, 'Ends With', [suffix, source, result]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: readText(inputs, source).endsWith(readText(inputs, suffix)) };
  },
};
