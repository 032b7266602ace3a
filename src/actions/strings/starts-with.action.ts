// Owns the string Starts With action: whether a text starts with a prefix, comparing exactly
// (case included).
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { BOOLEAN, output, textInput } from './text-actions.js';

export const STARTS_WITH_IDS = {
  Template: '2308e76f-cc8b-408f-a763-96b76d682b07',
  Source: 'b3a4b461-3410-4e0d-a8b9-a327acda262b',
  Prefix: 'e92a6975-4294-4483-ac33-1f628036416e',
  Result: '7e7c59e1-e4e8-4b16-8d89-93185d556414',
} as const;

const source = textInput(STARTS_WITH_IDS.Source, 'Text');
const prefix = textInput(STARTS_WITH_IDS.Prefix, 'Beginning');
const result = output(STARTS_WITH_IDS.Result, 'Starts with it', BOOLEAN);

export const startsWithAction: ActionDefinition = {
  template: actionTemplate(STARTS_WITH_IDS.Template, 'Starts With', [source, prefix, result]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: readText(inputs, source).startsWith(readText(inputs, prefix)) };
  },
};
