// Owns a schedule's recurrence (API.md §8.3): reading PROCESIO's recurrence block into a checked
// rule, and the fire times it yields — ONCE, MINUTES and HOURS on absolute time; DAILY, WEEKLY,
// MONTHLY, YEARLY and CRON on wall-clock time in the schedule's zone, where daylight saving
// follows local-time.ts's rule. Every fire lies within [startDate, endDate].
import { CronSyntaxError, nextCronMatch, parseCron, type CronExpression } from './cron.js';
import {
  DAY_MS,
  HOUR_MS,
  LocalTime,
  MINUTE_MS,
  canonicalZone,
  daysInMonth,
  fieldsOf,
  startOfDay,
  weekdayOf,
} from './local-time.js';

export const RecurrenceType = {
  None: 0,
  Once: 1,
  Minutes: 2,
  Hours: 3,
  Daily: 4,
  Weekly: 5,
  Monthly: 6,
  Yearly: 7,
  Cron: 8,
} as const;
export type RecurrenceType = (typeof RecurrenceType)[keyof typeof RecurrenceType];

/** The recurrence block as a client sends it (property names already in canonical case). */
export interface RecurrenceInput {
  recurrence?: number | null;
  cronExpression?: string | null;
  timeZone?: string | null;
  info?: string | null;
  startDate?: string | null;
  isEndDate?: boolean | null;
  endDate?: string | null;
  every?: number | null;
  isWeekendExcluded?: boolean | null;
  weekDays?: number[] | null;
  isOnThe?: boolean | null;
  onDay?: number | null;
  onThe?: number[] | null;
  month?: number | null;
}

/** `onThe`: ordinal 1–4 (first–fourth) or 5 (last), and a weekday 0 = Sunday … 6 = Saturday. */
export interface OnThe {
  ordinal: number;
  weekday: number;
}

/** A checked recurrence; dates are instants, calendar fields resolved with their defaults. */
export interface Recurrence {
  type: RecurrenceType;
  startDate: Date;
  endDate: Date | null;
  timeZone: string;
  /** The label given by the client, or null (then one is generated). */
  info: string | null;
  every: number;
  isWeekendExcluded: boolean;
  /** WEEKLY: the weekdays, sorted. */
  weekDays: number[];
  /** MONTHLY and YEARLY: `onThe` when set, else `onDay`. */
  onDay: number;
  onThe: OnThe | null;
  /** YEARLY: 1–12. */
  month: number;
  cron: CronExpression | null;
}

export interface RecurrenceProblem {
  /** `recurrence.<field>`. */
  target: string;
  value: string;
}

export type RecurrenceResult =
  { ok: true; recurrence: Recurrence } | { ok: false; problems: RecurrenceProblem[] };

const CALENDAR_FIELDS = [
  'every',
  'isWeekendExcluded',
  'weekDays',
  'isOnThe',
  'onDay',
  'onThe',
  'month',
] as const;

/** Beyond this a schedule would fire less than once in a lifetime: surely a typo. */
const MAX_EVERY = 1_000_000;

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** ISO-8601 with or without an offset; no offset = UTC (API.md §0.3). */
export function parseApiDate(text: string): Date | null {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(t);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  )
    return null;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    if (offset > 18 * 60) return null;
    t -= sign * offset * MINUTE_MS;
  }
  return new Date(t);
}

