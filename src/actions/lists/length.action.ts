// Owns the list Length action: how many elements a list has. (PROCESIO's string Length is a
// different template.)
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readList } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';

export const LIST_LENGTH_IDS = {
  Template: '47da9168-56e2-4c7b-bf72-1ab3db3c909d',
  Result: '0056b9c3-cce7-4d7e-9f55-0c2a2a147bf9',
  List: '80551ac5-9aa0-4801-aedd-5f68f5634fe5',
} as const;

const { Input, Output } = SettingDirections;
const OBJECT = DataTypeIds.Object;

const result = setting(LIST_LENGTH_IDS.Result, 'Count', 'datatype', Output, OBJECT, {
  isRequired: true,
});
// PROCESIO draws this list input with a `number` control; the type string is kept as it is.
const list = setting(LIST_LENGTH_IDS.List, 'List', 'number', Input, OBJECT, {
  isList: true,
  isRequired: true,
});

export const listLengthAction: ActionDefinition = {
  template: actionTemplate(LIST_LENGTH_IDS.Template, 'Length of List', [result, list]),
  effectful: false,
  async execute({ inputs }) {
    return { [result.id]: readList(inputs, list).length };
  },
};
