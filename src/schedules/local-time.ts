// Owns wall-clock time in an IANA time zone for schedules: turning instants into local ("naive")
// times and back, with Sluice's one daylight-saving rule (API.md §8.3): a local time that does
// not exist (spring-forward gap) maps to the first instant after the gap; a local time that
// occurs twice (fall-back) maps to its first occurrence.
//
// A naive time is a number of milliseconds whose UTC calendar fields are the local wall-clock
// fields, so calendar arithmetic on it is plain UTC arithmetic.
import type { IANAZone } from 'luxon';
import { luxon } from '../connectors/luxon.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The zone's canonical name (`europe/bucharest` → `Europe/Bucharest`), or null when unknown. */
export function canonicalZone(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '' || !luxon().IANAZone.isValidZone(trimmed)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A time zone with the conversions schedules need. */
export class LocalTime {
  private readonly zone: IANAZone;

  constructor(readonly name: string) {
    const zone = luxon().IANAZone.create(name);
    if (!zone.isValid) throw new RangeError(`Unknown time zone ${JSON.stringify(name)}`);
    this.zone = zone;
  }

  /** Local minus UTC at `instant`, in milliseconds. */
  offset(instant: number): number {
    return this.zone.offset(instant) * MINUTE_MS;
  }

  toNaive(instant: number): number {
    return instant + this.offset(instant);
  }

  /**
   * The instant a local time stands for. Every zone change within a day of `naive` is taken into
   * account; an ambiguous time resolves to the earlier instant and a skipped one to the instant
   * the gap ends.
   */
  fromNaive(naive: number): number {
    const before = this.offset(naive - DAY_MS);
    const after = this.offset(naive + DAY_MS);
    const early = naive - Math.max(before, after);
    const late = naive - Math.min(before, after);
    const matches = [early, late].filter((t) => this.toNaive(t) === naive);
    if (matches.length > 0) return Math.min(...matches);
    // A gap: the offset grows between `early` (old offset) and `late` (new offset). The gap ends
    // at the first instant carrying the new offset.
    let lo = early;
    let hi = late;
    const target = this.offset(late);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.offset(mid) === target) hi = mid;
      else lo = mid;
    }
    return hi;
  }
}

/** Naive-time calendar fields (month 1–12, weekday 0 = Sunday … 6 = Saturday). */
export function fieldsOf(naive: number): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
} {
  const d = new Date(naive);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Weekday (0 = Sunday) of a calendar date. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Start of the naive day holding `naive`. */
export function startOfDay(naive: number): number {
  return Math.floor(naive / DAY_MS) * DAY_MS;
}
