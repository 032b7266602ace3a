import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LIST_VARIANCE_IDS as IDS, listVarianceAction } from './list-variance.action.js';

describe('List Variance', () => {
  it('is pure, under PROCESIO template 5f75d3d2-59e8-b543-8ad0-4658ca62fcba', () => {
    expect(listVarianceAction.effectful).toBe(false);
    expect(listVarianceAction.template.id).toBe('5f75d3d2-59e8-b543-8ad0-4658ca62fcba');
  });

  it('answers the sample variance', async () => {
    expect(await runAction(listVarianceAction, { [IDS.List]: [2, 4, 4, 4, 5, 5, 7, 9] })).toEqual({
      [IDS.Result]: 32 / 7,
    });
  });

  it('refuses fewer than two numbers', async () => {
    expect(await failureOf(listVarianceAction, { [IDS.List]: [3] })).toMatchObject({
      type: 'validation',
      message: '"Numbers" must have at least 2 numbers; it has 1.',
    });
  });
});
