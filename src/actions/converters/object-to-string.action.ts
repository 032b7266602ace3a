// Owns Object To String: any value as text — text as it is, numbers and booleans as written,
// objects and lists as compact JSON, nothing as the empty text.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';

export const OBJECT_TO_STRING_IDS = {
  Template: 'b4ac1793-a901-4b9e-b09d-15f24f9063e9',
  Value: '8ad90706-82ea-48ae-bfd2-83d3ec6e6ce9',
  Result: '16d01cfd-890f-4145-840c-817c9008dd4b',
} as const;

const { Input, Output } = SettingDirections;

const value = setting(OBJECT_TO_STRING_IDS.Value, 'Value', 'text', Input, DataTypeIds.Object, {
  isRequired: true,
});
const result = setting(
  OBJECT_TO_STRING_IDS.Result,
  'Text',
  'datatype',
  Output,
  DataTypeIds.String,
  {
    isRequired: true,
  },
);

export const objectToStringAction: ActionDefinition = {
  template: actionTemplate(OBJECT_TO_STRING_IDS.Template, 'Object To String', [value, result]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: readText(inputs, value) };
  },
};
