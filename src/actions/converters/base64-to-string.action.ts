// Owns Base64 To String: Base64 (standard or URL-safe) decoded to bytes and read as UTF-8 text.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { decodeBase64, decodeUtf8 } from './base64.js';

export const BASE64_TO_STRING_IDS = {
  Template: 'd67d8a3b-f3ec-40b9-9ba6-4e3c9cf30744',
  Result: '654ec42f-5506-4e9b-97b4-f8232733cd5a',
  Base64: 'a30c57b3-57c7-4cd7-97a0-343cb6c3c406',
} as const;

const { Input, Output } = SettingDirections;
const required = { isRequired: true } as const;

const result = setting(
  BASE64_TO_STRING_IDS.Result,
  'Text',
  'datatype',
  Output,
  DataTypeIds.String,
  required,
);
const base64 = setting(
  BASE64_TO_STRING_IDS.Base64,
  'Base64',
  'text',
  Input,
  DataTypeIds.String,
  required,
);

export const base64ToStringAction: ActionDefinition = {
  template: actionTemplate(BASE64_TO_STRING_IDS.Template, 'Base64 To String', [result, base64]),
  effectful: false,
  async execute({ inputs }) {
    const bytes = decodeBase64(readText(inputs, base64));
    if (!bytes) throw invalidInput(base64, 'is not Base64.');
    const text = decodeUtf8(bytes);
    if (text === null) throw invalidInput(base64, 'does not hold UTF-8 text.');
    return { [result.id]: text };
  },
};
