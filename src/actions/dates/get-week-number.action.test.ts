import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { GET_WEEK_NUMBER_IDS as IDS, getWeekNumberAction } from './get-week-number.action.js';

const week = async (date: string, rule: number, firstDay: number) =>
  (
    await runAction(getWeekNumberAction, {
      [IDS.Date]: `${date}T12:00:00Z`,
      [IDS.Rule]: rule,
      [IDS.FirstDay]: firstDay,
    })
  )[IDS.Result];

describe('Get Week Number', () => {
  it('is pure, under PROCESIO template 8e9cf826-1f25-44ea-a404-cd5d6fa2ef49', () => {
    expect(getWeekNumberAction.effectful).toBe(false);
    expect(getWeekNumberAction.template.id).toBe('8e9cf826-1f25-44ea-a404-cd5d6fa2ef49');
  });

  it('counts from the week of January 1 (FirstDay)', async () => {
    // 2021-01-01 is a Friday; 2021-01-03 a Sunday.
    expect(await week('2021-01-01', 1, 1)).toBe(1);
    expect(await week('2021-01-03', 1, 1)).toBe(2);
    expect(await week('2021-01-03', 1, 2)).toBe(1);
    expect(await week('2021-12-31', 1, 2)).toBe(53);
  });

  it('counts from the first full week (FirstFullWeek), earlier days in last year’s week', async () => {
    expect(await week('2021-01-03', 2, 1)).toBe(1);
    expect(await week('2021-01-02', 2, 1)).toBe(52);
    expect(await week('2021-01-04', 2, 2)).toBe(1);
  });

  it('counts from the first four-day week (FirstFourDayWeek) as .NET does', async () => {
    expect(await week('2021-01-01', 3, 2)).toBe(53);
    expect(await week('2021-01-04', 3, 2)).toBe(1);
    expect(await week('2020-01-01', 3, 2)).toBe(1);
    // ISO-8601 calls this week 1 of 2025; .NET's GetWeekOfYear, and Sluice, say 53.
    expect(await week('2024-12-30', 3, 2)).toBe(53);
  });

  it('refuses an unknown rule or first day', async () => {
    expect(
      await failureOf(getWeekNumberAction, {
        [IDS.Date]: '2021-01-01T00:00:00Z',
        [IDS.Rule]: 4,
        [IDS.FirstDay]: 1,
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Rule } });
    expect(
      await failureOf(getWeekNumberAction, {
        [IDS.Date]: '2021-01-01T00:00:00Z',
        [IDS.Rule]: 1,
        [IDS.FirstDay]: 'Tuesday',
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.FirstDay } });
  });
});
