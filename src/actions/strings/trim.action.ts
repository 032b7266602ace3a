// Owns the Trim action: white space (Unicode's, line breaks included) removed from both ends.
import { output, textAction, textInput } from './text-actions.js';

export const TRIM_IDS = {
  Template: 'a2e029ff-14fe-42b1-aa25-65b73c674709',
  Result: 'bc83e433-a4ff-4378-befb-354895262964',
  Input: '29bc9f35-a976-445d-a813-1bd5abd6c23f',
} as const;

export const trimAction = textAction({
  templateId: TRIM_IDS.Template,
  name: 'Trim',
  input: textInput(TRIM_IDS.Input, 'Text'),
  result: output(TRIM_IDS.Result, 'Trimmed text'),
  transform: (text) => text.trim(),
});
