import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ActionError } from '../action.js';
import { parseDateTimeValue, writeDateTime } from './date-values.js';

describe('DateTime values', () => {
  it('reads ISO-8601 with or without offset, SQL-style and the designer’s day-first text', () => {
    const read = (text: string) => parseDateTimeValue(text)?.toUTC().toISO();
    expect(read('2024-05-01T10:00:00Z')).toBe('2024-05-01T10:00:00.000Z');
    expect(read('2024-05-01T10:00:00')).toBe('2024-05-01T10:00:00.000Z');
    expect(read('2024-05-01T12:00:00+02:00')).toBe('2024-05-01T10:00:00.000Z');
    expect(read('2010-01-01T00:00:00.0000000Z')).toBe('2010-01-01T00:00:00.000Z');
    expect(read('2024-05-01 10:00:00')).toBe('2024-05-01T10:00:00.000Z');
    expect(read('02/05/2024 10:00:00')).toBe('2024-05-02T10:00:00.000Z');
    expect(read('2/5/2024')).toBe('2024-05-02T00:00:00.000Z');
  });

  it('answers null for text that is no date', () => {
    for (const text of ['', '   ', 'tomorrow', '2024-02-30', '31/02/2024', '13/13/2024'])
      expect(parseDateTimeValue(text), text).toBeNull();
  });

  it('writes ISO-8601 UTC with milliseconds and refuses years PROCESIO cannot hold', () => {
    const date = DateTime.fromISO('2024-05-01T12:00:00+02:00');
    expect(writeDateTime(date)).toBe('2024-05-01T10:00:00.000Z');
    expect(writeDateTime(DateTime.fromISO('0001-01-01T00:00:00Z'))).toBe(
      '0001-01-01T00:00:00.000Z',
    );
    expect(() => writeDateTime(DateTime.fromISO('9999-12-31T00:00:00Z').plus({ days: 1 }))).toThrow(
      ActionError,
    );
  });
});
