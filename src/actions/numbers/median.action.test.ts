import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { MEDIAN_IDS as IDS, medianAction } from './median.action.js';

const median = async (list: unknown[]) =>
  (await runAction(medianAction, { [IDS.List]: list }))[IDS.Result];

describe('Median', () => {
  it('is pure, under PROCESIO template bc138707-7503-42a0-a2d6-11f1101c8e84', () => {
    expect(medianAction.effectful).toBe(false);
    expect(medianAction.template.id).toBe('bc138707-7503-42a0-a2d6-11f1101c8e84');
  });

  it('answers the middle number, or the mean of the two middle ones', async () => {
    expect(await median([9, 1, 5])).toBe(5);
    expect(await median([4, 1, 3, 2])).toBe(2.5);
    expect(await median([7])).toBe(7);
  });

  it('refuses an empty list', async () => {
    expect(await failureOf(medianAction, { [IDS.List]: [] })).toMatchObject({ type: 'validation' });
  });
});
