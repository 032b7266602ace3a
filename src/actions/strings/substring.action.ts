// Owns the Substring action: the text from a zero-based position to its end. A position outside
// the text fails, as in PROCESIO (the Take From actions are the lenient ones).
import type { ActionDefinition } from '../action.js';
import { invalidInput, readNumber, readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { integerInput, output, textInput } from './text-actions.js';

export const SUBSTRING_IDS = {
  Template: 'bcb762c1-b0f6-4ee0-b6a8-2cf36459931b',
  Source: 'db422a24-6154-4317-a363-e786bd75227c',
  Position: 'e04c1f25-9b19-4273-9e4b-8d10e7d7bb1e',
  Result: '562309a8-7a02-4fe5-9b9d-45801945299e',
} as const;

const source = textInput(SUBSTRING_IDS.Source, 'Text');
const position = integerInput(SUBSTRING_IDS.Position, 'Start position');
const result = output(SUBSTRING_IDS.Result, 'Substring');

export const substringAction: ActionDefinition = {
  template: actionTemplate(SUBSTRING_IDS.Template, 'Substring', [source, position, result]),
  effectful: false,
  async execute({ inputs }) {
    const text = readText(inputs, source);
    const start = readNumber(inputs, position);
    if (start < 0 || start > text.length)
      throw invalidInput(
        position,
        `must be between 0 and the text's length (${text.length}); got ${start}.`,
      );
    return { [result.id]: text.slice(start) };
  },
};
