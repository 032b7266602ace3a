// Owns the string To Upper action. Case mapping is Unicode's default, independent of the server's
// locale, so a flow gives the same result on every host.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';

export const TO_UPPER_IDS = {
  Template: '024f22fa-831f-470a-bca0-2448d0b868ca',
  Input: '786b5c80-ae4d-4947-aa35-24fd1f9e1f09',
  Result: '9b41b39f-815f-4b2e-937b-7c96887635df',
} as const;

const STRING = DataTypeIds.String;
const required = { isRequired: true } as const;

const input = setting(
  TO_UPPER_IDS.Input,
  'Text',
  'text',
  SettingDirections.Input,
  STRING,
  required,
);
const result = setting(
  TO_UPPER_IDS.Result,
  'Result',
  'datatype',
  SettingDirections.Output,
  STRING,
  required,
);

export const toUpperAction: ActionDefinition = {
  template: actionTemplate(TO_UPPER_IDS.Template, 'To Upper Case', [input, result]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: readText(inputs, input).toUpperCase() };
  },
};
