import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import {
  TIMEZONE_CONVERTER_IDS as IDS,
  timezoneConverterAction,
} from './timezone-converter.action.js';

const convert = async (date: string, from: string, to: string) =>
  (await runAction(timezoneConverterAction, { [IDS.Date]: date, [IDS.From]: from, [IDS.To]: to }))[
    IDS.Result
  ];

describe('Timezone Converter', () => {
  it('is pure, under PROCESIO template 70196517-d20e-5742-b705-0048b685a13c', () => {
    expect(timezoneConverterAction.effectful).toBe(false);
    expect(timezoneConverterAction.template.id).toBe('70196517-d20e-5742-b705-0048b685a13c');
  });

  it('moves a wall-clock time from one IANA zone to another, daylight saving included', async () => {
    expect(await convert('2024-01-15T10:00:00Z', 'Europe/Bucharest', 'UTC')).toBe(
      '2024-01-15T08:00:00.000Z',
    );
    expect(await convert('2024-07-15T10:00:00Z', 'Europe/Bucharest', 'UTC')).toBe(
      '2024-07-15T07:00:00.000Z',
    );
    expect(await convert('2024-07-15T10:00:00Z', 'America/New_York', 'Asia/Kolkata')).toBe(
      '2024-07-15T19:30:00.000Z',
    );
    expect(await convert('2024-07-15T23:30:00Z', 'UTC', 'Pacific/Kiritimati')).toBe(
      '2024-07-16T13:30:00.000Z',
    );
  });

  it('moves a wall time that a daylight-saving jump skips forward by the jump', async () => {
    // 2024-03-31 03:30 does not exist in Bucharest (03:00 → 04:00).
    expect(await convert('2024-03-31T03:30:00Z', 'Europe/Bucharest', 'UTC')).toBe(
      '2024-03-31T01:30:00.000Z',
    );
  });

  it('refuses a zone that is not an IANA name', async () => {
    expect(
      await failureOf(timezoneConverterAction, {
        [IDS.Date]: '2024-01-15T10:00:00Z',
        [IDS.From]: 'Mars/Olympus_Mons',
        [IDS.To]: 'UTC',
      }),
    ).toMatchObject({
      type: 'validation',
      message:
        '"From time zone" must be an IANA time zone such as Europe/Bucharest; got "Mars/Olympus_Mons".',
    });
  });
});
