// Owns the string Concatenate action: the second text appended to the first. PROCESIO's template
// has no separator setting, so none is inserted.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';

export const CONCATENATE_IDS = {
  Template: '894e02d1-303d-4e52-9ef7-1b3198ee4b53',
  Result: '9cdb4f28-e2e3-4933-ada8-1285f7f635f4',
  First: '797e45d8-da43-4412-bac4-a3cbdf961b37',
  Second: '117061e7-e531-4340-9cc1-da8f6e13633a',
} as const;

const { Input, Output } = SettingDirections;
const STRING = DataTypeIds.String;
const required = { isRequired: true } as const;

const result = setting(CONCATENATE_IDS.Result, 'Result', 'datatype', Output, STRING, required);
const first = setting(CONCATENATE_IDS.First, 'First text', 'text', Input, STRING, required);
const second = setting(CONCATENATE_IDS.Second, 'Second text', 'text', Input, STRING, required);

export const concatenateAction: ActionDefinition = {
  template: actionTemplate(CONCATENATE_IDS.Template, 'Concatenate', [result, first, second]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: readText(inputs, first) + readText(inputs, second) };
  },
};
