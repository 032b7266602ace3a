// Owns Format DateTime: a date written with a .NET format string (custom such as "dd/MM/yyyy
// HH:mm", or one standard letter such as "D") in a culture, from its UTC value.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readDateTime, readLanguage, withFormat } from './date-values.js';
import { formatDateTime } from './dotnet-format.js';

export const FORMAT_DATETIME_IDS = {
  Template: 'e7f7ef1c-1464-40da-a7fa-dd0a11601c40',
  Result: '0c649607-3de5-401a-931a-6670ba520870',
  Language: '72941d56-3875-4516-8b21-e11f0f495e9f',
  Format: '9ddc686e-772f-4a3a-8134-5ce4027dd113',
  Date: '9357a17e-4db6-4f6d-a99d-0191bf3715bd',
} as const;

const { Input, Output } = SettingDirections;
const { String: STRING, DateTime: DATETIME } = DataTypeIds;
const required = { isRequired: true } as const;

const result = setting(FORMAT_DATETIME_IDS.Result, 'Text', 'datatype', Output, STRING, required);
const language = setting(FORMAT_DATETIME_IDS.Language, 'Culture', 'select', Input, STRING, {
  isRequired: true,
  defaultValue: 'en-US',
});
const format = setting(FORMAT_DATETIME_IDS.Format, 'Format', 'text', Input, STRING, required);
const date = setting(FORMAT_DATETIME_IDS.Date, 'Date and time', 'date-time', Input, DATETIME, {
  isRequired: true,
});

export const formatDateTimeAction: ActionDefinition = {
  template: actionTemplate(FORMAT_DATETIME_IDS.Template, 'Format DateTime', [
    result,
    language,
    format,
    date,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const value = readDateTime(inputs, date);
    const pattern = readText(inputs, format);
    const culture = readLanguage(inputs, language);
    return {
      [result.id]: withFormat(format, () => formatDateTime(value, pattern, culture)),
    };
  },
};
