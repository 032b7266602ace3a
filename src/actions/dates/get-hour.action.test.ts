import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { GET_HOUR_IDS as IDS, getHourAction } from './get-hour.action.js';

const read = async (date: unknown) =>
  (await runAction(getHourAction, { [IDS.Date]: date }))[IDS.Hour];

describe('Get Hour', () => {
  it('is pure, under PROCESIO template 1dfe6ff0-08d0-42c4-ac31-ba7c6944d3af', () => {
    expect(getHourAction.effectful).toBe(false);
    expect(getHourAction.template.id).toBe('1dfe6ff0-08d0-42c4-ac31-ba7c6944d3af');
  });

  it('reads the hour of the UTC date, offsets converted first', async () => {
    // Saturday 2024-03-02 23:59:58 UTC, written with a +02:00 offset.
    expect(await read('2024-03-03T01:59:58+02:00')).toBe(23);
    // Monday 2024-03-04 00:05 UTC, in the designer's day-first form.
    expect(await read('04/03/2024 00:05:00')).toBe(0);
  });

  it('refuses a value that is no date and a missing date', async () => {
    expect(await failureOf(getHourAction, { [IDS.Date]: 42 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Date },
    });
    expect(await failureOf(getHourAction, {})).toMatchObject({ type: 'validation' });
  });
});
