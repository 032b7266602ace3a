import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { DATE_DIFFERENCE_IDS as IDS, dateDifferenceAction } from './date-difference.action.js';

const difference = async (first: string, second: string, unit: number) =>
  (
    await runAction(dateDifferenceAction, {
      [IDS.First]: first,
      [IDS.Second]: second,
      [IDS.Unit]: unit,
    })
  )[IDS.Result];

describe('Date Difference', () => {
  it('is pure, under PROCESIO template a825c938-7d97-4230-97b7-4b58be3c6c32', () => {
    expect(dateDifferenceAction.effectful).toBe(false);
    expect(dateDifferenceAction.template.id).toBe('a825c938-7d97-4230-97b7-4b58be3c6c32');
  });

  it('counts whole days, weeks, months, quarters and years from the first date to the second', async () => {
    const first = '2024-01-31T12:00:00Z';
    expect(await difference(first, '2024-03-01T11:59:59Z', 4)).toBe(29);
    expect(await difference(first, '2024-03-01T12:00:00Z', 5)).toBe(4);
    // One month after January 31 is February 29, as Update DateTime counts it.
    expect(await difference(first, '2024-02-29T12:00:00Z', 6)).toBe(1);
    expect(await difference(first, '2024-02-28T12:00:00Z', 6)).toBe(0);
    expect(await difference(first, '2024-03-31T12:00:00Z', 6)).toBe(2);
    expect(await difference(first, '2025-01-31T12:00:00Z', 7)).toBe(4);
    expect(await difference(first, '2026-01-30T12:00:00Z', 8)).toBe(1);
  });

  it('is negative when the second date is earlier, never -0', async () => {
    expect(await difference('2024-03-10T00:00:00Z', '2024-03-01T00:00:00Z', 4)).toBe(-9);
    expect(Object.is(await difference('2024-03-10T00:00:00Z', '2024-03-09T12:00:00Z', 4), 0)).toBe(
      true,
    );
  });

  it('refuses units of the Time Difference action', async () => {
    expect(
      await failureOf(dateDifferenceAction, {
        [IDS.First]: '2024-01-01T00:00:00Z',
        [IDS.Second]: '2024-01-02T00:00:00Z',
        [IDS.Unit]: 1,
      }),
    ).toMatchObject({ type: 'validation', message: '"Unit" must be one of 4, 5, 6, 7, 8; got 1.' });
  });
});
