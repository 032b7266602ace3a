import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from './csv.js';

describe('CSV', () => {
  it('quotes only fields holding the delimiter, a quote or a line break, doubling quotes', () => {
    expect(
      writeCsv(
        [
          ['plain', 'a,b', 'say "hi"', 'two\nlines', ' spaced '],
          [1, true, null, { x: 1 }, ''],
        ],
        ',',
      ),
    ).toBe('plain,"a,b","say ""hi""","two\nlines", spaced \r\n1,true,,"{""x"":1}",\r\n');
    expect(writeCsv([['a;b', 'a,b']], ';')).toBe('"a;b";a,b\r\n');
  });

  it('reads back what it writes, any line breaks and a byte-order mark included', () => {
    const records = [
      ['h1', 'h2'],
      ['x "q"', 'multi\r\nline'],
      ['', 'end'],
    ];
    expect(readCsv(writeCsv(records, '\t'), '\t')).toEqual(records);
    expect(readCsv('\uFEFFa,b\nc,d\re,f', ',')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
    expect(readCsv('a,', ',')).toEqual([['a', '']]);
  });

  it('answers null for a quoted field that never closes', () => {
    expect(readCsv('a,"open\nb', ',')).toBeNull();
  });
});
