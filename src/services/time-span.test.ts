import { describe, expect, it } from 'vitest';
import { TimeSpan, timeSpan } from './time-span.js';

const now = new Date('2026-05-17T12:30:00.000Z');
const iso = (span: { from: Date; to: Date } | null) =>
  span && [span.from.toISOString(), span.to.toISOString()];

describe('history time spans', () => {
  it('counts rolling spans back from now', () => {
    expect(iso(timeSpan(TimeSpan.LastHour, now))?.[0]).toBe('2026-05-17T11:30:00.000Z');
    expect(iso(timeSpan(TimeSpan.Last30Days, now))?.[0]).toBe('2026-04-17T12:30:00.000Z');
  });

  it('uses UTC calendar months, quarters and years', () => {
    expect(iso(timeSpan(TimeSpan.ThisQuarter, now))?.[0]).toBe('2026-04-01T00:00:00.000Z');
    expect(iso(timeSpan(TimeSpan.LastMonth, now))).toEqual([
      '2026-04-01T00:00:00.000Z',
      '2026-05-01T00:00:00.000Z',
    ]);
    expect(iso(timeSpan(TimeSpan.LastQuarter, now))).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
    ]);
    expect(iso(timeSpan(TimeSpan.LastYear, now))).toEqual([
      '2025-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
    expect(iso(timeSpan(TimeSpan.LastMonth, new Date('2026-01-10T00:00:00Z')))).toEqual([
      '2025-12-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
  });

  it('reads a certain month as YYYY-MM and refuses anything else', () => {
    expect(iso(timeSpan(TimeSpan.CertainMonth, now, '2025-12'))).toEqual([
      '2025-12-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
    expect(timeSpan(TimeSpan.CertainMonth, now, '2025-13')).toBeNull();
    expect(timeSpan(99, now)).toBeNull();
  });
});
