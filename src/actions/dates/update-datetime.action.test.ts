import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { UPDATE_DATETIME_IDS as IDS, updateDateTimeAction } from './update-datetime.action.js';

const move = async (date: string, unit: unknown, amount: unknown) =>
  (
    await runAction(updateDateTimeAction, {
      [IDS.Date]: date,
      [IDS.Unit]: unit,
      [IDS.Amount]: amount,
    })
  )[IDS.Result];

describe('Update DateTime', () => {
  it('is pure, under PROCESIO template a77c754f-5d85-4350-87bc-658e91b96b98', () => {
    expect(updateDateTimeAction.effectful).toBe(false);
    expect(updateDateTimeAction.template.id).toBe('a77c754f-5d85-4350-87bc-658e91b96b98');
  });

  it('adds each unit of time, negative amounts going back', async () => {
    const start = '2024-01-31T10:00:00Z';
    expect(await move(start, 1, 1)).toBe('2025-01-31T10:00:00.000Z');
    expect(await move(start, '2', '1')).toBe('2024-02-29T10:00:00.000Z');
    expect(await move(start, 3, -31)).toBe('2023-12-31T10:00:00.000Z');
    expect(await move(start, 4, 15)).toBe('2024-02-01T01:00:00.000Z');
    expect(await move(start, 5, -600)).toBe('2024-01-31T00:00:00.000Z');
    expect(await move(start, 6, 3600)).toBe('2024-01-31T11:00:00.000Z');
  });

  it('refuses an unknown unit, a fractional amount and a date past the year 9999', async () => {
    const start = '2024-01-31T10:00:00Z';
    expect(
      await failureOf(updateDateTimeAction, { [IDS.Date]: start, [IDS.Unit]: 9, [IDS.Amount]: 1 }),
    ).toMatchObject({
      type: 'validation',
      message: '"Unit" must be one of 1, 2, 3, 4, 5, 6; got 9.',
    });
    expect(
      await failureOf(updateDateTimeAction, {
        [IDS.Date]: start,
        [IDS.Unit]: 3,
        [IDS.Amount]: 1.5,
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Amount } });
    expect(
      await failureOf(updateDateTimeAction, {
        [IDS.Date]: start,
        [IDS.Unit]: 1,
        [IDS.Amount]: 8000,
      }),
    ).toMatchObject({ type: 'out_of_range' });
  });
});
