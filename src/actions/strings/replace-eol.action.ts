// Owns the Replace EOL action. Option 1 turns the escape sequences typed as text (\n, \r, \t:
// a backslash and a letter) into the control characters themselves; option 2 does the reverse,
// so a text with real line breaks and tabs can travel where only one line fits. The option
// defaults to 1 in flows that leave it out (the template's default).
import type { ActionDefinition } from '../action.js';
import { readOption, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import { INTEGER, output, textInput } from './text-actions.js';

export const REPLACE_EOL_IDS = {
  Template: '3097eb02-6dde-4160-8100-0bf7259ac75e',
  Source: '64249d36-716a-4d0e-98be-765f90ca6e56',
  Option: 'ea012a3d-97c7-499f-821d-fd8a2f11e34e',
  Result: '5d5c6eff-f37e-439f-9856-3ad8ca4e3add',
} as const;

/** The values PROCESIO's Option select stores. */
export const REPLACE_EOL_OPTIONS = { EscapesToCharacters: 1, CharactersToEscapes: 2 } as const;

const source = textInput(REPLACE_EOL_IDS.Source, 'Text');
const option = setting(
  REPLACE_EOL_IDS.Option,
  'Direction',
  'select',
  SettingDirections.Input,
  INTEGER,
  {
    isRequired: true,
    defaultValue: '1',
  },
);
const result = output(REPLACE_EOL_IDS.Result, 'Result', undefined, { type: 'text' });

const CHARACTERS: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t' };
const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export const replaceEolAction: ActionDefinition = {
  template: actionTemplate(REPLACE_EOL_IDS.Template, 'Replace EOL', [source, option, result]),
  effectful: false,
  async execute({ inputs }) {
    const text = readText(inputs, source);
    const direction = readOption(inputs, option, [1, 2] as const);
    if (direction === REPLACE_EOL_OPTIONS.EscapesToCharacters)
      return {
        [result.id]: text.replace(/\\([nrt])/g, (_, letter: string) => CHARACTERS[letter]!),
      };
    return { [result.id]: text.replace(/[\n\r\t]/g, (character) => ESCAPES[character]!) };
  },
};
