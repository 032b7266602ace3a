import { describe, expect, it } from 'vitest';
import { failureOf, MemoryFiles, runAction } from '../testing/run-action.js';
import {
  parseRange,
  READ_RANGE_FROM_CSV_IDS as IDS,
  readRangeFromCsvAction,
} from './read-range-from-csv.action.js';

const CSV = 'id;name;city\r\n1;Ada;"London; UK"\r\n2;Grace\r\n3;Linus;Helsinki\r\n';

async function read(range: string) {
  const files = new MemoryFiles();
  const file = files.put('people.csv', 'text/csv', CSV);
  return (
    await runAction(readRangeFromCsvAction, { [IDS.File]: file, [IDS.Range]: range }, { files })
  )[IDS.Values];
}

describe('Read Range from CSV', () => {
  it('is pure, under PROCESIO template 9c9cc774-9095-49d8-82a4-059b863b8b06', () => {
    expect(readRangeFromCsvAction.effectful).toBe(false);
    expect(readRangeFromCsvAction.template.id).toBe('9c9cc774-9095-49d8-82a4-059b863b8b06');
  });

  it('answers the cells of the range, empty where the file has none', async () => {
    expect(await read('B2:C3')).toEqual([
      ['Ada', 'London; UK'],
      ['Grace', ''],
    ]);
    expect(await read('A4')).toEqual([['3']]);
    expect(await read('A:A')).toEqual([['id'], ['1'], ['2'], ['3']]);
    expect(await read('3:4')).toEqual([
      ['2', 'Grace'],
      ['3', 'Linus', 'Helsinki'],
    ]);
  });

  it('reads ranges in A1 notation and refuses others', () => {
    expect(parseRange('aa10:AB12')).toEqual({
      firstColumn: 27,
      lastColumn: 28,
      firstRow: 10,
      lastRow: 12,
    });
    for (const bad of ['', 'A', 'A1:B', 'C1:A1', '3:1', 'A0', 'hello'])
      expect(parseRange(bad), bad).toBeNull();
  });

  it('fails naming the range when it is not one', async () => {
    const files = new MemoryFiles();
    const file = files.put('people.csv', 'text/csv', CSV);
    expect(
      await failureOf(
        readRangeFromCsvAction,
        { [IDS.File]: file, [IDS.Range]: 'everything' },
        { files },
      ),
    ).toMatchObject({
      type: 'validation',
      message: '"Range" must be a range such as A1:C10, A:C, 2:5 or B3.',
    });
  });
});
