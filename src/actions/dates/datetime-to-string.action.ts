// Owns DateTime To String: a date written in one of .NET's standard formats (the Format select:
// d, D, f, F, g, G, m, o, r, s, t, T, u, U, y) in a culture.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections, type TemplateSetting } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readOption, type Inputs } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readDateTime, readLanguage } from './date-values.js';
import { formatDateTime } from './dotnet-format.js';

export const DATETIME_TO_STRING_IDS = {
  Template: '4c26db6e-ad07-4971-8a44-57020755f333',
  Format: '67582309-6039-444f-a300-6e645cadb2fd',
  Result: '2235f612-5cf3-4a77-aa2d-db87b0feba1e',
  Date: 'a4e73c25-9c6b-4e73-bc64-da97ebf9f7b8',
  Language: '067c51d7-9552-4284-933d-9ed60cd91459',
} as const;

/** The Format select's option values, in the catalogue's order. */
export const STANDARD_FORMATS = [
  'd',
  'D',
  'f',
  'F',
  'g',
  'G',
  'm',
  'o',
  'r',
  's',
  't',
  'T',
  'u',
  'U',
  'y',
] as const;

const { Input, Output } = SettingDirections;
const { String: STRING, DateTime: DATETIME } = DataTypeIds;
const required = { isRequired: true } as const;

const format = setting(DATETIME_TO_STRING_IDS.Format, 'Format', 'select', Input, STRING, required);
const result = setting(DATETIME_TO_STRING_IDS.Result, 'Text', 'datatype', Output, STRING, required);
const date = setting(DATETIME_TO_STRING_IDS.Date, 'Date and time', 'date-time', Input, DATETIME, {
  isRequired: true,
});
const language = setting(DATETIME_TO_STRING_IDS.Language, 'Culture', 'select', Input, STRING, {
  isRequired: true,
});

/** Matches a standard format letter exactly: "d" and "D" are different formats. */
export function readStandardFormat(inputs: Inputs, formatSetting: TemplateSetting): string {
  const value = readOption(inputs, formatSetting, STANDARD_FORMATS);
  const given = String(inputs[formatSetting.id]).trim();
  return STANDARD_FORMATS.find((letter) => letter === given) ?? value;
}

export const dateTimeToStringAction: ActionDefinition = {
  template: actionTemplate(DATETIME_TO_STRING_IDS.Template, 'DateTime To String', [
    format,
    result,
    date,
    language,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const value = readDateTime(inputs, date);
    const letter = readStandardFormat(inputs, format);
    return { [result.id]: formatDateTime(value, letter, readLanguage(inputs, language)) };
  },
};
