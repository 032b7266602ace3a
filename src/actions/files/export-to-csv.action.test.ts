import { describe, expect, it } from 'vitest';
import { failureOf, MemoryFiles, runAction } from '../testing/run-action.js';
import { EXPORT_TO_CSV_IDS as IDS, exportToCsvAction } from './export-to-csv.action.js';

const PEOPLE = [
  { name: 'Ada', city: 'London', note: 'said "hi", left' },
  { name: 'Grace', age: 85, city: 'New York' },
];

async function exportCsv(inputs: Record<string, unknown>) {
  const files = new MemoryFiles();
  const result = await runAction(
    exportToCsvAction,
    { [IDS.List]: PEOPLE, [IDS.FileName]: 'people', [IDS.Delimiter]: ',', ...inputs },
    { files },
  );
  const file = result[IDS.File] as { name: string; mimeType: string };
  return { file, text: (await files.read(file)).bytes.toString('utf8') };
}

describe('Export To CSV', () => {
  it('is effectful, under PROCESIO template 2a13d3e0-0c92-481e-8951-ff19f057cbed', () => {
    expect(exportToCsvAction.effectful).toBe(true);
    expect(exportToCsvAction.template.id).toBe('2a13d3e0-0c92-481e-8951-ff19f057cbed');
  });

  it('writes a header and one RFC 4180 record per object, columns in order first seen', async () => {
    const { file, text } = await exportCsv({});
    expect(file).toMatchObject({ name: 'people.csv', mimeType: 'text/csv' });
    expect(text).toBe(
      'name,city,note,age\r\nAda,London,"said ""hi"", left",\r\nGrace,New York,,85\r\n',
    );
  });

  it('puts listed columns first, takes a tab delimiter and leaves the header out when asked', async () => {
    const { file, text } = await exportCsv({
      [IDS.ColumnOrder]: 'age\ncity\n',
      [IDS.Delimiter]: '\\t',
      [IDS.Header]: 'false',
      [IDS.FileName]: 'out.CSV',
    });
    expect(file.name).toBe('out.CSV');
    expect(text).toBe('\tLondon\tAda\t"said ""hi"", left"\r\n85\tNew York\tGrace\t\r\n');
  });

  it('refuses items that are not objects and a delimiter of several characters', async () => {
    expect(
      await failureOf(exportToCsvAction, { [IDS.List]: [{ a: 1 }, 5], [IDS.FileName]: 'x' }),
    ).toMatchObject({
      type: 'validation',
      message: '"Objects" item 2 is not an object.',
    });
    expect(
      await failureOf(exportToCsvAction, {
        [IDS.List]: PEOPLE,
        [IDS.FileName]: 'x',
        [IDS.Delimiter]: ';;',
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Delimiter } });
  });
});
