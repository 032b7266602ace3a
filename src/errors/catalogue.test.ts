import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS, SluiceError, invalidInput } from './catalogue.js';

describe('error catalogue', () => {
  it('documents every error code in docs/errors.md with its HTTP status and statusCode', () => {
    const doc = fs.readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const rows = doc
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    for (const [code, def] of Object.entries(ERRORS)) {
      expect(rows).toContainEqual([
        `\`${code}\``,
        String(def.http),
        String(def.statusCode),
        def.value,
      ]);
    }
  });

  it('uses the HTTP status as statusCode for transport conditions', () => {
    for (const code of [
      'ROUTE_NOT_FOUND',
      'METHOD_NOT_ALLOWED',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'TOO_MANY_REQUESTS',
      'INTERNAL',
    ] as const) {
      expect(ERRORS[code].statusCode).toBe(ERRORS[code].http);
    }
  });

  it('builds one item per invalid field', () => {
    const error = invalidInput([
      { target: 'a', value: 'a is bad' },
      { target: 'b.c', value: 'c is bad' },
    ]);
    expect(error).toBeInstanceOf(SluiceError);
    expect(error.http).toBe(400);
    expect(error.items).toEqual([
      { statusCode: 502, value: 'a is bad', target: 'a' },
      { statusCode: 502, value: 'c is bad', target: 'b.c' },
    ]);
  });
});
