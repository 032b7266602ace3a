// Owns .NET date and time format strings, which PROCESIO flows are written with: the one-letter
// standard formats (d, D, f, F, g, G, m, o, r, s, t, T, u, U, y) and custom patterns (dd/MM/yyyy
// HH:mm, dddd, MMMM, tt, fff, zzz…), for formatting and for exact parsing, in the cultures the
// Language setting offers. Names (months, days, AM/PM) come from ICU through luxon; digits are
// always Latin, as .NET writes them.
import type { DateTime } from 'luxon';
import { luxon } from '../../connectors/luxon.js';

/** The Language setting's option values. */
export const LANGUAGES = [
  'ro-RO',
  'en-GB',
  'en-US',
  'el-GR',
  'es-ES',
  'zh-CN',
  'ru-RU',
  'de-DE',
  'hi-IN',
  'ar-AE',
  'fr-FR',
] as const;

export type Language = (typeof LANGUAGES)[number];

/** A format string .NET would refuse (unknown standard letter, unclosed quote, too many f). */
export class DateFormatError extends Error {}

interface Culture {
  locale: string;
  shortDate: string;
  longDate: string;
  shortTime: string;
  longTime: string;
  monthDay: string;
  yearMonth: string;
  dateSeparator: string;
}

// .NET's patterns for each culture (Windows NLS data, which PROCESIO's servers use).
const CULTURES: Record<Language, Culture> = {
  'en-US': {
    locale: 'en-US',
    shortDate: 'M/d/yyyy',
    longDate: 'dddd, MMMM d, yyyy',
    shortTime: 'h:mm tt',
    longTime: 'h:mm:ss tt',
    monthDay: 'MMMM d',
    yearMonth: 'MMMM yyyy',
    dateSeparator: '/',
  },
  'en-GB': {
    locale: 'en-GB',
    shortDate: 'dd/MM/yyyy',
    longDate: 'dd MMMM yyyy',
    shortTime: 'HH:mm',
    longTime: 'HH:mm:ss',
    monthDay: 'd MMMM',
    yearMonth: 'MMMM yyyy',
    dateSeparator: '/',
  },
  'ro-RO': {
    locale: 'ro-RO',
    shortDate: 'dd.MM.yyyy',
    longDate: 'dddd, d MMMM yyyy',
    shortTime: 'HH:mm',
    longTime: 'HH:mm:ss',
    monthDay: 'd MMMM',
    yearMonth: 'MMMM yyyy',
    dateSeparator: '.',
  },
  'el-GR': {
    locale: 'el-GR',
    shortDate: 'd/M/yyyy',
    longDate: 'dddd, d MMMM yyyy',
    shortTime: 'h:mm tt',
    longTime: 'h:mm:ss tt',
    monthDay: 'd MMMM',
    yearMonth: 'MMMM yyyy',
    dateSeparator: '/',
  },
  'es-ES': {
    locale: 'es-ES',
    shortDate: 'dd/MM/yyyy',
    longDate: "dddd, d 'de' MMMM 'de' yyyy",
    shortTime: 'H:mm',
    longTime: 'H:mm:ss',
    monthDay: "d 'de' MMMM",
    yearMonth: "MMMM 'de' yyyy",
    dateSeparator: '/',
  },
  'zh-CN': {
    locale: 'zh-CN',
    shortDate: 'yyyy/M/d',
    longDate: "yyyy'年'M'月'd'日'",
    shortTime: 'H:mm',
    longTime: 'H:mm:ss',
    monthDay: "M'月'd'日'",
    yearMonth: "yyyy'年'M'月'",
    dateSeparator: '/',
  },
  'ru-RU': {
    locale: 'ru-RU',
    shortDate: 'dd.MM.yyyy',
    longDate: "d MMMM yyyy 'г.'",
    shortTime: 'H:mm',
    longTime: 'H:mm:ss',
    monthDay: 'd MMMM',
    yearMonth: 'MMMM yyyy',
    dateSeparator: '.',
  },
  'de-DE': {
    locale: 'de-DE',
    shortDate: 'dd.MM.yyyy',
    longDate: 'dddd, d. MMMM yyyy',
    shortTime: 'HH:mm',
    longTime: 'HH:mm:ss',
    monthDay: 'd. MMMM',
    yearMonth: 'MMMM yyyy',
    dateSeparator: '.',
  },
  'hi-IN': {
    locale: 'hi-IN',
    shortDate: 'dd-MM-yyyy',
    longDate: 'dd MMMM yyyy',
    shortTime: 'HH:mm',
    longTime: 'HH:mm:ss',
    monthDay: 'dd MMMM',
    yearMonth: 'MMMM, yyyy',
    dateSeparator: '-',
  },
  'ar-AE': {
    locale: 'ar-AE',
    shortDate: 'dd/MM/yyyy',
    longDate: 'dd MMMM, yyyy',
    shortTime: 'hh:mm tt',
    longTime: 'hh:mm:ss tt',
    monthDay: 'dd MMMM',
    yearMonth: 'MMMM, yyyy',
    dateSeparator: '/',
  },
  'fr-FR': {
    locale: 'fr-FR',
    shortDate: 'dd/MM/yyyy',
    longDate: 'dddd d MMMM yyyy',
    shortTime: 'HH:mm',
    longTime: 'HH:mm:ss',
    monthDay: 'd MMMM',
    yearMonth: 'MMMM yyyy',
    dateSeparator: '/',
  },
};

