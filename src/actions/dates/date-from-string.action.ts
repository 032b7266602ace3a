// Owns Date from String: text read as a date, in the chosen standard format of a culture first
// and, when it does not fit, as that culture's DateTime.Parse would read it. No offset means UTC.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readStandardFormat } from './datetime-to-string.action.js';
import { readLanguage, writeDateTime } from './date-values.js';
import { parseDateTimeExact, parseDateTimeFlexible } from './dotnet-format.js';

export const DATE_FROM_STRING_IDS = {
  Template: '62edd9a3-1bda-4e9a-b289-d0bf4dd83f08',
  Format: '48b29939-a2ce-4813-bc23-8859deda9e8e',
  Language: 'c3afea84-d5aa-40ae-b6ab-269c433c1a39',
  Text: '9a5cf0b1-6a4a-49cf-bf28-d0001bdb6f6e',
  Result: '759e91bc-4542-4677-9c42-6e060bb0dcc9',
} as const;

const { Input, Output } = SettingDirections;
const { String: STRING, DateTime: DATETIME } = DataTypeIds;
const required = { isRequired: true } as const;

const format = setting(DATE_FROM_STRING_IDS.Format, 'Format', 'select', Input, STRING, required);
const language = setting(DATE_FROM_STRING_IDS.Language, 'Culture', 'select', Input, STRING, {
  isRequired: true,
});
const text = setting(DATE_FROM_STRING_IDS.Text, 'Text', 'text', Input, STRING, required);
const result = setting(DATE_FROM_STRING_IDS.Result, 'Date', 'datatype', Output, DATETIME, {
  isRequired: true,
});

export const dateFromStringAction: ActionDefinition = {
  template: actionTemplate(DATE_FROM_STRING_IDS.Template, 'Date from String', [
    format,
    language,
    text,
    result,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const source = readText(inputs, text);
    const letter = readStandardFormat(inputs, format);
    const culture = readLanguage(inputs, language);
    const parsed =
      parseDateTimeExact(source, letter, culture) ?? parseDateTimeFlexible(source, culture);
    if (!parsed)
      throw invalidInput(text, `is not a date in ${culture}: ${JSON.stringify(source)}.`);
    return { [result.id]: writeDateTime(parsed) };
  },
};
