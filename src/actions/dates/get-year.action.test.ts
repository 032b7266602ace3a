import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { GET_YEAR_IDS as IDS, getYearAction } from './get-year.action.js';

const read = async (date: unknown) =>
  (await runAction(getYearAction, { [IDS.Date]: date }))[IDS.Year];

describe('Get Year', () => {
  it('is pure, under PROCESIO template b6e57097-8947-4cca-b0cf-bafa06459ad9', () => {
    expect(getYearAction.effectful).toBe(false);
    expect(getYearAction.template.id).toBe('b6e57097-8947-4cca-b0cf-bafa06459ad9');
  });

  it('reads the year of the UTC date, offsets converted first', async () => {
    // Saturday 2024-03-02 23:59:58 UTC, written with a +02:00 offset.
    expect(await read('2024-03-03T01:59:58+02:00')).toBe(2024);
    // Monday 2024-03-04 00:05 UTC, in the designer's day-first form.
    expect(await read('04/03/2024 00:05:00')).toBe(2024);
  });

  it('refuses a value that is no date and a missing date', async () => {
    expect(await failureOf(getYearAction, { [IDS.Date]: 42 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Date },
    });
    expect(await failureOf(getYearAction, {})).toMatchObject({ type: 'validation' });
  });
});
