import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { GET_DAY_IDS as IDS, getDayAction } from './get-day.action.js';

const read = async (date: unknown) =>
  (await runAction(getDayAction, { [IDS.Date]: date }))[IDS.Day];

describe('Get Day', () => {
  it('is pure, under PROCESIO template 4a9922d6-046b-49f4-a94a-67b1022773d6', () => {
    expect(getDayAction.effectful).toBe(false);
    expect(getDayAction.template.id).toBe('4a9922d6-046b-49f4-a94a-67b1022773d6');
  });

  it('reads the day of the month of the UTC date, offsets converted first', async () => {
    // Saturday 2024-03-02 23:59:58 UTC, written with a +02:00 offset.
    expect(await read('2024-03-03T01:59:58+02:00')).toBe(2);
    // Monday 2024-03-04 00:05 UTC, in the designer's day-first form.
    expect(await read('04/03/2024 00:05:00')).toBe(4);
  });

  it('refuses a value that is no date and a missing date', async () => {
    expect(await failureOf(getDayAction, { [IDS.Date]: 42 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Date },
    });
    expect(await failureOf(getDayAction, {})).toMatchObject({ type: 'validation' });
  });
});
