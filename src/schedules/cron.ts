// Owns CRON expressions (API.md §8.3): five fields — minute, hour, day of month, month, day of
// week — with lists, ranges, steps, month and weekday names, `?`, and Quartz's `L`, `W` and `#`,
// matched against wall-clock (naive) times. Time zones and daylight saving belong to
// recurrence.ts; this file never sees an instant.
import { DAY_MS, HOUR_MS, MINUTE_MS, daysInMonth, fieldsOf, weekdayOf } from './local-time.js';

export class CronSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronSyntaxError';
  }
}

interface DayOfMonthRule {
  days: ReadonlySet<number>;
  /** `L`, `L-n`: days counted back from the month's last day (0 = the last day). */
  fromLast: readonly number[];
  /** `nW`: the weekday (Monday–Friday) nearest day n, within the month. */
  nearestWeekday: readonly number[];
  /** `LW`: the month's last weekday (Monday–Friday). */
  lastWeekday: boolean;
}

interface DayOfWeekRule {
  weekdays: ReadonlySet<number>;
  /** `dL`: the last such weekday of the month. */
  last: ReadonlySet<number>;
  /** `d#n`: the n-th such weekday of the month. */
  nth: readonly { weekday: number; n: number }[];
}

export interface CronExpression {
  readonly source: string;
  readonly minutes: readonly boolean[];
  readonly hours: readonly boolean[];
  readonly months: readonly boolean[];
  readonly dayOfMonth: DayOfMonthRule;
  readonly dayOfWeek: DayOfWeekRule;
  /** A field other than `*` or `?`; when both day fields are restricted, either may match. */
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

const MONTH_NAMES = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Value of the first name (JAN = 1, SUN = 0). */
  nameBase?: number;
}

const MINUTE: FieldSpec = { label: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { label: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { label: 'day of month', min: 1, max: 31 };
const MONTH: FieldSpec = { label: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 };
// 7 is Sunday too; values are folded to 0–6 after parsing.
const DAY_OF_WEEK: FieldSpec = {
  label: 'day of week',
  min: 0,
  max: 7,
  names: DAY_NAMES,
  nameBase: 0,
};

function parseValue(text: string, spec: FieldSpec): number {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (spec.nameBase ?? 0);
  if (!/^\d+$/.test(text))
    throw new CronSyntaxError(`"${text}" is not a valid ${spec.label} value.`);
  const value = Number(text);
  if (value < spec.min || value > spec.max)
    throw new CronSyntaxError(
      `${spec.label} value ${value} is out of range (${spec.min}–${spec.max}).`,
    );
  return value;
}

/** One list item of a plain field: `*`, `n`, `a-b`, each optionally `/step`. */
function expandItem(item: string, spec: FieldSpec, into: boolean[]): void {
  const [range, stepText, extra] = item.split('/');
  if (extra !== undefined || range === undefined || range === '')
    throw new CronSyntaxError(`"${item}" is not a valid ${spec.label} item.`);
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) === 0)
      throw new CronSyntaxError(`The step in "${item}" must be a whole number of at least 1.`);
    step = Number(stepText);
  }
  let from: number;
  let to: number;
  if (range === '*') {
    from = spec.min;
    to = spec === DAY_OF_WEEK ? 6 : spec.max;
  } else if (range.includes('-')) {
    const [a, b, more] = range.split('-');
    if (more !== undefined || !a || !b)
      throw new CronSyntaxError(`"${item}" is not a valid ${spec.label} range.`);
    from = parseValue(a, spec);
    to = parseValue(b, spec);
    // SAT-SUN: Sunday closes a weekday range as 7.
    if (spec === DAY_OF_WEEK && to === 0 && from > 0) to = 7;
    if (from > to) throw new CronSyntaxError(`The ${spec.label} range "${range}" runs backwards.`);
  } else {
    from = parseValue(range, spec);
    // `n/step` runs from n to the end of the field.
    to = stepText !== undefined ? spec.max : from;
  }
  for (let v = from; v <= to; v += step) into[v] = true;
}

