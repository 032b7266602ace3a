import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { IS_WEEKDAY_IDS as IDS, isWeekdayAction } from './is-weekday.action.js';

const read = async (date: unknown) =>
  (await runAction(isWeekdayAction, { [IDS.Date]: date }))[IDS.Result];

describe('Is Weekday', () => {
  it('is pure, under PROCESIO template 40e66ce3-e5d6-46fb-b1f8-0d01289f25ba', () => {
    expect(isWeekdayAction.effectful).toBe(false);
    expect(isWeekdayAction.template.id).toBe('40e66ce3-e5d6-46fb-b1f8-0d01289f25ba');
  });

  it('reads whether the day is Monday to Friday of the UTC date, offsets converted first', async () => {
    // Saturday 2024-03-02 23:59:58 UTC, written with a +02:00 offset.
    expect(await read('2024-03-03T01:59:58+02:00')).toBe(false);
    // Monday 2024-03-04 00:05 UTC, in the designer's day-first form.
    expect(await read('04/03/2024 00:05:00')).toBe(true);
  });

  it('refuses a value that is no date and a missing date', async () => {
    expect(await failureOf(isWeekdayAction, { [IDS.Date]: 42 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Date },
    });
    expect(await failureOf(isWeekdayAction, {})).toMatchObject({ type: 'validation' });
  });
});
