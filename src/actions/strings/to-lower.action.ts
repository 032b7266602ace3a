// Owns the string To Lower action. Case mapping is Unicode's default, independent of the server's
// locale, so a flow gives the same result on every host.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';

export const TO_LOWER_IDS = {
  Template: '4cf1fe74-4e9f-42ec-bb25-7cbf8491292c',
  Result: '8f651948-eb90-48b9-a503-b324ab058a33',
  Input: 'b8b1e169-ebec-4641-b9b0-5f2604b420c5',
} as const;

const STRING = DataTypeIds.String;
const required = { isRequired: true } as const;

const result = setting(
  TO_LOWER_IDS.Result,
  'Result',
  'datatype',
  SettingDirections.Output,
  STRING,
  required,
);
const input = setting(
  TO_LOWER_IDS.Input,
  'Text',
  'text',
  SettingDirections.Input,
  STRING,
  required,
);

export const toLowerAction: ActionDefinition = {
  template: actionTemplate(TO_LOWER_IDS.Template, 'To Lower Case', [result, input]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: readText(inputs, input).toLowerCase() };
  },
};