// o, r, s and u are culture-independent: English names, "/" and ":".
const INVARIANT = CULTURES['en-US'];

const INVARIANT_PATTERNS: Record<string, string> = {
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
};

interface Names {
  /** Index 0 = January. Genitive ("of June") forms go with a day number, as in .NET. */
  months: string[];
  monthsGenitive: string[];
  monthsShort: string[];
  monthsShortGenitive: string[];
  /** Index 0 = Monday (luxon's weekday − 1). */
  days: string[];
  daysShort: string[];
  am: string;
  pm: string;
  eras: string[];
}

const namesCache = new Map<string, Names>();

function namesOf(locale: string): Names {
  let names = namesCache.get(locale);
  if (!names) {
    const options = { locale };
    const standalone = luxon().Info.months('long', options);
    const standaloneShort = luxon().Info.months('short', options);
    // Some locales (zh-CN) only have numeric "format" month names; .NET writes the word there.
    const wordy = (format: string[], fallback: string[]) =>
      format.map((name, i) => (/^\d+$/.test(name) ? fallback[i]! : name));
    const [am, pm] = luxon().Info.meridiems(options);
    names = {
      months: standalone,
      monthsGenitive: wordy(luxon().Info.monthsFormat('long', options), standalone),
      monthsShort: standaloneShort,
      monthsShortGenitive: wordy(luxon().Info.monthsFormat('short', options), standaloneShort),
      days: luxon().Info.weekdaysFormat('long', options),
      daysShort: luxon().Info.weekdaysFormat('short', options),
      am: am ?? 'AM',
      pm: pm ?? 'PM',
      eras: luxon().Info.eras('short', options),
    };
    namesCache.set(locale, names);
  }
  return names;
}

type Token =
  | { kind: 'field'; letter: string; count: number }
  | { kind: 'literal'; text: string }
  | { kind: 'dateSeparator' }
  | { kind: 'timeSeparator' };

const FIELD_LETTERS = new Set('dfFghHKmMstyz');

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  const literal = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else tokens.push({ kind: 'literal', text });
  };
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (FIELD_LETTERS.has(ch)) {
      let end = i;
      while (pattern[end] === ch) end += 1;
      tokens.push({ kind: 'field', letter: ch, count: end - i });
      i = end;
    } else if (ch === "'" || ch === '"') {
      let end = i + 1;
      let text = '';
      while (end < pattern.length && pattern[end] !== ch) {
        if (pattern[end] === '\\' && end + 1 < pattern.length) {
          text += pattern[end + 1];
          end += 2;
        } else {
          text += pattern[end];
          end += 1;
        }
      }
      if (end >= pattern.length) throw new DateFormatError(`has an unclosed ${ch} quote.`);
      literal(text);
      i = end + 1;
    } else if (ch === '\\') {
      if (i + 1 >= pattern.length) throw new DateFormatError('ends with an escape character.');
      literal(pattern[i + 1]!);
      i += 2;
    } else if (ch === '%') {
      const next = pattern[i + 1];
      if (next === undefined || !FIELD_LETTERS.has(next))
        throw new DateFormatError('has a % that is not followed by a format letter.');
      tokens.push({ kind: 'field', letter: next, count: 1 });
      i += 2;
    } else {
      if (ch === '/') tokens.push({ kind: 'dateSeparator' });
      else if (ch === ':') tokens.push({ kind: 'timeSeparator' });
      else literal(ch);
      i += 1;
    }
  }
  for (const token of tokens)
    if (token.kind === 'field' && (token.letter === 'f' || token.letter === 'F') && token.count > 7)
      throw new DateFormatError('has more than seven fraction digits (f or F).');
  return tokens;
}

