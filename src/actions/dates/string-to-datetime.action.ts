// Owns String To DateTime (the current version): text read with the given format, else with the
// first of the format list that fits, else as the culture's DateTime.Parse would read it; a second
// output says whether an exact format matched. No offset in the text means UTC.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readList, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readLanguage, withFormat, writeDateTime } from './date-values.js';
import { parseDateTimeExact, parseDateTimeFlexible } from './dotnet-format.js';

export const STRING_TO_DATETIME_IDS = {
  Template: 'e2a794fd-2ce2-416b-8206-454173000001',
  Text: 'e2a794fd-2ce2-416b-8206-454173000111',
  Language: 'e2a794fd-2ce2-416b-8206-454173000211',
  Format: 'e2a794fd-2ce2-416b-8206-454173000311',
  Formats: 'e2a794fd-2ce2-416b-8206-454173000411',
  Result: 'e2a794fd-2ce2-416b-8206-454173000511',
  Exact: 'e2a794fd-2ce2-416b-8206-454173000611',
} as const;

const { Input, Output } = SettingDirections;
const { String: STRING, DateTime: DATETIME, Boolean: BOOLEAN } = DataTypeIds;
const ids = STRING_TO_DATETIME_IDS;

const text = setting(ids.Text, 'Text', 'text', Input, STRING, { isRequired: true });
const language = setting(ids.Language, 'Culture', 'select', Input, STRING, {
  isRequired: true,
  defaultValue: 'en-US',
});
const format = setting(ids.Format, 'Format', 'text', Input, STRING);
const formats = setting(ids.Formats, 'Other formats to try', 'datatype', Input, STRING, {
  isList: true,
});
const result = setting(ids.Result, 'Date', 'datatype', Output, DATETIME, { isRequired: true });
const exact = setting(ids.Exact, 'Matched a given format', 'datatype', Output, BOOLEAN);

export const stringToDateTimeAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'String To DateTime', [
    text,
    language,
    format,
    formats,
    result,
    exact,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const source = readText(inputs, text);
    const culture = readLanguage(inputs, language);
    const candidates: [string, typeof format][] = [];
    const first = readText(inputs, format);
    if (first !== '') candidates.push([first, format]);
    for (const item of readList(inputs, formats, []))
      if (typeof item === 'string' && item !== '') candidates.push([item, formats]);
    for (const [pattern, from] of candidates) {
      const parsed = withFormat(from, () => parseDateTimeExact(source, pattern, culture));
      if (parsed) return { [result.id]: writeDateTime(parsed), [exact.id]: true };
    }
    const parsed = parseDateTimeFlexible(source, culture);
    if (!parsed) {
      const shown = JSON.stringify(source);
      throw invalidInput(
        text,
        candidates.length
          ? `fits none of the formats ${candidates.map(([p]) => JSON.stringify(p)).join(', ')} and is no other ${culture} date: ${shown}.`
          : `is not a date in ${culture}: ${shown}.`,
      );
    }
    return { [result.id]: writeDateTime(parsed), [exact.id]: false };
  },
};
