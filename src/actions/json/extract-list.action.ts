// Owns Extract List: the list of values a JSONPath query matches in JSON (a single matched list
// stands for its items), run in jsonpath-plus's safe evaluator only.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { matchesAsList, queryJson } from './json-path.js';
import { readJson } from './json-values.js';

export const EXTRACT_LIST_IDS = {
  Template: '6c4a47ae-8395-44e6-9ca9-f3fc926d5e97',
  Query: '09e1ce70-a9ce-42cd-8c06-4c51dce02e9d',
  Json: '5f7c00e4-ebd8-4216-a708-7bd2d539a67a',
  Result: '5a58bcfb-ebee-4be0-8c5b-a3c12715626b',
} as const;

const { Input, Output } = SettingDirections;
const ids = EXTRACT_LIST_IDS;
const required = { isRequired: true } as const;

const query = setting(ids.Query, 'JSONPath query', 'text', Input, DataTypeIds.String, required);
const json = setting(ids.Json, 'JSON', 'text-area', Input, DataTypeIds.Json, required);
const result = setting(ids.Result, 'Matches', 'datatype', Output, DataTypeIds.Object, {
  isRequired: true,
  isList: true,
});

export const extractListAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Extract List', [query, json, result]),
  effectful: false,
  async execute({ inputs }) {
    const matches = queryJson(readJson(inputs, json), readText(inputs, query), query);
    return { [result.id]: matchesAsList(matches) };
  },
};
