import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { IS_WEEKEND_IDS as IDS, isWeekendAction } from './is-weekend.action.js';

const read = async (date: unknown) =>
  (await runAction(isWeekendAction, { [IDS.Date]: date }))[IDS.Result];

describe('Is Weekend', () => {
  it('is pure, under PROCESIO template 87775be3-30a2-4f02-bc02-5731d83d1218', () => {
    expect(isWeekendAction.effectful).toBe(false);
    expect(isWeekendAction.template.id).toBe('87775be3-30a2-4f02-bc02-5731d83d1218');
  });

  it('reads whether the day is Saturday or Sunday of the UTC date, offsets converted first', async () => {
    // Saturday 2024-03-02 23:59:58 UTC, written with a +02:00 offset.
    expect(await read('2024-03-03T01:59:58+02:00')).toBe(true);
    // Monday 2024-03-04 00:05 UTC, in the designer's day-first form.
    expect(await read('04/03/2024 00:05:00')).toBe(false);
  });

  it('refuses a value that is no date and a missing date', async () => {
    expect(await failureOf(isWeekendAction, { [IDS.Date]: 42 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Date },
    });
    expect(await failureOf(isWeekendAction, {})).toMatchObject({ type: 'validation' });
  });
});
