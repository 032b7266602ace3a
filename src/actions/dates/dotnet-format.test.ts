import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  DateFormatError,
  formatDateTime,
  parseDateTimeExact,
  parseDateTimeFlexible,
} from './dotnet-format.js';

const at = DateTime.fromISO('2009-06-15T13:45:30.1234Z', { zone: 'utc' });
const iso = (value: DateTime | null) => value?.toUTC().toISO() ?? null;
const NOW = DateTime.fromISO('2024-02-10T08:00:00Z', { zone: 'utc' });

describe('.NET format strings', () => {
  it('writes the standard formats of en-US as .NET does', () => {
    const cases: [string, string][] = [
      ['d', '6/15/2009'],
      ['D', 'Monday, June 15, 2009'],
      ['f', 'Monday, June 15, 2009 1:45 PM'],
      ['F', 'Monday, June 15, 2009 1:45:30 PM'],
      ['g', '6/15/2009 1:45 PM'],
      ['G', '6/15/2009 1:45:30 PM'],
      ['m', 'June 15'],
      ['o', '2009-06-15T13:45:30.1230000Z'],
      ['r', 'Mon, 15 Jun 2009 13:45:30 GMT'],
      ['s', '2009-06-15T13:45:30'],
      ['t', '1:45 PM'],
      ['T', '1:45:30 PM'],
      ['u', '2009-06-15 13:45:30Z'],
      ['y', 'June 2009'],
    ];
    for (const [format, expected] of cases)
      expect(formatDateTime(at, format, 'en-US'), format).toBe(expected);
  });

  it("uses each culture's separators, patterns and names", () => {
    expect(formatDateTime(at, 'd', 'de-DE')).toBe('15.06.2009');
    expect(formatDateTime(at, 'D', 'de-DE')).toBe('Montag, 15. Juni 2009');
    expect(formatDateTime(at, 'dd/MM/yyyy', 'ro-RO')).toBe('15.06.2009');
    expect(formatDateTime(at, 'd', 'hi-IN')).toBe('15-06-2009');
    expect(formatDateTime(at, 'D', 'fr-FR')).toBe('lundi 15 juin 2009');
    expect(formatDateTime(at, 'D', 'es-ES')).toBe('lunes, 15 de junio de 2009');
    expect(formatDateTime(at, 'D', 'zh-CN')).toBe('2009年6月15日');
    expect(formatDateTime(at, 'r', 'fr-FR')).toBe('Mon, 15 Jun 2009 13:45:30 GMT');
  });

  it('takes the genitive month name next to a day number and the plain one without', () => {
    expect(formatDateTime(at, 'd MMMM', 'ru-RU')).toBe('15 июня');
    expect(formatDateTime(at, 'MMMM yyyy', 'ru-RU')).toBe('июнь 2009');
    expect(formatDateTime(at, 'MMMM', 'zh-CN')).toBe('六月');
  });

  it('writes every custom specifier, quoted and escaped literals included', () => {
    const cases: [string, string][] = [
      ['d dd ddd dddd', '15 15 Mon Monday'],
      ['M MM MMM MMMM', '6 06 Jun June'],
      ['y yy yyy yyyy yyyyy', '9 09 2009 2009 02009'],
      ['h hh H HH m mm s ss', '1 01 13 13 45 45 30 30'],
      ['f ff fff ffff fffffff', '1 12 123 1230 1230000'],
      ['t tt', 'P PM'],
      ['HH:mm:ss.FFF', '13:45:30.123'],
      ["'at' HH\\h mm", 'at 13h 45'],
      ['"yyyy" yyyy', 'yyyy 2009'],
      ['%d', '15'],
      ['zzz K', '+00:00 Z'],
    ];
    for (const [format, expected] of cases)
      expect(formatDateTime(at, format, 'en-US'), format).toBe(expected);
    const whole = DateTime.fromISO('2009-06-15T13:45:30Z', { zone: 'utc' });
    expect(formatDateTime(whole, 'HH:mm:ss.FFF', 'en-US')).toBe('13:45:30');
    expect(formatDateTime(whole.set({ hour: 0 }), 'h tt', 'en-US')).toBe('12 AM');
  });

  it('refuses formats .NET refuses', () => {
    expect(() => formatDateTime(at, 'Q', 'en-US')).toThrow(DateFormatError);
    expect(() => formatDateTime(at, "yyyy 'open", 'en-US')).toThrow(/unclosed/);
    expect(() => formatDateTime(at, 'ffffffff', 'en-US')).toThrow(/seven/);
    expect(() => formatDateTime(at, '', 'en-US')).toThrow(/empty/);
  });

  it('parses text written in an exact format back to the same instant', () => {
    const cases: [string, string, string][] = [
      ['15/06/2009 13:45', 'dd/MM/yyyy HH:mm', '2009-06-15T13:45:00.000Z'],
      ['6/15/2009 1:45:30 PM', 'G', '2009-06-15T13:45:30.000Z'],
      ['Monday, June 15, 2009', 'D', '2009-06-15T00:00:00.000Z'],
      ['15 июня 2009', 'd MMMM yyyy', '2009-06-15T00:00:00.000Z'],
      ['2009-06-15T13:45:30.1230000Z', 'o', '2009-06-15T13:45:30.123Z'],
      ['2009-06-15T15:45:30+02:00', "yyyy-MM-dd'T'HH:mm:sszzz", '2009-06-15T13:45:30.000Z'],
      ['lundi 15 juin 2009', 'D', '2009-06-15T00:00:00.000Z'],
      ['09-06-15', 'yy-MM-dd', '2009-06-15T00:00:00.000Z'],
      ['75-06-15', 'yy-MM-dd', '1975-06-15T00:00:00.000Z'],
      ['June 2009', 'y', '2009-06-01T00:00:00.000Z'],
      ['  15.06.2009  ', 'd', '2009-06-15T00:00:00.000Z'],
    ];
    const language = (format: string, text: string) =>
      /июня/.test(text)
        ? 'ru-RU'
        : /juin/.test(text)
          ? 'fr-FR'
          : format === 'd'
            ? 'de-DE'
            : 'en-US';
    for (const [text, format, expected] of cases)
      expect(iso(parseDateTimeExact(text, format, language(format, text), NOW)), text).toBe(
        expected,
      );
  });

  it('fills a time-only text with today and a missing year with this year', () => {
    expect(iso(parseDateTimeExact('14:05', 'HH:mm', 'en-US', NOW))).toBe(
      '2024-02-10T14:05:00.000Z',
    );
    expect(iso(parseDateTimeExact('3 March', 'd MMMM', 'en-GB', NOW))).toBe(
      '2024-03-03T00:00:00.000Z',
    );
  });

  it('answers null for text that does not fit or names an impossible date', () => {
    expect(parseDateTimeExact('2009-13-01', 'yyyy-MM-dd', 'en-US')).toBeNull();
    expect(parseDateTimeExact('2009-02-30', 'yyyy-MM-dd', 'en-US')).toBeNull();
    expect(parseDateTimeExact('15/06/2009', 'yyyy-MM-dd', 'en-US')).toBeNull();
    expect(parseDateTimeExact('Tuesday, June 15, 2009', 'D', 'en-US')).toBeNull();
    expect(parseDateTimeExact('13:00 PM', 'hh:mm tt', 'en-US')).toBeNull();
  });

  it('reads a date flexibly, in the culture’s order before the designer’s', () => {
    expect(iso(parseDateTimeFlexible('03/04/2024', 'en-US', NOW))).toBe('2024-03-04T00:00:00.000Z');
    expect(iso(parseDateTimeFlexible('03/04/2024', 'en-GB', NOW))).toBe('2024-04-03T00:00:00.000Z');
    expect(iso(parseDateTimeFlexible('2024-03-04T10:00:00+01:00', 'en-US', NOW))).toBe(
      '2024-03-04T09:00:00.000Z',
    );
    expect(iso(parseDateTimeFlexible('Mon, 15 Jun 2009 13:45:30 GMT', 'de-DE', NOW))).toBe(
      '2009-06-15T13:45:30.000Z',
    );
    expect(iso(parseDateTimeFlexible('2024-03-04 10:00:00', 'de-DE', NOW))).toBe(
      '2024-03-04T10:00:00.000Z',
    );
    expect(parseDateTimeFlexible('not a date', 'en-US', NOW)).toBeNull();
    expect(parseDateTimeFlexible('', 'en-US', NOW)).toBeNull();
  });
});