interface Compiled {
  tokens: Token[];
  culture: Culture;
  names: Names;
  /** A day number (d, dd) appears: month names take their genitive form. */
  hasDayNumber: boolean;
}

/** Expands a standard format letter to its pattern, or takes the text as a custom pattern. */
function compile(format: string, language: Language): Compiled {
  if (format === '') throw new DateFormatError('is empty.');
  let culture = CULTURES[language];
  let pattern = format;
  if (format.length === 1) {
    const standard = format.toLowerCase();
    if (standard in INVARIANT_PATTERNS) {
      culture = INVARIANT;
      pattern = INVARIANT_PATTERNS[standard]!;
    } else {
      const expanded = (
        {
          d: culture.shortDate,
          D: culture.longDate,
          f: `${culture.longDate} ${culture.shortTime}`,
          F: `${culture.longDate} ${culture.longTime}`,
          U: `${culture.longDate} ${culture.longTime}`,
          g: `${culture.shortDate} ${culture.shortTime}`,
          G: `${culture.shortDate} ${culture.longTime}`,
          m: culture.monthDay,
          M: culture.monthDay,
          t: culture.shortTime,
          T: culture.longTime,
          y: culture.yearMonth,
          Y: culture.yearMonth,
        } as Record<string, string>
      )[format];
      if (expanded === undefined)
        throw new DateFormatError(`is not a .NET standard format letter ("${format}").`);
      pattern = expanded;
    }
  }
  const tokens = tokenize(pattern);
  const hasDayNumber = tokens.some((t) => t.kind === 'field' && t.letter === 'd' && t.count <= 2);
  return { tokens, culture, names: namesOf(culture.locale), hasDayNumber };
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** Writes a UTC instant with a .NET format string in a culture. */
export function formatDateTime(value: DateTime, format: string, language: Language): string {
  const { tokens, culture, names, hasDayNumber } = compile(format, language);
  const date = value.toUTC();
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'literal') {
      out += token.text;
      continue;
    }
    if (token.kind === 'dateSeparator') {
      out += culture.dateSeparator;
      continue;
    }
    if (token.kind === 'timeSeparator') {
      out += ':';
      continue;
    }
    const { letter, count } = token;
    const designator = date.hour < 12 ? names.am : names.pm;
    switch (letter) {
      case 'd':
        out +=
          count === 1
            ? String(date.day)
            : count === 2
              ? pad(date.day, 2)
              : count === 3
                ? names.daysShort[date.weekday - 1]
                : names.days[date.weekday - 1];
        break;
      case 'M':
        out +=
          count === 1
            ? String(date.month)
            : count === 2
              ? pad(date.month, 2)
              : count === 3
                ? (hasDayNumber ? names.monthsShortGenitive : names.monthsShort)[date.month - 1]
                : (hasDayNumber ? names.monthsGenitive : names.months)[date.month - 1];
        break;
      case 'y':
        out +=
          count === 1
            ? String(date.year % 100)
            : count === 2
              ? pad(date.year % 100, 2)
              : pad(date.year, count);
        break;
      case 'h':
        out += count === 1 ? String(date.hour % 12 || 12) : pad(date.hour % 12 || 12, 2);
        break;
      case 'H':
        out += count === 1 ? String(date.hour) : pad(date.hour, 2);
        break;
      case 'm':
        out += count === 1 ? String(date.minute) : pad(date.minute, 2);
        break;
      case 's':
        out += count === 1 ? String(date.second) : pad(date.second, 2);
        break;
      case 'f':
        out += pad(date.millisecond, 3).padEnd(7, '0').slice(0, count);
        break;
      case 'F': {
        const digits = pad(date.millisecond, 3).padEnd(7, '0').slice(0, count).replace(/0+$/, '');
        // .NET drops the decimal point too when nothing follows it.
        if (digits === '' && out.endsWith('.')) out = out.slice(0, -1);
        out += digits;
        break;
      }
      case 't':
        out += count === 1 ? designator.slice(0, 1) : designator;
        break;
      case 'g':
        out += names.eras[date.year > 0 ? 1 : 0] ?? '';
        break;
      case 'z':
        out += count === 1 ? '+0' : count === 2 ? '+00' : '+00:00';
        break;
      case 'K':
        out += 'Z';
        break;
    }
  }
  return out;
}

