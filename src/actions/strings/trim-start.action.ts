// Owns the Trim Start action: white space (Unicode's, line breaks included) removed from the
// start.
import { output, textAction, textInput } from './text-actions.js';

export const TRIM_START_IDS = {
  Template: '96881942-347f-451a-80e9-e01cfc511b4c',
  Input: 'ac404f9e-86b3-4ef1-a0e3-babda2c6ddf7',
  Result: 'ecc4cca0-77d1-4843-8b76-9b1478b4ce78',
} as const;

export const trimStartAction = textAction({
  templateId: TRIM_START_IDS.Template,
  name: 'Trim Start',
  input: textInput(TRIM_START_IDS.Input, 'Text'),
  result: output(TRIM_START_IDS.Result, 'Trimmed text'),
  transform: (text) => text.trimStart(),
});