const isWhole = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Checks a recurrence block; every problem is reported with its field. */
export function readRecurrence(input: RecurrenceInput | null | undefined): RecurrenceResult {
  const problems: RecurrenceProblem[] = [];
  const fail = (field: string, value: string) =>
    problems.push({ target: `recurrence.${field}`, value });
  if (!input) {
    return {
      ok: false,
      problems: [{ target: 'recurrence', value: 'The recurrence is required.' }],
    };
  }
  const type = input.recurrence;
  if (!isWhole(type, 1, 8)) {
    fail(
      'recurrence',
      input.recurrence === 0
        ? 'A recurrence of type NONE (0) cannot be scheduled.'
        : 'The recurrence type must be 1 (ONCE) to 8 (CRON).',
    );
    return { ok: false, problems };
  }

  let startDate: Date | null = null;
  if (!input.startDate) fail('startDate', 'The start date is required.');
  else {
    startDate = parseApiDate(input.startDate);
    if (!startDate) fail('startDate', 'The start date must be an ISO-8601 date.');
  }
  let endDate: Date | null = null;
  if (input.isEndDate) {
    if (!input.endDate) fail('endDate', 'The end date is required when isEndDate is true.');
    else {
      endDate = parseApiDate(input.endDate);
      if (!endDate) fail('endDate', 'The end date must be an ISO-8601 date.');
      else if (startDate && endDate.getTime() < startDate.getTime())
        fail('endDate', 'The end date is before the start date.');
    }
  }
  let timeZone = 'UTC';
  if (input.timeZone !== null && input.timeZone !== undefined && input.timeZone.trim() !== '') {
    const zone = canonicalZone(input.timeZone);
    if (!zone) fail('timeZone', `Unknown time zone "${input.timeZone}" (use an IANA name).`);
    else timeZone = zone;
  } else if (type === RecurrenceType.Cron) {
    fail('timeZone', 'A CRON schedule needs a time zone (an IANA name such as Europe/Bucharest).');
  }

  let cron: CronExpression | null = null;
  if (type === RecurrenceType.Cron) {
    for (const field of CALENDAR_FIELDS)
      if (input[field] !== null && input[field] !== undefined)
        fail(field, `A CRON recurrence takes no "${field}"; the expression says when it fires.`);
    if (!input.cronExpression || input.cronExpression.trim() === '')
      fail('cronExpression', 'The cron expression is required.');
    else {
      try {
        cron = parseCron(input.cronExpression);
      } catch (error) {
        if (!(error instanceof CronSyntaxError)) throw error;
        fail('cronExpression', error.message);
      }
    }
  }

  // Absent, zero or negative means 1 (PROCESIO sends `every: 0`).
  const every = isWhole(input.every, 1, Number.MAX_SAFE_INTEGER) ? input.every : 1;
  if (input.every !== null && input.every !== undefined && !Number.isInteger(input.every))
    fail('every', 'every must be a whole number.');
  else if (every > MAX_EVERY) fail('every', `every must be at most ${MAX_EVERY}.`);

  const weekDays: number[] = [];
  if (input.weekDays !== null && input.weekDays !== undefined) {
    for (const day of input.weekDays) {
      if (!isWhole(day, 0, 6))
        fail('weekDays', 'weekDays holds weekdays 0 (Sunday) to 6 (Saturday).');
      else if (!weekDays.includes(day)) weekDays.push(day);
    }
    weekDays.sort((a, b) => a - b);
  }
  let onDay: number | null = null;
  if (input.onDay !== null && input.onDay !== undefined) {
    if (!isWhole(input.onDay, 1, 31)) fail('onDay', 'onDay must be a day of the month, 1 to 31.');
    else onDay = input.onDay;
  }
  let onThe: OnThe | null = null;
  if (input.onThe !== null && input.onThe !== undefined) {
    const [ordinal, weekday, ...rest] = input.onThe;
    if (!isWhole(ordinal, 1, 5) || !isWhole(weekday, 0, 6) || rest.length > 0)
      fail(
        'onThe',
        'onThe is [ordinal 1–4 or 5 (last), weekday 0 (Sunday) to 6 (Saturday)], e.g. [2, 1] for the second Monday.',
      );
    else onThe = { ordinal, weekday };
  }
  if (
    input.isOnThe &&
    !onThe &&
    (type === RecurrenceType.Monthly || type === RecurrenceType.Yearly)
  )
    fail('onThe', 'onThe is required when isOnThe is true.');
  let month: number | null = null;
  if (input.month !== null && input.month !== undefined) {
    if (!isWhole(input.month, 1, 12)) fail('month', 'month must be 1 (January) to 12 (December).');
    else month = input.month;
  }

  if (problems.length > 0 || !startDate) return { ok: false, problems };
  const local = new LocalTime(timeZone);
  const start = fieldsOf(local.toNaive(startDate.getTime()));
  return {
    ok: true,
    recurrence: {
      type: type as RecurrenceType,
      startDate,
      endDate,
      timeZone,
      info: input.info?.trim() ? input.info : null,
      every,
      isWeekendExcluded: input.isWeekendExcluded === true,
      weekDays: weekDays.length > 0 ? weekDays : [start.weekday],
      onDay: onDay ?? start.day,
      onThe: input.isOnThe ? onThe : null,
      month: month ?? start.month,
      cron,
    },
  };
}

