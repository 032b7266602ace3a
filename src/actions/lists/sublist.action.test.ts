import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { SUBLIST_IDS as IDS, sublistAction } from './sublist.action.js';

const sublist = async (start: unknown, length: unknown) =>
  (
    await runAction(sublistAction, {
      [IDS.List]: ['a', 'b', 'c', 'd'],
      [IDS.Start]: start,
      [IDS.Length]: length,
    })
  )[IDS.Result];

describe('Sublist', () => {
  it('is pure, under PROCESIO template 4da3c41c-f295-4d19-be19-eb2a7abadc91', () => {
    expect(sublistAction.effectful).toBe(false);
    expect(sublistAction.template.id).toBe('4da3c41c-f295-4d19-be19-eb2a7abadc91');
  });

  it('takes up to N elements from the start position', async () => {
    expect(await sublist(1, 2)).toEqual(['b', 'c']);
    expect(await sublist(2, 10)).toEqual(['c', 'd']);
    expect(await sublist(4, 1)).toEqual([]);
  });

  it('refuses a start past the end and negative numbers', async () => {
    for (const [start, length, id] of [
      [5, 1, IDS.Start],
      [-1, 1, IDS.Start],
      [0, -1, IDS.Length],
    ] as const) {
      expect(
        await failureOf(sublistAction, {
          [IDS.List]: [1, 2, 3, 4],
          [IDS.Start]: start,
          [IDS.Length]: length,
        }),
      ).toMatchObject({ type: 'validation', details: { settingId: id } });
    }
  });
});
