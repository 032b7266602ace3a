import { describe, expect, it } from 'vitest';
import { LocalTime } from './local-time.js';
import { describeRecurrence } from './describe.js';
import {
  FireTimes,
  RecurrenceType,
  parseApiDate,
  readRecurrence,
  recurrenceDocument,
  type RecurrenceInput,
} from './recurrence.js';

function fireTimes(input: RecurrenceInput): FireTimes {
  const result = readRecurrence(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return new FireTimes(result.recurrence);
}

/** The first `count` fires strictly after `after`, as ISO instants. */
function fires(input: RecurrenceInput, after: string, count = 5): string[] {
  const times = fireTimes(input);
  const out: string[] = [];
  let at: Date | null = new Date(after);
  for (let i = 0; i < count && at; i++) {
    at = times.next(at);
    if (at) out.push(at.toISOString());
  }
  return out;
}

describe('local time in a zone', () => {
  const bucharest = new LocalTime('Europe/Bucharest');

  it('maps a local time inside the spring-forward gap to the instant the gap ends', () => {
    // 2026-03-29: 03:00 EET jumps to 04:00 EEST (01:00 UTC).
    expect(new Date(bucharest.fromNaive(Date.parse('2026-03-29T03:30Z'))).toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(new Date(bucharest.fromNaive(Date.parse('2026-03-29T03:00Z'))).toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
  });

  it('maps a local time that occurs twice to its first occurrence', () => {
    // 2026-10-25: 04:00 EEST falls back to 03:00 EET; 03:30 happens at 00:30 and 01:30 UTC.
    expect(new Date(bucharest.fromNaive(Date.parse('2026-10-25T03:30Z'))).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('maps ordinary local times both ways', () => {
    const naive = Date.parse('2026-07-01T12:00Z');
    const instant = bucharest.fromNaive(naive);
    expect(new Date(instant).toISOString()).toBe('2026-07-01T09:00:00.000Z');
    expect(bucharest.toNaive(instant)).toBe(naive);
  });
});

describe('dates on the wire', () => {
  it('reads ISO-8601 with an offset, with Z, and without a zone as UTC', () => {
    expect(parseApiDate('2026-01-01T10:00:00+02:00')?.toISOString()).toBe(
      '2026-01-01T08:00:00.000Z',
    );
    expect(parseApiDate('2026-01-01T10:00:00.5Z')?.toISOString()).toBe('2026-01-01T10:00:00.500Z');
    expect(parseApiDate('2026-01-01T10:00:00')?.toISOString()).toBe('2026-01-01T10:00:00.000Z');
    expect(parseApiDate('2026-01-01')?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseApiDate('2026-02-30T00:00:00Z')).toBeNull();
    expect(parseApiDate('yesterday')).toBeNull();
  });
});

describe('fire times of each recurrence type', () => {
  it('ONCE fires at its start date and never again', () => {
    const input = { recurrence: RecurrenceType.Once, startDate: '2026-05-01T08:00:00Z' };
    expect(fires(input, '2026-04-01T00:00:00Z')).toEqual(['2026-05-01T08:00:00.000Z']);
    expect(fires(input, '2026-05-01T08:00:00Z')).toEqual([]);
  });

  it('MINUTES counts every N minutes from the start on absolute time, across a DST change', () => {
    const input = {
      recurrence: RecurrenceType.Minutes,
      every: 45,
      startDate: '2026-03-29T00:10:00Z',
      timeZone: 'Europe/Bucharest',
    };
    expect(fires(input, '2026-03-29T00:00:00Z', 3)).toEqual([
      '2026-03-29T00:10:00.000Z',
      '2026-03-29T00:55:00.000Z',
      '2026-03-29T01:40:00.000Z',
    ]);
    expect(fires(input, '2026-03-29T01:40:00Z', 1)).toEqual(['2026-03-29T02:25:00.000Z']);
  });

  it('HOURS skips Saturday and Sunday in the schedule’s zone when weekends are excluded', () => {
    // Friday 2026-01-02 20:00 UTC = 22:00 in Bucharest; Saturday starts there at 22:00 UTC.
    const input = {
      recurrence: RecurrenceType.Hours,
      every: 1,
      isWeekendExcluded: true,
      startDate: '2026-01-02T20:00:00Z',
      timeZone: 'Europe/Bucharest',
    };
    expect(fires(input, '2026-01-02T19:00:00Z', 3)).toEqual([
      '2026-01-02T20:00:00.000Z',
      '2026-01-02T21:00:00.000Z',
      // Monday 00:00 in Bucharest.
      '2026-01-04T22:00:00.000Z',
    ]);
  });

  it('DAILY fires every N days at the start’s local time of day, skipping weekends if asked', () => {
    const input = {
      recurrence: RecurrenceType.Daily,
      every: 2,
      startDate: '2026-01-01T07:30:00Z',
      timeZone: 'Europe/Bucharest',
    };
    // 09:30 local: 07:30 UTC in winter, 06:30 UTC after the spring change on 2026-03-29.
    expect(fires(input, '2026-03-24T00:00:00Z', 4)).toEqual([
      '2026-03-24T07:30:00.000Z',
      '2026-03-26T07:30:00.000Z',
      '2026-03-28T07:30:00.000Z',
      '2026-03-30T06:30:00.000Z',
    ]);
    const weekdays = { ...input, every: 1, isWeekendExcluded: true };
    // 2026-01-02 is a Friday.
    expect(fires(weekdays, '2026-01-02T00:00:00Z', 2)).toEqual([
      '2026-01-02T07:30:00.000Z',
      '2026-01-05T07:30:00.000Z',
    ]);
  });

  it('WEEKLY fires every N weeks (weeks start on Monday) on the listed weekdays', () => {
    // Start Wednesday 2026-01-07; every 2 weeks on Monday and Thursday.
    const input = {
      recurrence: RecurrenceType.Weekly,
      every: 2,
      weekDays: [4, 1],
      startDate: '2026-01-07T12:00:00Z',
    };
    expect(fires(input, '2026-01-01T00:00:00Z', 4)).toEqual([
      '2026-01-08T12:00:00.000Z',
      '2026-01-19T12:00:00.000Z',
      '2026-01-22T12:00:00.000Z',
      '2026-02-02T12:00:00.000Z',
    ]);
  });

  it('WEEKLY without weekDays fires on the start’s weekday', () => {
    const input = { recurrence: RecurrenceType.Weekly, startDate: '2026-01-07T12:00:00Z' };
    expect(fires(input, '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-07T12:00:00.000Z',
      '2026-01-14T12:00:00.000Z',
    ]);
  });

  it('MONTHLY on a day beyond the month’s end fires on its last day', () => {
    const input = {
      recurrence: RecurrenceType.Monthly,
      every: 1,
      isOnThe: false,
      onDay: 31,
      startDate: '2026-01-01T06:00:00Z',
    };
    expect(fires(input, '2026-01-01T00:00:00Z', 4)).toEqual([
      '2026-01-31T06:00:00.000Z',
      '2026-02-28T06:00:00.000Z',
      '2026-03-31T06:00:00.000Z',
      '2026-04-30T06:00:00.000Z',
    ]);
  });

  it('MONTHLY "on the" second Monday, every 3 months, reading PROCESIO’s every: 0 as 1', () => {
    const quarterly = {
      recurrence: RecurrenceType.Monthly,
      every: 3,
      isOnThe: true,
      onThe: [2, 1],
      startDate: '2026-01-01T09:00:00Z',
    };
    expect(fires(quarterly, '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-12T09:00:00.000Z',
      '2026-04-13T09:00:00.000Z',
      '2026-07-13T09:00:00.000Z',
    ]);
    // The one public sample of PROCESIO's calendar format.
    const sample = { ...quarterly, every: 0, onDay: 5, onThe: [2, 1] };
    expect(fires(sample, '2026-01-13T00:00:00Z', 1)).toEqual(['2026-02-09T09:00:00.000Z']);
  });

  it('YEARLY fires in the given month on the last weekday or a clamped day', () => {
    const thanksgivingFriday = {
      recurrence: RecurrenceType.Yearly,
      month: 11,
      isOnThe: true,
      onThe: [5, 5],
      startDate: '2026-01-01T15:00:00Z',
    };
    expect(fires(thanksgivingFriday, '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-11-27T15:00:00.000Z',
      '2027-11-26T15:00:00.000Z',
    ]);
    const leapDay = {
      recurrence: RecurrenceType.Yearly,
      every: 2,
      month: 2,
      onDay: 29,
      startDate: '2026-01-01T00:00:00Z',
    };
    expect(fires(leapDay, '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-02-28T00:00:00.000Z',
      '2028-02-29T00:00:00.000Z',
    ]);
  });

  it('YEARLY without a month fires in the start’s month on the start’s day', () => {
    const input = { recurrence: RecurrenceType.Yearly, startDate: '2026-06-15T10:00:00Z' };
    expect(fires(input, '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-06-15T10:00:00.000Z',
      '2027-06-15T10:00:00.000Z',
    ]);
  });

  it('never fires before the start date or after the end date', () => {
    const input = {
      recurrence: RecurrenceType.Cron,
      cronExpression: '0 12 * * *',
      timeZone: 'UTC',
      startDate: '2026-01-03T12:00:00Z',
      isEndDate: true,
      endDate: '2026-01-05T12:00:00Z',
    };
    expect(fires(input, '2026-01-01T00:00:00Z', 5)).toEqual([
      '2026-01-03T12:00:00.000Z',
      '2026-01-04T12:00:00.000Z',
      '2026-01-05T12:00:00.000Z',
    ]);
  });
});

describe('CRON across daylight saving', () => {
  it('fires at the end of the spring-forward gap for a time the gap skips, once', () => {
    const input = {
      recurrence: RecurrenceType.Cron,
      cronExpression: '30 3 * * *',
      timeZone: 'Europe/Bucharest',
      startDate: '2026-01-01T00:00:00Z',
    };
    expect(fires(input, '2026-03-27T00:00:00Z', 4)).toEqual([
      '2026-03-27T01:30:00.000Z',
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    // Every minute of the skipped hour collapses into one fire at its end.
    const everyMinute = { ...input, cronExpression: '* 3 * * *' };
    expect(fires(everyMinute, '2026-03-28T23:00:00Z', 2)).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:00:00.000Z',
    ]);
  });

  it('fires a repeated local time once, at its first occurrence', () => {
    const input = {
      recurrence: RecurrenceType.Cron,
      cronExpression: '*/20 3 * * *',
      timeZone: 'Europe/Bucharest',
      startDate: '2026-01-01T00:00:00Z',
    };
    expect(fires(input, '2026-10-24T23:00:00Z', 4)).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:20:00.000Z',
      '2026-10-25T00:40:00.000Z',
      '2026-10-26T01:00:00.000Z',
    ]);
  });

  it('keeps New York weekday mornings at 09:00 local on both sides of the change', () => {
    const input = {
      recurrence: RecurrenceType.Cron,
      cronExpression: '0 9 * * 1-5',
      timeZone: 'America/New_York',
      startDate: '2026-01-01T00:00:00Z',
    };
    expect(fires(input, '2026-03-05T00:00:00Z', 3)).toEqual([
      '2026-03-05T14:00:00.000Z',
      '2026-03-06T14:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
  });

  it('applies the same rule to calendar types', () => {
    // Daily at 03:30 Bucharest time (01:30 UTC in winter).
    const input = {
      recurrence: RecurrenceType.Daily,
      startDate: '2026-03-01T01:30:00Z',
      timeZone: 'Europe/Bucharest',
    };
    expect(fires(input, '2026-03-28T00:00:00Z', 3)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(fires(input, '2026-10-24T12:00:00Z', 2)).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });
});

describe('reading a recurrence block', () => {
  const problems = (input: RecurrenceInput | null) => {
    const result = readRecurrence(input);
    return result.ok ? [] : result.problems;
  };

  it('refuses NONE, unknown types and a missing start date, naming the field', () => {
    expect(problems({ recurrence: 0, startDate: '2026-01-01T00:00:00Z' })).toEqual([
      { target: 'recurrence.recurrence', value: expect.stringContaining('NONE') },
    ]);
    expect(problems({ recurrence: 9 })[0]?.target).toBe('recurrence.recurrence');
    expect(problems({ recurrence: 2 })).toEqual([
      { target: 'recurrence.startDate', value: 'The start date is required.' },
    ]);
    expect(problems(null)[0]?.target).toBe('recurrence');
  });

  it('refuses an end date before the start date and a missing one when isEndDate is set', () => {
    const base = { recurrence: 4, startDate: '2026-02-01T00:00:00Z', isEndDate: true };
    expect(problems({ ...base, endDate: '2026-01-01T00:00:00Z' })[0]?.target).toBe(
      'recurrence.endDate',
    );
    expect(problems(base)[0]?.target).toBe('recurrence.endDate');
    // isEndDate false: the end date is ignored.
    expect(problems({ ...base, isEndDate: false, endDate: '2020-01-01T00:00:00Z' })).toEqual([]);
  });

  it('requires a valid expression and an IANA zone for CRON, and no calendar fields', () => {
    const cron = { recurrence: 8, startDate: '2026-01-01T00:00:00Z', timeZone: 'UTC' };
    expect(problems({ ...cron, cronExpression: '0 9 * * 1-5' })).toEqual([]);
    expect(problems({ ...cron, cronExpression: '0 0 9 * * 1-5' })[0]?.target).toBe(
      'recurrence.cronExpression',
    );
    expect(problems({ ...cron, cronExpression: '' })[0]?.target).toBe('recurrence.cronExpression');
    expect(
      problems({ ...cron, cronExpression: '* * * * *', timeZone: 'Mars/Olympus' })[0]?.target,
    ).toBe('recurrence.timeZone');
    expect(problems({ ...cron, cronExpression: '* * * * *', timeZone: null })[0]?.target).toBe(
      'recurrence.timeZone',
    );
    expect(
      problems({ ...cron, cronExpression: '* * * * *', every: 1, onDay: 5 }).map((p) => p.target),
    ).toEqual(['recurrence.every', 'recurrence.onDay']);
    // Nulls are absent fields.
    expect(problems({ ...cron, cronExpression: '* * * * *', every: null, onThe: null })).toEqual(
      [],
    );
  });

  it('checks calendar fields and names each bad one', () => {
    const base = { recurrence: 6, startDate: '2026-01-01T00:00:00Z' };
    expect(problems({ ...base, onDay: 32 })[0]?.target).toBe('recurrence.onDay');
    expect(problems({ ...base, isOnThe: true, onThe: [6, 1] })[0]?.target).toBe('recurrence.onThe');
    expect(problems({ ...base, isOnThe: true })[0]?.target).toBe('recurrence.onThe');
    expect(problems({ ...base, recurrence: 5, weekDays: [7] })[0]?.target).toBe(
      'recurrence.weekDays',
    );
    expect(problems({ ...base, recurrence: 7, month: 13 })[0]?.target).toBe('recurrence.month');
  });

  it('answers the block with defaults resolved and the zone’s canonical name', () => {
    const result = readRecurrence({
      recurrence: 4,
      every: 0,
      startDate: '2026-01-01T09:00:00',
      timeZone: 'europe/bucharest',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(recurrenceDocument(result.recurrence, describeRecurrence(result.recurrence))).toEqual({
      recurrence: 4,
      timeZone: 'Europe/Bucharest',
      info: 'Every day at 11:00 (Europe/Bucharest)',
      startDate: '2026-01-01T09:00:00.000Z',
      isEndDate: false,
      endDate: null,
      every: 1,
      isWeekendExcluded: false,
    });
  });
});