/** The recurrence block as answered and stored: the fields of its type, defaults resolved. */
export function recurrenceDocument(r: Recurrence, info: string): Record<string, unknown> {
  const common = {
    recurrence: r.type,
    timeZone: r.timeZone,
    info,
    startDate: r.startDate.toISOString(),
    isEndDate: r.endDate !== null,
    endDate: r.endDate?.toISOString() ?? null,
  };
  switch (r.type) {
    case RecurrenceType.Cron:
      return { ...common, cronExpression: r.cron!.source };
    case RecurrenceType.Once:
      return common;
    case RecurrenceType.Minutes:
    case RecurrenceType.Hours:
    case RecurrenceType.Daily:
      return { ...common, every: r.every, isWeekendExcluded: r.isWeekendExcluded };
    case RecurrenceType.Weekly:
      return { ...common, every: r.every, weekDays: r.weekDays };
    case RecurrenceType.Monthly:
      return { ...common, every: r.every, ...dayChoice(r) };
    default:
      return { ...common, every: r.every, month: r.month, ...dayChoice(r) };
  }
}

function dayChoice(r: Recurrence) {
  return r.onThe
    ? { isOnThe: true, onDay: null, onThe: [r.onThe.ordinal, r.onThe.weekday] }
    : { isOnThe: false, onDay: r.onDay, onThe: null };
}

/** Guards every search: no recurrence needs more steps than this to find its next fire. */
const MAX_STEPS = 100_000;

/**
 * Produces a recurrence's fire times in order. `next(after)` is the first fire strictly after
 * `after`, or null when there is none (ONCE fired, past the end date, a CRON day that never
 * comes).
 */
export class FireTimes {
  private readonly local: LocalTime;
  private readonly start: number;
  private readonly end: number;
  /** Naive start: calendar types fire at its time of day. */
  private readonly naiveStart: number;

  constructor(readonly recurrence: Recurrence) {
    this.local = new LocalTime(recurrence.timeZone);
    this.start = recurrence.startDate.getTime();
    this.end = recurrence.endDate?.getTime() ?? Number.POSITIVE_INFINITY;
    this.naiveStart = this.local.toNaive(this.start);
  }

  /** The first fire at or after `at`. */
  firstFrom(at: Date): Date | null {
    return this.next(new Date(at.getTime() - 1));
  }

  next(after: Date): Date | null {
    const from = Math.max(after.getTime(), this.start - 1);
    const t = this.nextInstant(from);
    return t === null || t > this.end ? null : new Date(t);
  }

  private nextInstant(after: number): number | null {
    const r = this.recurrence;
    switch (r.type) {
      case RecurrenceType.Once:
        return this.start > after ? this.start : null;
      case RecurrenceType.Minutes:
        return this.interval(after, r.every * MINUTE_MS);
      case RecurrenceType.Hours:
        return this.interval(after, r.every * HOUR_MS);
      default:
        return this.wallClock(after);
    }
  }

  /** MINUTES and HOURS: every step from the start, on absolute time; weekends skipped if asked. */
  private interval(after: number, step: number): number | null {
    let from = after;
    for (let guard = 0; guard < MAX_STEPS; guard++) {
      const k = from < this.start ? 0 : Math.floor((from - this.start) / step) + 1;
      const t = this.start + k * step;
      if (t > this.end) return null;
      if (!this.recurrence.isWeekendExcluded) return t;
      const naive = this.local.toNaive(t);
      const weekday = fieldsOf(naive).weekday;
      if (weekday !== 0 && weekday !== 6) return t;
      // Jump to the Monday after this weekend, then to the first step at or after it.
      const monday = startOfDay(naive) + (weekday === 6 ? 2 : 1) * DAY_MS;
      from = this.local.fromNaive(monday) - 1;
    }
    return null;
  }

  /**
   * Calendar types and CRON: the next local time the rule names, resolved to an instant with the
   * daylight-saving rule. Resolution never runs backwards, so the first candidate local time
   * after `after`'s own local time whose instant is later than `after` is the answer.
   */
  private wallClock(after: number): number | null {
    let candidate = this.nextLocal(this.local.toNaive(after) + 1);
    for (let guard = 0; candidate !== null && guard < MAX_STEPS; guard++) {
      const t = this.local.fromNaive(candidate);
      if (t > after) return t;
      candidate = this.nextLocal(candidate + 1);
    }
    return null;
  }

