// Owns the Take From Right action: the last N characters of a text (all of it when shorter).
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { readNonNegative } from './take.js';
import { integerInput, output, textInput } from './text-actions.js';

export const TAKE_FROM_RIGHT_IDS = {
  Template: '23926938-2d17-49e7-affe-6fd8d85535e7',
  Source: 'f90bad15-702c-476b-9543-a5c24524ec70',
  Result: '26272693-dbaa-4adf-b18a-cf2ea4831001',
  Count: '25dc5fc5-2170-49d2-a71c-3af41336a6bb',
} as const;

const source = textInput(TAKE_FROM_RIGHT_IDS.Source, 'Text');
const result = output(TAKE_FROM_RIGHT_IDS.Result, 'Ending');
const count = integerInput(TAKE_FROM_RIGHT_IDS.Count, 'Characters to take');

export const takeFromRightAction: ActionDefinition = {
  template: actionTemplate(TAKE_FROM_RIGHT_IDS.Template, 'Take From Right', [
    source,
    result,
    count,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const text = readText(inputs, source);
    const taken = readNonNegative(inputs, count);
    return { [result.id]: taken === 0 ? '' : text.slice(-taken) };
  },
};
