// Owns the string Length action: how many UTF-16 code units a text has, as PROCESIO counts them
// (an emoji outside the Basic Multilingual Plane counts 2). The list Length is another template.
import { textAction, INTEGER, output, textInput } from './text-actions.js';

export const STRING_LENGTH_IDS = {
  Template: '057d754a-38af-471c-924a-723c048d5828',
  Input: 'e7df120f-8b3b-4d11-93d0-2f1443669eba',
  Result: 'b34c05c6-7035-43de-9243-f4d1a949bbaa',
} as const;

export const stringLengthAction = textAction({
  templateId: STRING_LENGTH_IDS.Template,
  name: 'Length',
  input: textInput(STRING_LENGTH_IDS.Input, 'Text'),
  result: output(STRING_LENGTH_IDS.Result, 'Length', INTEGER),
  transform: (text) => text.length,
});
