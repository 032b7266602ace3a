// Owns the URL Encode action: a text made safe for any part of a URL. Everything but the RFC 3986
// unreserved characters (letters, digits, - . _ ~) is percent-encoded as UTF-8; a space becomes
// %20, not "+".
import { invalidInput } from '../inputs.js';
import { output, textAction, textInput } from './text-actions.js';

export const URL_ENCODE_IDS = {
  Template: '3fdae170-02ac-4a13-9a81-0cb402010107',
  Input: 'eed5fd3f-73b5-4b71-8b5f-0dc1db6e1001',
  Result: 'af0033db-2b41-46cd-804e-75a6f7b42001',
} as const;

export const urlEncodeAction = textAction({
  templateId: URL_ENCODE_IDS.Template,
  name: 'URL Encode',
  input: textInput(URL_ENCODE_IDS.Input, 'Text'),
  result: output(URL_ENCODE_IDS.Result, 'Encoded text', undefined, { type: 'text' }),
  transform: (text, input) => {
    let encoded: string;
    try {
      encoded = encodeURIComponent(text);
    } catch {
      // A lone surrogate half has no UTF-8 form.
      throw invalidInput(input, 'contains a broken character (an unpaired surrogate).');
    }
    // encodeURIComponent leaves !'()* alone; RFC 3986 reserves them.
    return encoded.replace(
      /[!'()*]/g,
      (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  },
});
