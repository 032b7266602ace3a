// Owns the Take From Left action: the first N characters of a text (all of it when shorter).
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { readNonNegative } from './take.js';
import { integerInput, output, textInput } from './text-actions.js';

export const TAKE_FROM_LEFT_IDS = {
  Template: '9266f0e3-8aa3-45ff-9ebc-952057fa39c3',
  Source: 'fdef566a-197b-4ab4-8238-818522f20b94',
  Result: 'e38dc376-6d62-493c-9e1f-046211be4a77',
  Count: 'a5141b96-5950-483d-ba74-1cdea99eddb8',
} as const;

const source = textInput(TAKE_FROM_LEFT_IDS.Source, 'Text');
const result = output(TAKE_FROM_LEFT_IDS.Result, 'Beginning');
const count = integerInput(TAKE_FROM_LEFT_IDS.Count, 'Characters to take');

export const takeFromLeftAction: ActionDefinition = {
  template: actionTemplate(TAKE_FROM_LEFT_IDS.Template, 'Take From Left', [source, result, count]),
  effectful: false,
  async execute({ inputs }) {
    const text = readText(inputs, source);
    return { [result.id]: text.slice(0, readNonNegative(inputs, count)) };
  },
};
