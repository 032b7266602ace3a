import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { FIRST_N_IDS as IDS, firstNAction } from './first-n.action.js';

const first = async (sorted: unknown, count: unknown, list: unknown = [3, '10', 1, 'b', 'A']) =>
  (await runAction(firstNAction, { [IDS.List]: list, [IDS.Sorted]: sorted, [IDS.Count]: count }))[
    IDS.Result
  ];

describe('First N Elements', () => {
  it('is pure, under PROCESIO template 3ce001d8-cc4f-492a-89bd-cb22c4eda9dc', () => {
    expect(firstNAction.effectful).toBe(false);
    expect(firstNAction.template.id).toBe('3ce001d8-cc4f-492a-89bd-cb22c4eda9dc');
  });

  it('takes the first elements as listed, ascending or descending', async () => {
    expect(await first(1, 2)).toEqual([3, '10']);
    expect(await first(2, 3)).toEqual([1, 3, '10']);
    expect(await first('3', 2)).toEqual(['b', 'A']);
    expect(await first(1, 99)).toHaveLength(5);
    expect(await first(2, 0)).toEqual([]);
  });

  it('refuses an unknown order option and a negative count', async () => {
    expect(
      await failureOf(firstNAction, { [IDS.List]: [1], [IDS.Sorted]: 4, [IDS.Count]: 1 }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Sorted } });
    expect(
      await failureOf(firstNAction, { [IDS.List]: [1], [IDS.Sorted]: 1, [IDS.Count]: -1 }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Count } });
  });
});
