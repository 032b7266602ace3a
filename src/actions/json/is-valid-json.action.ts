// Owns Is Valid (JSON): passes when its input is a JSON object or list, and fails — so a flow can
// take the error port — when it is not JSON or is a lone value.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { parseJson } from './json-values.js';

export const IS_VALID_JSON_IDS = {
  Template: 'cbe93ffc-6d6e-44d8-b323-1c865fa4466f',
  Text: '6ebacd5c-2073-4d70-a25c-12dce298fee4',
} as const;

const text = setting(
  IS_VALID_JSON_IDS.Text,
  'JSON to check',
  'code-editor',
  SettingDirections.Input,
  DataTypeIds.String,
  { isRequired: true },
);

export const isValidJsonAction: ActionDefinition = {
  template: actionTemplate(IS_VALID_JSON_IDS.Template, 'Is Valid', [text]),
  effectful: false,
  async execute({ inputs }) {
    const parsed = parseJson(readText(inputs, text));
    if (!parsed.ok) throw invalidInput(text, `is not valid JSON: ${parsed.reason}`);
    if (typeof parsed.value !== 'object' || parsed.value === null)
      throw invalidInput(text, 'is JSON but neither an object nor a list.');
    return {};
  },
};
