// Owns the string Split action: a text cut at every occurrence of a separator. Empty pieces are
// kept ("a,,b" gives three), as PROCESIO does.
import type { ActionDefinition } from '../action.js';
import { invalidInput, readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { output, STRING, textInput } from './text-actions.js';

export const SPLIT_IDS = {
  Template: '8717ae43-561c-4574-bffc-a764b3b6ac6b',
  Source: '0b9be97a-13c6-43c3-9d80-1cd954fcbfc8',
  Result: '607b7094-2c64-41d4-a893-b2fe88736538',
  Separator: 'a5b988ed-47ba-41c8-a14a-c16bd3fecb24',
} as const;

const source = textInput(SPLIT_IDS.Source, 'Text');
const result = output(SPLIT_IDS.Result, 'Pieces', STRING, { isList: true });
const separator = textInput(SPLIT_IDS.Separator, 'Separator');

export const splitAction: ActionDefinition = {
  template: actionTemplate(SPLIT_IDS.Template, 'Split', [source, result, separator]),
  effectful: false,
  async execute({ inputs }) {
    const text = readText(inputs, source);
    const cut = readText(inputs, separator);
    if (cut === '') throw invalidInput(separator, 'must not be empty.');
    return { [result.id]: text.split(cut) };
  },
};
