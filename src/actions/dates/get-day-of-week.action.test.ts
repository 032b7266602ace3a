import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { GET_DAY_OF_WEEK_IDS as IDS, getDayOfWeekAction } from './get-day-of-week.action.js';

const dayNumber = async (date: string, numbering: unknown) =>
  (await runAction(getDayOfWeekAction, { [IDS.Date]: date, [IDS.Numbering]: numbering }))[
    IDS.Result
  ];

describe('Get Day Of Week', () => {
  it('is pure, under PROCESIO template 07c90946-0530-4897-9f04-55a478107ec4', () => {
    expect(getDayOfWeekAction.effectful).toBe(false);
    expect(getDayOfWeekAction.template.id).toBe('07c90946-0530-4897-9f04-55a478107ec4');
  });

  it('numbers Sunday and Monday in each of the three numberings', async () => {
    const sunday = '2024-03-03T12:00:00Z';
    const monday = '2024-03-04T12:00:00Z';
    expect([await dayNumber(sunday, 1), await dayNumber(monday, 1)]).toEqual([1, 2]);
    expect([await dayNumber(sunday, 2), await dayNumber(monday, 2)]).toEqual([7, 1]);
    expect([await dayNumber(sunday, '3'), await dayNumber(monday, '3')]).toEqual([6, 0]);
  });

  it('refuses an unknown numbering', async () => {
    expect(
      await failureOf(getDayOfWeekAction, {
        [IDS.Date]: '2024-03-03T12:00:00Z',
        [IDS.Numbering]: 0,
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Numbering } });
  });
});