function plainField(text: string, spec: FieldSpec): boolean[] {
  const values = new Array<boolean>(spec.max + 1).fill(false);
  for (const item of text.split(',')) expandItem(item, spec, values);
  return values;
}

function dayOfMonthField(text: string): DayOfMonthRule {
  const days = new Set<number>();
  const fromLast: number[] = [];
  const nearestWeekday: number[] = [];
  let lastWeekday = false;
  if (text === '?') return { days: allDays(), fromLast, nearestWeekday, lastWeekday };
  for (const item of text.split(',')) {
    const upper = item.toUpperCase();
    if (upper === 'LW') lastWeekday = true;
    else if (upper === 'L') fromLast.push(0);
    else if (/^L-\d+$/.test(upper)) {
      const back = Number(upper.slice(2));
      if (back > 30) throw new CronSyntaxError(`"${item}" reaches back more than 30 days.`);
      fromLast.push(back);
    } else if (/^\d+W$/.test(upper))
      nearestWeekday.push(parseValue(upper.slice(0, -1), DAY_OF_MONTH));
    else {
      const values = new Array<boolean>(32).fill(false);
      expandItem(item, DAY_OF_MONTH, values);
      values.forEach((on, day) => on && days.add(day));
    }
  }
  return { days, fromLast, nearestWeekday, lastWeekday };
}

function allDays(): Set<number> {
  return new Set(Array.from({ length: 31 }, (_, i) => i + 1));
}

function dayOfWeekField(text: string): DayOfWeekRule {
  const weekdays = new Set<number>();
  const last = new Set<number>();
  const nth: { weekday: number; n: number }[] = [];
  if (text === '?') return { weekdays: new Set([0, 1, 2, 3, 4, 5, 6]), last, nth };
  for (const item of text.split(',')) {
    const upper = item.toUpperCase();
    const hash = /^([A-Z0-9]+)#(\d+)$/.exec(upper);
    const lastOf = /^([A-Z0-9]+)L$/.exec(upper);
    if (hash) {
      const n = Number(hash[2]);
      if (n < 1 || n > 5)
        throw new CronSyntaxError(`"${item}": the occurrence after # must be 1–5.`);
      nth.push({ weekday: parseValue(hash[1]!, DAY_OF_WEEK) % 7, n });
    } else if (lastOf) {
      last.add(parseValue(lastOf[1]!, DAY_OF_WEEK) % 7);
    } else {
      const values = new Array<boolean>(8).fill(false);
      expandItem(item, DAY_OF_WEEK, values);
      values.forEach((on, day) => on && weekdays.add(day % 7));
    }
  }
  return { weekdays, last, nth };
}

/**
 * Parses a five-field expression. Six or seven fields (seconds, years) are refused: PROCESIO
 * schedules have minute resolution.
 */
export function parseCron(expression: string): CronExpression {
  const source = expression.trim().replace(/\s+/g, ' ');
  if (source === '') throw new CronSyntaxError('The expression is empty.');
  const fields = source.split(' ');
  if (fields.length === 6 || fields.length === 7)
    throw new CronSyntaxError(
      `${fields.length}-field expressions (with seconds or years) are not supported; use 5 fields: minute hour day-of-month month day-of-week.`,
    );
  if (fields.length !== 5)
    throw new CronSyntaxError(
      `Expected 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}.`,
    );
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  for (const [text, label] of [
    [minute, 'minute'],
    [hour, 'hour'],
    [month, 'month'],
  ] as const)
    if (text === '?')
      throw new CronSyntaxError(`"?" is allowed only in the day fields, not in ${label}.`);
  if (dom === '?' && dow === '?') throw new CronSyntaxError('"?" may stand in one day field only.');
  return {
    source,
    minutes: plainField(minute, MINUTE),
    hours: plainField(hour, HOUR),
    months: plainField(month, MONTH),
    dayOfMonth: dayOfMonthField(dom),
    dayOfWeek: dayOfWeekField(dow),
    dayOfMonthRestricted: dom !== '*' && dom !== '?',
    dayOfWeekRestricted: dow !== '*' && dow !== '?',
  };
}

