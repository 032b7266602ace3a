// Owns the Simple Filter action for lists of plain values (text, numbers): one rule
// (./filter-rules.ts) compares each element, as text, with the configuration's FilterExpression.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { renderText } from '../../flow/placeholders.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readList } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { applyFilter, readFilterRule } from './filter-rules.js';
import { listInput, output } from './list-values.js';
import { readConfig } from './matching.js';

export const SIMPLE_FILTER_IDS = {
  Template: '71e51226-9722-4f7a-8679-e3050e7706a2',
  Config: '50602c40-dfa6-4931-87e2-73dc3ee82663',
  List: 'cc48f97a-207c-446b-ad7d-e0a885cf2006',
  Result: 'eda473ac-9a86-44c0-94d7-1f312d408d70',
} as const;

const config = setting(
  SIMPLE_FILTER_IDS.Config,
  'Filter configuration (JSON)',
  'code-editor',
  SettingDirections.Input,
  DataTypeIds.String,
  { isRequired: true },
);
const list = listInput(SIMPLE_FILTER_IDS.List, 'List to filter');
const result = output(SIMPLE_FILTER_IDS.Result, 'Filtered list', undefined, {
  isList: true,
  type: 'text',
});

export const simpleFilterAction: ActionDefinition = {
  template: actionTemplate(SIMPLE_FILTER_IDS.Template, 'Simple Filter', [config, list, result]),
  effectful: false,
  async execute({ inputs }) {
    const items = readList(inputs, list);
    const rule = readFilterRule(readConfig(inputs, config)!, config, '', renderText);
    return { [result.id]: await applyFilter(items, [rule], config, list) };
  },
};
