// Owns Extract Objects, the Json Mapper: a JSONPath query over JSON (an object, a list or a data
// model), answering the first match and the list of matches (a single matched list stands for its
// items). The query runs in jsonpath-plus's safe evaluator only.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { matchesAsList, queryJson } from './json-path.js';
import { readJson } from './json-values.js';

export const EXTRACT_OBJECTS_IDS = {
  Template: 'a7758608-b5a7-49bb-8a71-fda9f54eba77',
  Result: '22be2a5f-b166-45d4-93bc-21ab26b03e4d',
  Json: '0bc748c0-461b-4374-b6b4-6e834e833f53',
  ResultList: '0bc748c0-461b-4374-b6b4-6e834e833f54',
  Query: '5d525efb-03c6-4609-9398-331e7bd0fbc9',
} as const;

const { Input, Output } = SettingDirections;
const { Object: OBJECT, Json: JSON_TYPE, String: STRING } = DataTypeIds;
const ids = EXTRACT_OBJECTS_IDS;

const result = setting(ids.Result, 'First match', 'datatype', Output, OBJECT);
const json = setting(ids.Json, 'JSON', 'text-area', Input, JSON_TYPE, { isRequired: true });
const resultList = setting(ids.ResultList, 'All matches', 'datatype', Output, OBJECT, {
  isList: true,
});
const query = setting(ids.Query, 'JSONPath query', 'text', Input, STRING, { isRequired: true });

export const extractObjectsAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Extract Objects', [result, json, resultList, query]),
  effectful: false,
  async execute({ inputs }) {
    const matches = queryJson(readJson(inputs, json), readText(inputs, query), query);
    return { [result.id]: matches[0] ?? null, [resultList.id]: matchesAsList(matches) };
  },
};
