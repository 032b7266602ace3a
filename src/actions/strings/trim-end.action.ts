// Owns the Trim End action: white space (Unicode's, line breaks included) removed from the end.
import { output, textAction, textInput } from './text-actions.js';

export const TRIM_END_IDS = {
  Template: '1e513ba8-9cae-4e6d-b97c-d5a005b0331b',
  Input: '7dc8399e-c882-403c-81d2-625901fb1977',
  Result: '861406d9-dbec-42a7-ae28-18bca2214e3c',
} as const;

export const trimEndAction = textAction({
  templateId: TRIM_END_IDS.Template,
  name: 'Trim End',
  input: textInput(TRIM_END_IDS.Input, 'Text'),
  result: output(TRIM_END_IDS.Result, 'Trimmed text'),
  transform: (text) => text.trimEnd(),
});
