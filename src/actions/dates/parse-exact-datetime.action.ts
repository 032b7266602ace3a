// Owns the first version of String To DateTime: text read with exactly one .NET format, as
// DateTime.ParseExact does. No offset in the text means UTC.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readLanguage, withFormat, writeDateTime } from './date-values.js';
import { parseDateTimeExact } from './dotnet-format.js';

export const PARSE_EXACT_DATETIME_IDS = {
  Template: 'e2a794fd-2ce2-416b-8206-4541738352c7',
  Language: '7d850a0f-edf9-4ca8-a8a3-91c9bdd53bec',
  Text: 'c797ba44-11ea-4353-968e-8218b2d020f7',
  Format: '6ca77766-29cb-487e-9610-bd7e2d32629f',
  Result: '56fc20b4-38d4-4f8f-914a-4478d6c16fe3',
} as const;

const { Input, Output } = SettingDirections;
const { String: STRING, DateTime: DATETIME } = DataTypeIds;
const ids = PARSE_EXACT_DATETIME_IDS;
const required = { isRequired: true } as const;

const language = setting(ids.Language, 'Culture', 'select', Input, STRING, {
  isRequired: true,
  defaultValue: 'en-US',
});
const text = setting(ids.Text, 'Text', 'text', Input, STRING, required);
const format = setting(ids.Format, 'Format', 'text', Input, STRING, required);
const result = setting(ids.Result, 'Date', 'datatype', Output, DATETIME, required);

export const parseExactDateTimeAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'String To DateTime', [language, text, format, result]),
  effectful: false,
  async execute({ inputs }) {
    const source = readText(inputs, text);
    const pattern = readText(inputs, format);
    const culture = readLanguage(inputs, language);
    const parsed = withFormat(format, () => parseDateTimeExact(source, pattern, culture));
    if (!parsed)
      throw invalidInput(
        text,
        `does not match the format ${JSON.stringify(pattern)} in ${culture}: ${JSON.stringify(source)}.`,
      );
    return { [result.id]: writeDateTime(parsed) };
  },
};
