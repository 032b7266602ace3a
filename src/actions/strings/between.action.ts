// Owns the string Between action: every piece of a text found between a start marker and the next
// end marker, left to right without overlaps, each optionally with its markers.
import type { ActionDefinition } from '../action.js';
import { invalidInput, readBoolean, readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { checkBox, output, STRING, textInput } from './text-actions.js';

export const BETWEEN_IDS = {
  Template: '11b116dc-8816-4743-a399-b8c47d821423',
  Source: '8bb1b203-329d-4bab-bf00-cf8517d31d55',
  Start: '61918704-e527-465f-a510-4e698867df42',
  End: '1ad5d223-40ed-4c85-9345-2e0af3558568',
  IncludeStart: '65d1c1c9-8576-4dcf-9fb6-6bed261a5f8f',
  IncludeEnd: 'ad03622e-bda8-42fc-8554-206b81619001',
  Result: '6ce686e1-27ab-429a-a9bf-03e9dac00a4b',
} as const;

const source = textInput(BETWEEN_IDS.Source, 'Text to search');
const start = textInput(BETWEEN_IDS.Start, 'Start marker');
const end = textInput(BETWEEN_IDS.End, 'End marker');
const includeStart = checkBox(BETWEEN_IDS.IncludeStart, 'Keep the start marker');
const includeEnd = checkBox(BETWEEN_IDS.IncludeEnd, 'Keep the end marker');
const result = output(BETWEEN_IDS.Result, 'Pieces found', STRING, { isList: true });

export const betweenAction: ActionDefinition = {
  template: actionTemplate(BETWEEN_IDS.Template, 'Between', [
    source,
    start,
    end,
    includeEnd,
    includeStart,
    result,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const text = readText(inputs, source);
    const opening = readText(inputs, start);
    const closing = readText(inputs, end);
    // An empty marker is found everywhere; the pieces it would give mean nothing.
    if (opening === '') throw invalidInput(start, 'must not be empty.');
    if (closing === '') throw invalidInput(end, 'must not be empty.');
    const keepStart = readBoolean(inputs, includeStart);
    const keepEnd = readBoolean(inputs, includeEnd);
    const pieces: string[] = [];
    let from = 0;
    for (;;) {
      const at = text.indexOf(opening, from);
      if (at === -1) break;
      const contentStart = at + opening.length;
      const closeAt = text.indexOf(closing, contentStart);
      if (closeAt === -1) break;
      pieces.push(
        (keepStart ? opening : '') + text.slice(contentStart, closeAt) + (keepEnd ? closing : ''),
      );
      from = closeAt + closing.length;
    }
    return { [result.id]: pieces };
  },
};
