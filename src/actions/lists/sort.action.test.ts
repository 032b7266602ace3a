import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LIST_SORT_IDS as IDS, listSortAction } from './sort.action.js';

const sort = async (list: unknown, order: string) =>
  (await runAction(listSortAction, { [IDS.List]: list, [IDS.Order]: order }))[IDS.List];

describe('Sort (list)', () => {
  it('is pure, under PROCESIO template 56674795-78a6-4bc4-a239-67d2e75a7695', () => {
    expect(listSortAction.effectful).toBe(false);
    expect(listSortAction.template.id).toBe('56674795-78a6-4bc4-a239-67d2e75a7695');
  });

  it('sorts numbers by value, numeric text included, and text alphabetically', async () => {
    expect(await sort([10, '9', 2.5, -1], 'ASC')).toEqual([-1, 2.5, '9', 10]);
    expect(await sort(['banana', 'Apple', 'cherry', 'apple'], 'ASC')).toEqual([
      'apple',
      'Apple',
      'banana',
      'cherry',
    ]);
    expect(await sort([1, 3, 2], 'desc')).toEqual([3, 2, 1]);
  });

  it('orders mixed values null, booleans, numbers, text, then objects', async () => {
    expect(await sort(['b', { a: 1 }, 2, true, null, false], 'ASC')).toEqual([
      null,
      false,
      true,
      2,
      'b',
      { a: 1 },
    ]);
  });

  it('refuses an order other than ASC or DESC', async () => {
    expect(await failureOf(listSortAction, { [IDS.List]: [1], [IDS.Order]: 'up' })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Order },
    });
  });
});
