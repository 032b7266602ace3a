import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { GET_MINUTE_IDS as IDS, getMinuteAction } from './get-minute.action.js';

const read = async (date: unknown) =>
  (await runAction(getMinuteAction, { [IDS.Date]: date }))[IDS.Minute];

describe('Get Minute', () => {
  it('is pure, under PROCESIO template a3dd560e-3daf-467b-b737-2aff30e10b91', () => {
    expect(getMinuteAction.effectful).toBe(false);
    expect(getMinuteAction.template.id).toBe('a3dd560e-3daf-467b-b737-2aff30e10b91');
  });

  it('reads the minute of the UTC date, offsets converted first', async () => {
    // Saturday 2024-03-02 23:59:58 UTC, written with a +02:00 offset.
    expect(await read('2024-03-03T01:59:58+02:00')).toBe(59);
    // Monday 2024-03-04 00:05 UTC, in the designer's day-first form.
    expect(await read('04/03/2024 00:05:00')).toBe(5);
  });

  it('refuses a value that is no date and a missing date', async () => {
    expect(await failureOf(getMinuteAction, { [IDS.Date]: 42 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Date },
    });
    expect(await failureOf(getMinuteAction, {})).toMatchObject({ type: 'validation' });
  });
});
