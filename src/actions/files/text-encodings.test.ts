import { describe, expect, it } from 'vitest';
import { decodeText, encodeText, ENCODINGS } from './text-encodings.js';

describe('text encodings', () => {
  it('writes and reads back the text each encoding can hold', () => {
    const samples: Record<number, string> = {
      1: 'Ștefan ☃ 𝄞',
      2: 'Ștefan ☃ 𝄞',
      3: 'plain ASCII ~',
      4: 'Ștefan ☃ 𝄞',
      5: 'Ștefan ☃ 𝄞',
      6: 'café ÿ',
      1250: 'Šťastný Łódź',
      1251: 'Привет',
      1252: '€ “quoted” Œuvre',
      1253: 'Καλημέρα',
      1254: 'Şişli ğ',
      1255: 'שלום',
      1256: 'مرحبا',
      1257: 'Ąžuolas',
      1258: 'Đông',
    };
    for (const encoding of ENCODINGS) {
      const text = samples[encoding]!;
      expect(decodeText(encodeText(text, encoding), encoding), String(encoding)).toBe(text);
    }
  });

  it('uses .NET byte orders: UTF-32 and UTF-16 little-endian, BigEndianUnicode big-endian', () => {
    expect([...encodeText('A', 2)]).toEqual([0x41, 0, 0, 0]);
    expect([...encodeText('A', 4)]).toEqual([0x41, 0]);
    expect([...encodeText('A', 5)]).toEqual([0, 0x41]);
    expect([...encodeText('€', 1252)]).toEqual([0x80]);
  });

  it('writes "?" for characters an encoding lacks and drops a leading byte-order mark', () => {
    expect(encodeText('aé€', 3).toString('latin1')).toBe('a??');
    expect(encodeText('€', 6).toString('latin1')).toBe('?');
    expect(encodeText('Ж', 1252).toString('latin1')).toBe('?');
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), 1)).toBe('a');
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x61, 0]), 4)).toBe('a');
    expect(decodeText(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]), 2)).toBe('a');
    expect(decodeText(Buffer.from([0x61, 0xc3]), 1)).toBe('a\uFFFD');
    expect(decodeText(Buffer.from([0x61, 0xe9]), 3)).toBe('a?');
  });
});
