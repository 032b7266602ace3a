// Owns the Filter action for lists of data models: the configuration's FieldMatches each name a
// field (FieldName, a dot path) and a rule (./filter-rules.ts); AlternateFields give, per field,
// other field names read in turn when the field is missing or empty.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { renderText } from '../../flow/placeholders.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readList } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { applyFilter, readFilterRule } from './filter-rules.js';
import { listInput, output } from './list-values.js';
import { arrayProperty, objectItems, property, readConfig, valueAt } from './matching.js';

export const FILTER_IDS = {
  Template: 'e6cbbb28-c1cd-4bd7-a820-2d74e38c37ef',
  List: '7419c225-2a0d-40c3-91d8-9f538d536172',
  Result: '8b044da4-ee20-4d8f-9220-806d07b89ae3',
  Config: '3bb955c7-eef0-41f4-b940-642d2b937bfd',
} as const;

const list = listInput(FILTER_IDS.List, 'List to filter');
const result = output(FILTER_IDS.Result, 'Filtered list', undefined, {
  isList: true,
  type: 'text',
});
const config = setting(
  FILTER_IDS.Config,
  'Filter configuration (JSON)',
  'code-editor',
  SettingDirections.Input,
  DataTypeIds.String,
  { isRequired: true },
);

export const filterAction: ActionDefinition = {
  template: actionTemplate(FILTER_IDS.Template, 'Filter', [list, result, config]),
  effectful: false,
  async execute({ inputs }) {
    const items = readList(inputs, list);
    const settings = readConfig(inputs, config)!;
    const alternates = new Map<string, string[]>();
    objectItems(
      arrayProperty(settings, 'AlternateFields', config),
      'AlternateFields',
      config,
    ).forEach((entry, i) => {
      const name = property(entry, 'FieldName');
      const others = property(entry, 'FieldAlternateNames');
      if (typeof name !== 'string' || !Array.isArray(others))
        throw invalidInput(
          config,
          `has AlternateFields item ${i + 1} without a FieldName and a FieldAlternateNames list.`,
        );
      alternates.set(name, others.map(renderText));
    });
    const fieldText = (item: unknown, name: string) => {
      for (const candidate of [name, ...(alternates.get(name) ?? [])]) {
        const value = valueAt(item, candidate);
        if (value !== undefined && value !== null && value !== '') return renderText(value);
      }
      return '';
    };
    const rules = objectItems(
      arrayProperty(settings, 'FieldMatches', config),
      'FieldMatches',
      config,
    ).map((match, i) => {
      const where = `has FieldMatches item ${i + 1} that `;
      const name = property(match, 'FieldName');
      if (typeof name !== 'string' || name === '')
        throw invalidInput(config, `${where}names no FieldName.`);
      return readFilterRule(match, config, where, (item) => fieldText(item, name));
    });
    if (rules.length === 0) throw invalidInput(config, 'has no FieldMatches.');
    return { [result.id]: await applyFilter(items, rules, config, list) };
  },
};