// Only syntax characters: the expressions use the `u` flag, which refuses other escapes.
const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

function alternation(names: readonly string[]): string {
  const unique = [...new Set(names.filter((n) => n !== ''))];
  unique.sort((a, b) => b.length - a.length);
  return unique.map(escapeRegex).join('|');
}

function indexOfName(lists: readonly (readonly string[])[], text: string): number {
  const wanted = text.toLocaleLowerCase();
  for (const list of lists) {
    const index = list.findIndex((name) => name.toLocaleLowerCase() === wanted);
    if (index >= 0) return index;
  }
  return -1;
}

interface Fields {
  year?: number;
  twoDigitYear?: number;
  month?: number;
  day?: number;
  weekday?: number;
  hour24?: number;
  hour12?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  millisecond?: number;
  offsetMinutes?: number;
}

function parseOffset(text: string): number {
  if (text === '' || text.toUpperCase() === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const [hours, minutes] = text.slice(1).split(':');
  return sign * (Number(hours) * 60 + Number(minutes ?? 0));
}

/**
 * Reads text written in exactly the given .NET format (as `luxon().DateTime.ParseExact` does, with outer
 * and repeated whitespace allowed). Missing date parts default like .NET: no date at all means
 * today, otherwise the current year and month/day 1. No offset means UTC. Null when the text does
 * not match or names an impossible date.
 */
export function parseDateTimeExact(
  text: string,
  format: string,
  language: Language,
  now: DateTime = luxon().DateTime.utc(),
): DateTime | null {
  const { tokens, culture, names } = compile(format, language);
  const setters: ((captured: string, fields: Fields) => boolean)[] = [];
  let body = '';
  const group = (pattern: string, set: (captured: string, fields: Fields) => boolean) => {
    body += `(${pattern})`;
    setters.push(set);
  };
  const number = (set: (n: number, fields: Fields) => void) => (captured: string, f: Fields) => {
    set(Number(captured), f);
    return true;
  };
  const digits = (count: number) => (count === 1 ? '\\d{1,2}' : '\\d{2}');
  for (const token of tokens) {
    if (token.kind === 'literal') {
      body += token.text
        .split(/(\s+)/)
        .map((part) => (/^\s+$/.test(part) ? '\\s+' : escapeRegex(part)))
        .join('');
      continue;
    }
    if (token.kind === 'dateSeparator') {
      body += escapeRegex(culture.dateSeparator);
      continue;
    }
    if (token.kind === 'timeSeparator') {
      body += ':';
      continue;
    }
    const { letter, count } = token;
    switch (letter) {
      case 'd':
        if (count <= 2)
          group(
            digits(count),
            number((n, f) => (f.day = n)),
          );
        else {
          const list = count === 3 ? names.daysShort : names.days;
          group(alternation(list), (captured, f) => {
            f.weekday = indexOfName([list], captured) + 1;
            return f.weekday > 0;
          });
        }
        break;
      case 'M':
        if (count <= 2)
          group(
            digits(count),
            number((n, f) => (f.month = n)),
          );
        else {
          const lists =
            count === 3
              ? [names.monthsShort, names.monthsShortGenitive]
              : [names.months, names.monthsGenitive];
          group(alternation(lists.flat()), (captured, f) => {
            f.month = indexOfName(lists, captured) + 1;
            return f.month > 0;
          });
        }
        break;
      case 'y':
        if (count <= 2)
          group(
            digits(count),
            number((n, f) => (f.twoDigitYear = n)),
          );
        else
          group(
            count === 3 ? '\\d{3,4}' : `\\d{${count}}`,
            number((n, f) => (f.year = n)),
          );
        break;
      case 'h':
        group(
          digits(count),
          number((n, f) => (f.hour12 = n)),
        );
        break;
      case 'H':
        group(
          digits(count),
          number((n, f) => (f.hour24 = n)),
        );
        break;
      case 'm':
        group(
          digits(count),
          number((n, f) => (f.minute = n)),
        );
        break;
      case 's':
        group(
          digits(count),
          number((n, f) => (f.second = n)),
        );
        break;
      case 'f':
      case 'F':
        group(letter === 'f' ? `\\d{${count}}` : `\\d{0,${count}}`, (captured, f) => {
          f.millisecond = Number(captured.padEnd(3, '0').slice(0, 3));
          return true;
        });
        break;
      case 't': {
        const am = count === 1 ? names.am.slice(0, 1) : names.am;
        const pm = count === 1 ? names.pm.slice(0, 1) : names.pm;
        group(alternation([am, pm]), (captured, f) => {
          f.pm = captured.toLocaleLowerCase() === pm.toLocaleLowerCase();
          return true;
        });
        break;
      }
      case 'g':
        group(alternation(names.eras), () => true);
        break;
      case 'z':
        group(
          count === 1 ? '[+-]\\d{1,2}' : count === 2 ? '[+-]\\d{2}' : '[+-]\\d{2}:\\d{2}',
          (captured, f) => {
            f.offsetMinutes = parseOffset(captured);
            return true;
          },
        );
        break;
      case 'K':
        group('Z|[+-]\\d{2}:\\d{2}|', (captured, f) => {
          f.offsetMinutes = parseOffset(captured);
          return true;
        });
        break;
    }
  }
  const match = new RegExp(`^\\s*${body}\\s*$`, 'iu').exec(text);
  if (!match) return null;
  const fields: Fields = {};
  for (const [index, set] of setters.entries())
    if (!set(match[index + 1] ?? '', fields)) return null;
  return assemble(fields, now);
}

function assemble(fields: Fields, now: DateTime): DateTime | null {
  let { year, month, day } = fields;
  if (year === undefined && fields.twoDigitYear !== undefined)
    // .NET's two-digit year window ends in 2049.
    year = fields.twoDigitYear + (fields.twoDigitYear <= 49 ? 2000 : 1900);
  if (year === undefined && month === undefined && day === undefined) {
    year = now.year;
    month = now.month;
    day = now.day;
  }
  let hour = fields.hour24 ?? 0;
  if (fields.hour12 !== undefined) {
    if (fields.hour12 < 1 || fields.hour12 > 12) return null;
    hour = fields.pm === undefined ? fields.hour12 : (fields.hour12 % 12) + (fields.pm ? 12 : 0);
  } else if (fields.pm !== undefined && fields.hour24 !== undefined) {
    if (fields.pm !== fields.hour24 >= 12) return null;
  }
  const parsed = luxon().DateTime.fromObject(
    {
      year: year ?? now.year,
      month: month ?? 1,
      day: day ?? 1,
      hour,
      minute: fields.minute ?? 0,
      second: fields.second ?? 0,
      millisecond: fields.millisecond ?? 0,
    },
    { zone: luxon().FixedOffsetZone.instance(fields.offsetMinutes ?? 0) },
  );
  if (!parsed.isValid) return null;
  if (fields.weekday !== undefined && parsed.weekday !== fields.weekday) return null;
  return parsed.toUTC();
}

// Tried in this order when no exact format matches: the culture's own patterns come before the
// designer's day-first pattern, so 03/04/2024 reads as March 4 in en-US.
const FLEXIBLE_FORMATS = ['G', 'g', 'd', 'F', 'f', 'D', 's', 'u', 'o', 'r', 'T', 't', 'y', 'm'];

/**
 * Reads a date the way `luxon().DateTime.Parse` with a culture would: ISO-8601, the culture's standard
 * patterns, SQL-style, RFC 2822 and HTTP dates. Null when nothing fits.
 */
export function parseDateTimeFlexible(
  text: string,
  language: Language,
  now: DateTime = luxon().DateTime.utc(),
): DateTime | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const iso = luxon().DateTime.fromISO(trimmed, { zone: 'utc' });
  if (iso.isValid) return iso.toUTC();
  const culture = CULTURES[language];
  // The long date without its weekday ("March 5, 2024"), alone or with a time, as people write it.
  const plainLong = culture.longDate.replace(/dddd,?\s*/, '');
  const patterns = [
    ...FLEXIBLE_FORMATS,
    plainLong,
    `${plainLong} ${culture.longTime}`,
    `${plainLong} ${culture.shortTime}`,
  ];
  for (const format of patterns) {
    const parsed = parseDateTimeExact(trimmed, format, language, now);
    if (parsed) return parsed;
  }
  for (const other of [
    luxon().DateTime.fromSQL(trimmed, { zone: 'utc' }),
    luxon().DateTime.fromRFC2822(trimmed, { zone: 'utc' }),
    luxon().DateTime.fromHTTP(trimmed, { zone: 'utc' }),
  ])
    if (other.isValid) return other.toUTC();
  return null;
}
