// Owns String To Base64: text encoded as UTF-8 bytes, written as standard Base64 with padding.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';

export const STRING_TO_BASE64_IDS = {
  Template: '29eaf6c7-6f1b-43e0-9529-9e1f7c855316',
  Result: 'be012149-9fc3-4000-890a-fa5f4228a7fa',
  Text: '967e519e-f9ab-4a80-9aa6-9ead8506d19c',
} as const;

const { Input, Output } = SettingDirections;
const required = { isRequired: true } as const;

const result = setting(
  STRING_TO_BASE64_IDS.Result,
  'Base64',
  'datatype',
  Output,
  DataTypeIds.String,
  required,
);
const text = setting(
  STRING_TO_BASE64_IDS.Text,
  'Text',
  'text',
  Input,
  DataTypeIds.String,
  required,
);

export const stringToBase64Action: ActionDefinition = {
  template: actionTemplate(STRING_TO_BASE64_IDS.Template, 'String To Base64', [result, text]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: Buffer.from(readText(inputs, text), 'utf8').toString('base64') };
  },
};
