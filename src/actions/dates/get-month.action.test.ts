import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { GET_MONTH_IDS as IDS, getMonthAction } from './get-month.action.js';

const read = async (date: unknown) =>
  (await runAction(getMonthAction, { [IDS.Date]: date }))[IDS.Month];

describe('Get Month', () => {
  it('is pure, under PROCESIO template 2ef7c841-afcc-4233-8ba5-5a4b9b758c23', () => {
    expect(getMonthAction.effectful).toBe(false);
    expect(getMonthAction.template.id).toBe('2ef7c841-afcc-4233-8ba5-5a4b9b758c23');
  });

  it('reads the month of the UTC date, offsets converted first', async () => {
    // Saturday 2024-03-02 23:59:58 UTC, written with a +02:00 offset.
    expect(await read('2024-03-03T01:59:58+02:00')).toBe(3);
    // Monday 2024-03-04 00:05 UTC, in the designer's day-first form.
    expect(await read('04/03/2024 00:05:00')).toBe(3);
  });

  it('refuses a value that is no date and a missing date', async () => {
    expect(await failureOf(getMonthAction, { [IDS.Date]: 42 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Date },
    });
    expect(await failureOf(getMonthAction, {})).toMatchObject({ type: 'validation' });
  });
});
