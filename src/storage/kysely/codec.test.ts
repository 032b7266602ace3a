import { describe, expect, it } from 'vitest';
import { readBool, readCount, readDate, readDateOrNull, readJson } from './codec.js';

describe('storage codec', () => {
  it('reads booleans from SQLite integers and PostgreSQL booleans alike', () => {
    expect([readBool(1), readBool(true), readBool(0), readBool(false), readBool(null)]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('reads dates from ISO text and Date objects alike', () => {
    const iso = '2026-02-03T04:05:06.789Z';
    expect(readDate(iso).toISOString()).toBe(iso);
    expect(readDate(new Date(iso)).toISOString()).toBe(iso);
    expect(readDateOrNull(null)).toBeNull();
    expect(() => readDate('not a date')).toThrow(TypeError);
  });

  it('reads JSON from text and from parsed jsonb alike', () => {
    expect(readJson('{"a":[1]}')).toEqual({ a: [1] });
    expect(readJson({ a: [1] })).toEqual({ a: [1] });
  });

  it('reads counts from numbers, bigint and decimal strings', () => {
    expect([readCount(3), readCount(3n), readCount('42'), readCount(undefined)]).toEqual([
      3, 3, 42, 0,
    ]);
  });
});