  /** The first local time at or after `from` (naive) that the rule names. */
  private nextLocal(from: number): number | null {
    const r = this.recurrence;
    if (r.type === RecurrenceType.Cron) return nextCronMatch(r.cron!, from);
    const timeOfDay = this.naiveStart - startOfDay(this.naiveStart);
    const startDay = startOfDay(this.naiveStart);
    // The first day whose fire time is at or after `from`, and never before the start's day.
    let day = Math.max(startDay, startOfDay(from - timeOfDay + DAY_MS - 1));
    if (day + timeOfDay < from) day += DAY_MS;
    switch (r.type) {
      case RecurrenceType.Daily:
        return this.nextDaily(day, startDay, timeOfDay);
      case RecurrenceType.Weekly:
        return this.nextWeekly(day, startDay, timeOfDay);
      default:
        return this.nextMonthly(day, timeOfDay);
    }
  }

  private nextDaily(day: number, startDay: number, timeOfDay: number): number | null {
    const r = this.recurrence;
    const index = Math.round((day - startDay) / DAY_MS);
    let d = startDay + Math.ceil(index / r.every) * r.every * DAY_MS;
    for (let guard = 0; guard < MAX_STEPS; guard++, d += r.every * DAY_MS) {
      const weekday = new Date(d).getUTCDay();
      if (!r.isWeekendExcluded || (weekday !== 0 && weekday !== 6)) return d + timeOfDay;
    }
    return null;
  }

  /** Weeks run Monday to Sunday; every N-th week from the start's week fires. */
  private nextWeekly(day: number, startDay: number, timeOfDay: number): number | null {
    const r = this.recurrence;
    const mondayOf = (d: number) => d - ((new Date(d).getUTCDay() + 6) % 7) * DAY_MS;
    const firstMonday = mondayOf(startDay);
    for (let d = day, guard = 0; guard < MAX_STEPS; guard++, d += DAY_MS) {
      const week = Math.round((mondayOf(d) - firstMonday) / (7 * DAY_MS));
      if (week % r.every !== 0) {
        // Skip to the Monday of the next firing week.
        const skip = r.every - (week % r.every);
        d = mondayOf(d) + skip * 7 * DAY_MS - DAY_MS;
        continue;
      }
      if (r.weekDays.includes(new Date(d).getUTCDay())) return d + timeOfDay;
    }
    return null;
  }

  /** MONTHLY and YEARLY: the chosen day of every N-th month (or of the chosen month every N years). */
  private nextMonthly(day: number, timeOfDay: number): number | null {
    const r = this.recurrence;
    const start = fieldsOf(this.naiveStart);
    const from = fieldsOf(day);
    const yearly = r.type === RecurrenceType.Yearly;
    let index = (from.year - start.year) * 12 + (from.month - start.month);
    for (let guard = 0; guard < MAX_STEPS; guard++, index++) {
      const year = start.year + Math.floor((start.month - 1 + index) / 12);
      const month = ((start.month - 1 + index) % 12) + 1;
      if (yearly) {
        if (month !== r.month || (year - start.year) % r.every !== 0) continue;
      } else if (index % r.every !== 0) continue;
      const dayOfMonth = r.onThe
        ? dayOfOrdinal(year, month, r.onThe)
        : Math.min(r.onDay, daysInMonth(year, month));
      const candidate = Date.UTC(year, month - 1, dayOfMonth);
      if (candidate >= day) return candidate + timeOfDay;
    }
    return null;
  }
}

/** The day of the month of `onThe` (first…fourth or last such weekday). */
function dayOfOrdinal(year: number, month: number, onThe: OnThe): number {
  const first = weekdayOf(year, month, 1);
  const firstMatch = 1 + ((onThe.weekday - first + 7) % 7);
  if (onThe.ordinal <= 4) return firstMatch + (onThe.ordinal - 1) * 7;
  let last = firstMatch;
  while (last + 7 <= daysInMonth(year, month)) last += 7;
  return last;
}