/** The weekday (Monday–Friday) nearest `day` without leaving the month (Quartz's `W`). */
function nearestWeekdayTo(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const target = Math.min(day, last);
  const weekday = weekdayOf(year, month, target);
  if (weekday === 6) return target > 1 ? target - 1 : target + 2;
  if (weekday === 0) return target < last ? target + 1 : target - 2;
  return target;
}

function lastWeekdayOf(year: number, month: number): number {
  const last = daysInMonth(year, month);
  const weekday = weekdayOf(year, month, last);
  return weekday === 6 ? last - 1 : weekday === 0 ? last - 2 : last;
}

function dayOfMonthMatches(
  rule: DayOfMonthRule,
  year: number,
  month: number,
  day: number,
): boolean {
  if (rule.days.has(day)) return true;
  const last = daysInMonth(year, month);
  if (rule.fromLast.some((back) => day === last - back)) return true;
  if (rule.nearestWeekday.some((n) => nearestWeekdayTo(year, month, n) === day)) return true;
  return rule.lastWeekday && lastWeekdayOf(year, month) === day;
}

function dayOfWeekMatches(rule: DayOfWeekRule, year: number, month: number, day: number): boolean {
  const weekday = weekdayOf(year, month, day);
  if (rule.weekdays.has(weekday)) return true;
  if (rule.last.has(weekday) && day + 7 > daysInMonth(year, month)) return true;
  return rule.nth.some((r) => r.weekday === weekday && Math.ceil(day / 7) === r.n);
}

/** Whether the expression fires on a calendar day. */
export function cronDayMatches(
  cron: CronExpression,
  year: number,
  month: number,
  day: number,
): boolean {
  const dom = cron.dayOfMonthRestricted
    ? dayOfMonthMatches(cron.dayOfMonth, year, month, day)
    : true;
  const dow = cron.dayOfWeekRestricted ? dayOfWeekMatches(cron.dayOfWeek, year, month, day) : true;
  return cron.dayOfMonthRestricted && cron.dayOfWeekRestricted ? dom || dow : dom && dow;
}

/** Calendar cycles repeat within 28 years (weekdays and leap years); none beyond is searched. */
const SEARCH_YEARS = 28;

/**
 * The first naive time at or after `from` (rounded up to a whole minute) that the expression
 * matches, or null when it never matches (e.g. `0 0 30 2 *`).
 */
export function nextCronMatch(cron: CronExpression, from: number): number | null {
  let t = Math.ceil(from / MINUTE_MS) * MINUTE_MS;
  const lastYear = fieldsOf(t).year + SEARCH_YEARS;
  for (;;) {
    const f = fieldsOf(t);
    if (f.year > lastYear) return null;
    if (!cron.months[f.month]) {
      t = Date.UTC(f.year, f.month, 1);
      continue;
    }
    if (!cronDayMatches(cron, f.year, f.month, f.day)) {
      t = Date.UTC(f.year, f.month - 1, f.day) + DAY_MS;
      continue;
    }
    if (!cron.hours[f.hour]) {
      t = Date.UTC(f.year, f.month - 1, f.day, f.hour) + HOUR_MS;
      continue;
    }
    if (!cron.minutes[f.minute]) {
      const next = cron.minutes.findIndex((on, m) => on && m > f.minute);
      t =
        next >= 0
          ? Date.UTC(f.year, f.month - 1, f.day, f.hour, next)
          : Date.UTC(f.year, f.month - 1, f.day, f.hour) + HOUR_MS;
      continue;
    }
    return t;
  }
}
