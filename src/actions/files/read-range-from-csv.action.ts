// Owns Read Range from CSV: the cells of a CSV file within a spreadsheet range ("B2:D10", "A:C",
// "2:5", "C3"), as a list of rows of text cells; cells the file lacks are empty. The delimiter is
// the one of comma, semicolon, tab and pipe that the first line uses most, outside quotes.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { decodeText } from './text-encodings.js';
import { readCsv } from './csv.js';
import { requiredFile } from './file-inputs.js';

export const READ_RANGE_FROM_CSV_IDS = {
  Template: '9c9cc774-9095-49d8-82a4-059b863b8b06',
  Values: '1c137846-c8d0-4ded-91d5-49f3441da810',
  File: '60744e51-3daf-4742-87f9-50b196a55a34',
  Range: '6717db85-0578-41a1-a279-d36b0bb2964c',
} as const;

const { Input, Output } = SettingDirections;
const ids = READ_RANGE_FROM_CSV_IDS;

const values = setting(ids.Values, 'Rows', 'datatype', Output, DataTypeIds.Json);
const file = setting(ids.File, 'CSV file', 'file', Input, DataTypeIds.File, { isRequired: true });
const range = setting(ids.Range, 'Range', 'text', Input, DataTypeIds.String, { isRequired: true });

interface Range {
  firstRow: number;
  lastRow: number;
  firstColumn: number;
  lastColumn: number;
}

function columnNumber(letters: string): number {
  return [...letters.toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
}

/** A1-style range, 1-based and inclusive; open ends are Infinity. Null when it is none. */
export function parseRange(text: string): Range | null {
  const cell = '([A-Za-z]{1,3})?(\\d{1,7})?';
  const match = new RegExp(`^${cell}(?::${cell})?$`).exec(text.trim());
  if (!match || text.trim() === '') return null;
  const [, c1, r1, c2, r2] = match;
  const twoEnds = text.includes(':');
  if (!twoEnds && (c1 === undefined || r1 === undefined)) return null;
  if (twoEnds && (c1 === undefined) !== (c2 === undefined)) return null;
  if (twoEnds && (r1 === undefined) !== (r2 === undefined)) return null;
  const bounds: Range = {
    firstColumn: c1 ? columnNumber(c1) : 1,
    lastColumn: twoEnds ? (c2 ? columnNumber(c2) : Infinity) : columnNumber(c1!),
    firstRow: r1 ? Number(r1) : 1,
    lastRow: twoEnds ? (r2 ? Number(r2) : Infinity) : Number(r1),
  };
  if (bounds.firstRow < 1 || bounds.firstRow > bounds.lastRow) return null;
  if (bounds.firstColumn > bounds.lastColumn) return null;
  return bounds;
}

function guessDelimiter(text: string): string {
  const firstLine = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const outsideQuotes = firstLine.replace(/"[^"]*"/g, '');
  let best = ',';
  let most = 0;
  for (const candidate of [',', ';', '\t', '|']) {
    const count = outsideQuotes.split(candidate).length - 1;
    if (count > most) [best, most] = [candidate, count];
  }
  return best;
}

export const readRangeFromCsvAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Read Range from CSV', [values, file, range]),
  effectful: false,
  async execute({ inputs, files }) {
    const bounds = parseRange(readText(inputs, range));
    if (!bounds) throw invalidInput(range, 'must be a range such as A1:C10, A:C, 2:5 or B3.');
    const { name, bytes } = await files.read(requiredFile(inputs, file));
    const text = decodeText(bytes, 1);
    const records = readCsv(text, guessDelimiter(text));
    if (!records) throw invalidInput(file, `("${name}") has a quoted field that never closes.`);
    const lastRow = Math.min(bounds.lastRow, records.length);
    const rows: string[][] = [];
    for (let r = bounds.firstRow; r <= lastRow; r++) {
      const record = records[r - 1]!;
      const lastColumn = Number.isFinite(bounds.lastColumn) ? bounds.lastColumn : record.length;
      const row: string[] = [];
      for (let c = bounds.firstColumn; c <= lastColumn; c++) row.push(record[c - 1] ?? '');
      rows.push(row);
    }
    return { [values.id]: rows };
  },
};
