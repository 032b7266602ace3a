// Owns the string Replace action: every occurrence of a search text replaced by a replacement,
// optionally ignoring case. The replacement is inserted literally (no `$1`-style patterns).
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readBoolean, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';

export const REPLACE_IDS = {
  Template: '6ddf806a-612e-4bf1-aa20-cc1dab576b02',
  Search: '05ccbb02-9ac0-431b-aa87-f8eb2de4389a',
  Replacement: 'ff90350d-d905-4f35-8f69-293ec2001880',
  Result: '03952913-f4b2-404a-a3a9-781bec674532',
  Source: '13b56034-3fea-47b9-b060-63a70e0744ca',
  IgnoreCase: 'e4f0fc87-01fc-4194-a65d-33eea4bb041e',
} as const;

const { Input, Output } = SettingDirections;
const { String: STRING, Boolean: BOOLEAN } = DataTypeIds;
const required = { isRequired: true } as const;

const search = setting(REPLACE_IDS.Search, 'Search for', 'text', Input, STRING, required);
const replacement = setting(REPLACE_IDS.Replacement, 'Replace with', 'text', Input, STRING);
const result = setting(REPLACE_IDS.Result, 'Result', 'datatype', Output, STRING, required);
const source = setting(REPLACE_IDS.Source, 'Text', 'text', Input, STRING, required);
const ignoreCase = setting(REPLACE_IDS.IgnoreCase, 'Ignore case', 'check-box', Input, BOOLEAN);

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

export const replaceAction: ActionDefinition = {
  template: actionTemplate(REPLACE_IDS.Template, 'Replace', [
    search,
    replacement,
    result,
    source,
    ignoreCase,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const text = readText(inputs, source);
    const searched = readText(inputs, search);
    // An empty search text matches between every character; that is never what a flow means.
    if (searched === '') throw invalidInput(search, 'must not be empty.');
    const replaced = readText(inputs, replacement);
    const output = readBoolean(inputs, ignoreCase)
      ? text.replace(new RegExp(searched.replace(REGEX_SYNTAX, '\\$&'), 'giu'), () => replaced)
      : text.replaceAll(searched, () => replaced);
    return { [result.id]: output };
  },
};
