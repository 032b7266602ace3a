// Owns Export To CSV: a list of objects written to a new UTF-8 CSV file (RFC 4180, records ended by
// CRLF). Columns are the objects' keys in the order first seen, the listed column order first;
// the header row is on unless turned off; the name gets ".csv" when it lacks it.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readBoolean, readList, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { isJsonObject } from '../json/json-values.js';
import { writeCsv } from './csv.js';
import { readFileName } from './file-inputs.js';

export const EXPORT_TO_CSV_IDS = {
  Template: '2a13d3e0-0c92-481e-8951-ff19f057cbed',
  Header: '31210b55-a7d8-4860-87cf-400b63f5b142',
  File: '3695e15d-414c-45e7-b64f-38f3010e9c23',
  FileName: 'c4477484-c3ad-45cf-93e9-c78891076c69',
  Delimiter: '2dfbf998-47a5-4c9f-a006-11277eb135c5',
  ColumnOrder: 'e2b8cbbd-175a-4cae-9529-1da74dfbd1d2',
  List: '631c65d6-e7b6-4ea8-a97e-67dc71ed2bc7',
} as const;

const { Input, Output } = SettingDirections;
const { String: STRING, Boolean: BOOLEAN, File: FILE, Object: OBJECT } = DataTypeIds;
const ids = EXPORT_TO_CSV_IDS;
const required = { isRequired: true } as const;

const header = setting(ids.Header, 'Header row', 'check-box', Input, BOOLEAN, {
  defaultValue: 'True',
});
const file = setting(ids.File, 'CSV file', 'file', Output, FILE, required);
const fileName = setting(ids.FileName, 'File name', 'text', Input, STRING, required);
const delimiter = setting(ids.Delimiter, 'Delimiter', 'text', Input, STRING, {
  isRequired: true,
  defaultValue: ',',
});
const columnOrder = setting(
  ids.ColumnOrder,
  'Column order (one per line)',
  'code-editor',
  Input,
  STRING,
);
const list = setting(ids.List, 'Objects', 'text', Input, OBJECT, {
  isRequired: true,
  isList: true,
});

function readDelimiter(inputs: Readonly<Record<string, unknown>>): string {
  const given = readText(inputs, delimiter, ',');
  // Designers type a tab as the two characters \t.
  const text = given === '\\t' ? '\t' : given;
  if ([...text].length !== 1 || /["\r\n]/.test(text))
    throw invalidInput(
      delimiter,
      `must be one character other than a quote or a line break (\\t for a tab); got ${JSON.stringify(given)}.`,
    );
  return text;
}

export const exportToCsvAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Export To CSV', [
    header,
    file,
    fileName,
    delimiter,
    columnOrder,
    list,
  ]),
  // It stores a new file: recorded before the next action, so a resume does not store it twice.
  effectful: true,
  async execute({ inputs, files }) {
    const items = readList(inputs, list);
    const rows = items.map((item, index) => {
      if (!isJsonObject(item)) throw invalidInput(list, `item ${index + 1} is not an object.`);
      return item;
    });
    const separator = readDelimiter(inputs);
    let name = readFileName(inputs, fileName);
    if (!name.toLowerCase().endsWith('.csv')) name += '.csv';
    const columns = new Set(
      readText(inputs, columnOrder)
        .split(/\r\n|\r|\n/)
        .map((column) => column.trim())
        .filter((column) => column !== ''),
    );
    for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
    const names = [...columns];
    const records = rows.map((row) => names.map((column) => row[column]));
    if (readBoolean(inputs, header, true)) records.unshift(names);
    const text = writeCsv(records, separator);
    return {
      [file.id]: await files.create({
        name,
        mimeType: 'text/csv',
        content: Buffer.from(text, 'utf8'),
      }),
    };
  },
};
