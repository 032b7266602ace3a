// Owns the Find Duplicates action for lists of data models: two elements are duplicates when
// every rule of the configuration's FieldMatches holds for their fields (each rule a FieldName and
// the match options of ./matching.ts). Outputs the list without duplicates, the duplicates, and
// per kept element its duplicates, by the IdField value when the configuration names one.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { renderText } from '../../flow/placeholders.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readList } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { searchDuplicates } from './duplicates.js';
import { listInput, output } from './list-values.js';
import {
  arrayProperty,
  exactKey,
  objectItems,
  property,
  readConfig,
  readRule,
  textsMatch,
  valueAt,
} from './matching.js';

export const FIND_DUPLICATES_IDS = {
  Template: '327684ea-6ec3-4e73-a38e-de2a7c08fa4e',
  Unique: 'd927f144-a4e6-47b3-96ea-ff07f7a341ea',
  List: '92bd496e-756b-4cc6-8787-d04e14c7c2fd',
  Config: '5e4d8c70-2123-49e1-8dac-1a7620fc3969',
  Correlation: 'c6317588-3b40-441c-8f32-36d62953950f',
  Duplicates: 'a96d9188-ef2c-4547-be27-d6129d75fc0a',
} as const;

const unique = output(FIND_DUPLICATES_IDS.Unique, 'List without duplicates', undefined, {
  isList: true,
});
const list = listInput(FIND_DUPLICATES_IDS.List, 'List to process');
const config = setting(
  FIND_DUPLICATES_IDS.Config,
  'Matching configuration (JSON)',
  'code-editor',
  SettingDirections.Input,
  DataTypeIds.String,
  { isRequired: true },
);
const correlation = output(FIND_DUPLICATES_IDS.Correlation, 'Duplicates by element', undefined, {
  isList: true,
  isRequired: false,
});
const duplicates = output(FIND_DUPLICATES_IDS.Duplicates, 'Duplicates found', undefined, {
  isList: true,
  isRequired: false,
});

export const findDuplicatesAction: ActionDefinition = {
  template: actionTemplate(FIND_DUPLICATES_IDS.Template, 'Find Duplicates', [
    unique,
    list,
    config,
    correlation,
    duplicates,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const items = readList(inputs, list);
    const settings = readConfig(inputs, config)!;
    const fields = objectItems(
      arrayProperty(settings, 'FieldMatches', config),
      'FieldMatches',
      config,
    ).map((match, i) => {
      const where = `has FieldMatches item ${i + 1} that `;
      const name = property(match, 'FieldName');
      if (typeof name !== 'string' || name === '')
        throw invalidInput(config, `${where}names no FieldName.`);
      const rule = readRule(match, config, where);
      if (rule.type === 'regex')
        throw invalidInput(config, `${where}uses RegEx, which cannot compare elements.`);
      return { name, rule };
    });
    if (fields.length === 0) throw invalidInput(config, 'has no FieldMatches.');
    const idField = property(settings, 'IdField');
    const texts = items.map((item) => fields.map(({ name }) => renderText(valueAt(item, name))));
    const allExact = fields.every(({ rule }) => rule.type === 'exact');
    const found = searchDuplicates(
      items,
      allExact
        ? {
            kind: 'key',
            keyOf: (i) =>
              JSON.stringify(fields.map(({ rule }, f) => exactKey(rule, texts[i]![f]!))),
          }
        : {
            kind: 'pairs',
            same: (i, j) =>
              fields.every(({ rule }, f) => textsMatch(rule, texts[i]![f]!, texts[j]![f]!)),
          },
      list,
    );
    const identify = (i: number) =>
      typeof idField === 'string' && idField !== ''
        ? (valueAt(items[i], idField) ?? null)
        : items[i];
    return {
      [unique.id]: found.unique,
      [duplicates.id]: found.duplicates,
      [correlation.id]: found.groups.map((group) => ({
        original: identify(group.original),
        duplicates: group.duplicates.map(identify),
      })),
    };
  },
};
