import { describe, expect, it } from 'vitest';
import { CronSyntaxError, nextCronMatch, parseCron } from './cron.js';
import { describeCron } from './describe.js';

/** The next `count` matches after a naive ISO time (no zone: wall-clock fields). */
function matches(expression: string, from: string, count = 5): string[] {
  const cron = parseCron(expression);
  const out: string[] = [];
  let t: number | null = Date.parse(`${from}Z`);
  for (let i = 0; i < count; i++) {
    t = nextCronMatch(cron, t);
    if (t === null) break;
    out.push(new Date(t).toISOString().slice(0, 16));
    t += 60_000;
  }
  return out;
}

describe('cron expressions', () => {
  it('fires on weekdays at the given time', () => {
    expect(matches('0 9 * * 1-5', '2026-01-02T10:00', 4)).toEqual([
      '2026-01-05T09:00',
      '2026-01-06T09:00',
      '2026-01-07T09:00',
      '2026-01-08T09:00',
    ]);
  });

  it('includes the starting minute itself when it matches', () => {
    expect(matches('30 8 * * *', '2026-01-01T08:30', 1)).toEqual(['2026-01-01T08:30']);
  });

  it('expands steps, lists and ranges with steps', () => {
    expect(matches('*/20 * * * *', '2026-01-01T00:01', 3)).toEqual([
      '2026-01-01T00:20',
      '2026-01-01T00:40',
      '2026-01-01T01:00',
    ]);
    expect(matches('5,35 10-14/2 * * *', '2026-01-01T00:00', 4)).toEqual([
      '2026-01-01T10:05',
      '2026-01-01T10:35',
      '2026-01-01T12:05',
      '2026-01-01T12:35',
    ]);
    expect(matches('0 22/1 * * *', '2026-01-01T00:00', 3)).toEqual([
      '2026-01-01T22:00',
      '2026-01-01T23:00',
      '2026-01-02T22:00',
    ]);
  });

  it('accepts month and weekday names in any case, and 7 as Sunday', () => {
    expect(matches('0 0 1 jan,Jul *', '2026-02-01T00:00', 2)).toEqual([
      '2026-07-01T00:00',
      '2027-01-01T00:00',
    ]);
    expect(matches('0 12 * * 7', '2026-01-01T00:00', 1)).toEqual(['2026-01-04T12:00']);
    expect(matches('0 12 * * SAT-SUN', '2026-01-01T00:00', 2)).toEqual([
      '2026-01-03T12:00',
      '2026-01-04T12:00',
    ]);
    expect(matches('0 12 * * 5-7', '2026-01-01T00:00', 3)).toEqual([
      '2026-01-02T12:00',
      '2026-01-03T12:00',
      '2026-01-04T12:00',
    ]);
  });

  it('matches either day field when both are restricted', () => {
    // The 13th of each month, and every Friday.
    expect(matches('0 0 13 * 5', '2026-02-01T00:00', 4)).toEqual([
      '2026-02-06T00:00',
      '2026-02-13T00:00',
      '2026-02-20T00:00',
      '2026-02-27T00:00',
    ]);
  });

  it('understands L, L-n and LW in the day of month', () => {
    expect(matches('0 0 L * *', '2026-01-15T00:00', 3)).toEqual([
      '2026-01-31T00:00',
      '2026-02-28T00:00',
      '2026-03-31T00:00',
    ]);
    expect(matches('0 0 L-2 * *', '2026-02-01T00:00', 1)).toEqual(['2026-02-26T00:00']);
    // January 2026 ends on a Saturday, May 2026 on a Sunday.
    expect(matches('0 0 LW 1,5 *', '2026-01-01T00:00', 2)).toEqual([
      '2026-01-30T00:00',
      '2026-05-29T00:00',
    ]);
  });

  it('finds the weekday nearest a day without leaving the month (W)', () => {
    // 2026-02-01 is a Sunday → Monday the 2nd; 2026-08-01 is a Saturday → Monday the 3rd;
    // 2026-03-15 is a Sunday → Monday the 16th.
    expect(matches('0 0 1W 2,8 *', '2026-01-01T00:00', 2)).toEqual([
      '2026-02-02T00:00',
      '2026-08-03T00:00',
    ]);
    expect(matches('0 0 15W 3 *', '2026-01-01T00:00', 1)).toEqual(['2026-03-16T00:00']);
  });

  it('understands the n-th (#) and last (L) weekday of the month', () => {
    expect(matches('0 9 * * 1#2', '2026-01-01T00:00', 3)).toEqual([
      '2026-01-12T09:00',
      '2026-02-09T09:00',
      '2026-03-09T09:00',
    ]);
    expect(matches('0 9 * * FRIL', '2026-01-01T00:00', 2)).toEqual([
      '2026-01-30T09:00',
      '2026-02-27T09:00',
    ]);
    expect(matches('0 9 ? * 5L', '2026-01-01T00:00', 1)).toEqual(['2026-01-30T09:00']);
  });

  it('finds February 29 years ahead and reports a day that never comes as none', () => {
    expect(matches('0 0 29 2 *', '2026-03-01T00:00', 2)).toEqual([
      '2028-02-29T00:00',
      '2032-02-29T00:00',
    ]);
    expect(matches('0 0 30 2 *', '2026-01-01T00:00', 1)).toEqual([]);
  });

  it.each([
    ['', 'empty'],
    ['* * * *', 'Expected 5 fields'],
    ['0 0 9 * * 1-5', '6-field expressions'],
    ['60 * * * *', 'out of range'],
    ['* 24 * * *', 'out of range'],
    ['* * 0 * *', 'out of range'],
    ['* * * 13 *', 'out of range'],
    ['* * * * 8', 'out of range'],
    ['*/0 * * * *', 'step'],
    ['5-1 * * * *', 'backwards'],
    ['? * * * *', 'day fields'],
    ['* * ? * ?', 'one day field'],
    ['* * * * MON#6', '1–5'],
    ['* * * FOO *', 'not a valid month'],
    ['1,,2 * * * *', 'not a valid minute'],
  ])('refuses %j with a message that says why', (expression, message) => {
    expect(() => parseCron(expression)).toThrow(CronSyntaxError);
    expect(() => parseCron(expression)).toThrow(message);
  });
});

describe('cron descriptions', () => {
  it.each([
    ['0 9 * * 1-5', 'At 09:00, Monday through Friday'],
    ['* * * * *', 'Every minute'],
    ['*/15 * * * *', 'Every 15 minutes'],
    ['0 * * * *', 'Every hour'],
    ['30 8,17 * * *', 'At 08:30 and 17:30'],
    ['0 0 1 * *', 'At 00:00, on day 1 of the month'],
    ['0 0 L * *', 'At 00:00, on the last day of the month'],
    ['0 9 * * 1#2', 'At 09:00, on the second Monday of the month'],
    ['0 12 * * 6,0', 'At 12:00, Saturday, Sunday'],
    ['0 6 * 1-3 *', 'At 06:00, in January through March'],
    ['*/5 9-17 * * *', 'Every 5 minutes, between 09:00 and 17:59'],
  ])('describes %j as %j', (expression, text) => {
    expect(describeCron(expression)).toBe(text);
  });
});
