// Owns the Normalize Diacritics action: letters with accents, cedillas, commas below and the like
// turned into their base letters (ș → s, é → e), plus the few Latin letters Unicode does not
// decompose (ł → l, ø → o, ß → ss, æ → ae).
import { output, textAction, textInput } from './text-actions.js';

export const NORMALIZE_DIACRITICS_IDS = {
  Template: 'a56553a4-1cef-4471-b902-9e1a6457ed02',
  Input: 'a56553a4-1cef-4471-b902-9e1a6457ed04',
  Result: 'a56553a4-1cef-4471-b902-9e1a6457ed05',
} as const;

const UNDECOMPOSABLE: Readonly<Record<string, string>> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ø: 'o',
  Ø: 'O',
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
};

const UNDECOMPOSABLE_LETTERS = new RegExp(`[${Object.keys(UNDECOMPOSABLE).join('')}]`, 'gu');

export function removeDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(UNDECOMPOSABLE_LETTERS, (letter) => UNDECOMPOSABLE[letter] ?? letter)
    .normalize('NFC');
}

export const normalizeDiacriticsAction = textAction({
  templateId: NORMALIZE_DIACRITICS_IDS.Template,
  name: 'Normalize Diacritics',
  input: textInput(NORMALIZE_DIACRITICS_IDS.Input, 'Text'),
  result: output(NORMALIZE_DIACRITICS_IDS.Result, 'Text without diacritics', undefined, {
    type: 'text',
  }),
  transform: removeDiacritics,
});
