import { describe, expect, it } from 'vitest';
import { ActionError } from '../actions/action.js';
import { delayWakeTime } from './delay.js';

const now = new Date('2026-03-10T12:00:00.000Z');
const none = { runtimeAmount: null, runtimeInterval: null, until: null };

describe('Delay wake time', () => {
  it('waits for a static amount of an interval', () => {
    expect(
      delayWakeTime({ type: '1', value: { value: 15, interval: 2 }, ...none }, now).toISOString(),
    ).toBe('2026-03-10T12:15:00.000Z');
    expect(
      delayWakeTime({ type: 1, value: '{"value": 1, "interval": 6}', ...none }, now).toISOString(),
    ).toBe('2026-04-10T12:00:00.000Z');
  });

  it('prefers the runtime amount and interval, matched in any case', () => {
    const wake = delayWakeTime(
      {
        type: '1',
        value: { value: 15, interval: 2 },
        runtimeAmount: '2',
        runtimeInterval: 'Hour(s)',
        until: null,
      },
      now,
    );
    expect(wake.toISOString()).toBe('2026-03-10T14:00:00.000Z');
    expect(
      delayWakeTime(
        { type: '1', value: null, runtimeAmount: 3, runtimeInterval: 'm', until: null },
        now,
      ).toISOString(),
    ).toBe('2026-03-10T12:03:00.000Z');
  });

  it('waits until a date-time, runtime value first', () => {
    expect(
      delayWakeTime(
        { type: '2', value: { value: '2026-12-01T08:00:00Z' }, ...none },
        now,
      ).toISOString(),
    ).toBe('2026-12-01T08:00:00.000Z');
    expect(
      delayWakeTime(
        {
          type: '2',
          value: null,
          runtimeAmount: null,
          runtimeInterval: null,
          until: '2026-05-01T00:00:00Z',
        },
        now,
      ).toISOString(),
    ).toBe('2026-05-01T00:00:00.000Z');
  });

  it('fails clearly on an unknown interval or a missing period', () => {
    expect(() =>
      delayWakeTime(
        { type: '1', value: null, runtimeAmount: 1, runtimeInterval: 'fortnight', until: null },
        now,
      ),
    ).toThrow(ActionError);
    expect(() => delayWakeTime({ type: '1', value: null, ...none }, now)).toThrow(/no wait period/);
    expect(() =>
      delayWakeTime({ type: '1', value: { value: -1, interval: 1 }, ...none }, now),
    ).toThrow(/≥ 0/);
  });
});
