// Owns the DeDuplicate action for simple lists: the list without its duplicates, the duplicates
// found and, for each kept element, the ones that duplicate it. Without a configuration elements
// match exactly (the equality of ./list-values.ts); the optional JSON configuration picks another
// match type (./matching.ts), IgnoredTerms and a Sort ("asc"/"desc") of the kept elements.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { renderText } from '../../flow/placeholders.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readList } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { canonicalKey, searchDuplicates } from './duplicates.js';
import { compareValues, listInput, output, parseOrder } from './list-values.js';
import { exactKey, property, readConfig, readRule, textsMatch } from './matching.js';

export const DEDUPLICATE_IDS = {
  Template: 'd32f8c2f-1a0b-4da3-8bff-d6c8e8fcc72d',
  Unique: '0a3a1b27-57aa-411d-91a4-cec55ac80ae2',
  List: 'f322694c-5311-4a1b-bae4-15a4c86c3840',
  Config: '26135b59-519f-47c4-a486-b68b4e439325',
  Duplicates: 'be9789d4-0104-4241-98ad-1a84bb7f8a3e',
  Correlation: 'e15860f5-9007-47a2-8bfc-2d0bbd523f0e',
} as const;

const unique = output(DEDUPLICATE_IDS.Unique, 'List without duplicates', undefined, {
  isList: true,
  type: 'text',
});
const list = listInput(DEDUPLICATE_IDS.List, 'List to process');
const config = setting(
  DEDUPLICATE_IDS.Config,
  'Matching configuration (JSON)',
  'code-editor',
  SettingDirections.Input,
  DataTypeIds.String,
);
const duplicates = output(DEDUPLICATE_IDS.Duplicates, 'Duplicates found', undefined, {
  isList: true,
  isRequired: false,
  type: 'text',
});
const correlation = output(DEDUPLICATE_IDS.Correlation, 'Duplicates by element', undefined, {
  isList: true,
  isRequired: false,
  type: 'text',
});

export const deduplicateAction: ActionDefinition = {
  template: actionTemplate(DEDUPLICATE_IDS.Template, 'DeDuplicate', [
    unique,
    list,
    config,
    duplicates,
    correlation,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const items = readList(inputs, list);
    const settings = readConfig(inputs, config) ?? {};
    const rule = readRule(settings, config);
    if (rule.type === 'regex')
      throw invalidInput(config, 'cannot use RegEx to compare elements with each other.');
    const sortText = property(settings, 'Sort');
    const order =
      sortText === undefined || sortText === null ? null : parseOrder(renderText(sortText));
    if (sortText !== undefined && sortText !== null && order === null)
      throw invalidInput(config, 'has a "Sort" other than "asc" or "desc".');
    const texts = items.map(renderText);
    const found = searchDuplicates(
      items,
      rule.type !== 'exact'
        ? { kind: 'pairs', same: (i, j) => textsMatch(rule, texts[i]!, texts[j]!) }
        : rule.ignoredTerms.length > 0
          ? { kind: 'key', keyOf: (i) => exactKey(rule, texts[i]!) }
          : { kind: 'key', keyOf: (i) => canonicalKey(items[i]) },
      list,
    );
    const kept = order
      ? [...found.unique].sort(order === 'asc' ? compareValues : (a, b) => compareValues(b, a))
      : found.unique;
    return {
      [unique.id]: kept,
      [duplicates.id]: found.duplicates,
      [correlation.id]: found.groups.map((group) => ({
        original: items[group.original],
        duplicates: group.duplicates.map((i) => items[i]),
      })),
    };
  },
};
