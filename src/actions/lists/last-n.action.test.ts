import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LAST_N_IDS as IDS, lastNAction } from './last-n.action.js';

const last = async (sorted: unknown, count: unknown) =>
  (
    await runAction(lastNAction, {
      [IDS.List]: [5, 1, 4, 2],
      [IDS.Sorted]: sorted,
      [IDS.Count]: count,
    })
  )[IDS.Result];

describe('Last N Elements', () => {
  it('is pure, under PROCESIO template 5edca714-b331-40ba-b14d-47ebb6e46733', () => {
    expect(lastNAction.effectful).toBe(false);
    expect(lastNAction.template.id).toBe('5edca714-b331-40ba-b14d-47ebb6e46733');
  });

  it('takes the last elements, in list order, after sorting when asked', async () => {
    expect(await last(1, 2)).toEqual([4, 2]);
    expect(await last(2, 2)).toEqual([4, 5]);
    expect(await last(3, 3)).toEqual([4, 2, 1]);
    expect(await last(1, 0)).toEqual([]);
    expect(await last(1, 10)).toEqual([5, 1, 4, 2]);
  });

  it('refuses a count that is not a whole number', async () => {
    expect(
      await failureOf(lastNAction, { [IDS.List]: [1], [IDS.Sorted]: 1, [IDS.Count]: 'all' }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Count } });
  });
});
