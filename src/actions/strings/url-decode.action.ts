// Owns the URL Decode action: percent-encoded UTF-8 turned back into text. A "+" reads as a space,
// as in form-encoded text; a malformed escape (a lone "%", bytes that are not UTF-8) fails.
import { invalidInput } from '../inputs.js';
import { output, textAction, textInput } from './text-actions.js';

export const URL_DECODE_IDS = {
  Template: '3fdae170-02ac-4a13-9a81-0cb402010207',
  Input: 'eed5fd3f-73b5-4b71-8b5f-0dc1db6e3001',
  Result: 'af0033db-2b41-46cd-804e-75a6f7b44001',
} as const;

export const urlDecodeAction = textAction({
  templateId: URL_DECODE_IDS.Template,
  name: 'URL Decode',
  input: textInput(URL_DECODE_IDS.Input, 'Encoded text'),
  result: output(URL_DECODE_IDS.Result, 'Decoded text', undefined, { type: 'text' }),
  transform: (text, input) => {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      throw invalidInput(input, 'is not valid URL encoding (a malformed %-escape).');
    }
  },
});
