// Owns String To JSON: JSON text parsed; an object goes to the Json output, a list to the Json List
// output. Text holding a lone number, string or boolean is refused, as it is neither.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readJson } from './json-values.js';

export const STRING_TO_JSON_IDS = {
  Template: '4b1bdccc-9c0a-b24b-bb29-1efd831775e2',
  Text: '243bb48e-6d72-f24c-85f1-2b99a7054f64',
  Json: '243bb48e-6d72-f24c-85f1-2b99a7054f65',
  JsonList: '243bb48e-6d72-f24c-85f1-2b99a7054f66',
} as const;

const { Input, Output } = SettingDirections;
const ids = STRING_TO_JSON_IDS;

const text = setting(ids.Text, 'JSON text', 'code-editor', Input, DataTypeIds.Object, {
  isRequired: true,
});
const json = setting(ids.Json, 'Object', 'datatype', Output, DataTypeIds.Json);
const jsonList = setting(ids.JsonList, 'List', 'datatype', Output, DataTypeIds.Json, {
  isList: true,
});

export const stringToJsonAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'String To JSON', [text, json, jsonList]),
  effectful: false,
  async execute({ inputs }) {
    const value = readJson(inputs, text);
    if (Array.isArray(value)) return { [jsonList.id]: value };
    if (typeof value === 'object' && value !== null) return { [json.id]: value };
    throw invalidInput(text, `must hold a JSON object or list; got ${JSON.stringify(value)}.`);
  },
};
