// Owns the To Title Case action: the first letter of every word upper-cased and the rest
// lower-cased, except words written all in capitals (acronyms such as "NASA"), which are kept,
// as .NET's ToTitleCase does.
import { output, textAction, textInput } from './text-actions.js';

export const TO_TITLE_CASE_IDS = {
  Template: '1dd4c795-6eca-47fa-8d84-edcb50cc7c26',
  Input: '49a5265a-29b8-4fee-8720-2512f574cb22',
  Result: '521cac79-fdf1-48da-8b83-a3cb048654ac',
} as const;

const WORD = /\p{L}[\p{L}\p{M}\p{N}']*/gu;

export function titleCase(text: string): string {
  return text.replace(WORD, (word) => {
    if (word === word.toUpperCase() && word !== word.toLowerCase() && word.length > 1) return word;
    const [first = '', ...rest] = word;
    return first.toUpperCase() + rest.join('').toLowerCase();
  });
}

export const toTitleCaseAction = textAction({
  templateId: TO_TITLE_CASE_IDS.Template,
  name: 'To Title Case',
  input: textInput(TO_TITLE_CASE_IDS.Input, 'Text'),
  result: output(TO_TITLE_CASE_IDS.Result, 'Result'),
  transform: titleCase,
});
