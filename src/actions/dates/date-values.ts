// Owns how the date actions read and write DateTime values (API.md §6.2): ISO-8601 text (no offset
// means UTC) or the designer's dd/MM/yyyy HH:mm:ss, held as UTC instants and written back as
// ISO-8601 UTC with milliseconds, within the years 1–9999 that PROCESIO's DateTime can hold.
import type { DateTime } from 'luxon';
import { luxon } from '../../connectors/luxon.js';
import type { TemplateSetting } from '../../flow/template-catalog.js';
import { ActionError } from '../action.js';
import { invalidInput, readOption, type Inputs } from '../inputs.js';
import { DateFormatError, LANGUAGES, type Language } from './dotnet-format.js';

const DESIGNER_FORMATS = ['d/M/yyyy H:mm:ss', 'd/M/yyyy H:mm', 'd/M/yyyy'];

const EXPECTED = 'a date and time (ISO-8601 or dd/MM/yyyy HH:mm:ss)';

/** A DateTime value as the engine and designers write it, or null when the text is none. */
export function parseDateTimeValue(text: string): DateTime | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const iso = luxon().DateTime.fromISO(trimmed, { zone: 'utc' });
  if (iso.isValid) return iso;
  // SQL-style "2024-05-01 10:00:00" is ISO-8601 with a space; designers and databases write it.
  const sql = luxon().DateTime.fromSQL(trimmed, { zone: 'utc' });
  if (sql.isValid) return sql;
  for (const format of DESIGNER_FORMATS) {
    const designer = luxon().DateTime.fromFormat(trimmed, format, { zone: 'utc' });
    if (designer.isValid) return designer;
  }
  return null;
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A required DateTime input as a UTC instant. */
export function readDateTime(inputs: Inputs, setting: TemplateSetting): DateTime {
  const value = inputs[setting.id];
  if (value === undefined || value === null || value === '')
    throw invalidInput(setting, 'is required.');
  const parsed = typeof value === 'string' ? parseDateTimeValue(value) : null;
  if (!parsed) throw invalidInput(setting, `must be ${EXPECTED}; got ${shown(value)}.`);
  return parsed.toUTC();
}

/** A result date as the DateTime value a variable stores; refuses years PROCESIO cannot hold. */
export function writeDateTime(value: DateTime): string {
  const utc = value.toUTC();
  if (!utc.isValid || utc.year < 1 || utc.year > 9999)
    throw ActionError.of('out_of_range', 'The resulting date is outside the years 1 to 9999.');
  return utc.toISO({ suppressMilliseconds: false, includeOffset: false }) + 'Z';
}

/** The Language setting: a culture of {@link LANGUAGES}, en-US when the flow gives none. */
export function readLanguage(inputs: Inputs, setting: TemplateSetting): Language {
  return readOption(inputs, setting, LANGUAGES, 'en-US');
}

/** A format string's text, checked by running `use`; a bad format fails naming its setting. */
export function withFormat<T>(setting: TemplateSetting, use: () => T): T {
  try {
    return use();
  } catch (error) {
    if (error instanceof DateFormatError) throw invalidInput(setting, error.message);
    throw error;
  }
}
