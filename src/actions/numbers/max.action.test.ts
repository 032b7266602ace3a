import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { MAX_IDS as IDS, maxAction } from './max.action.js';

describe('Max', () => {
  it('is pure, under PROCESIO template 74491d3d-616e-485a-b784-9deb1272913e', () => {
    expect(maxAction.effectful).toBe(false);
    expect(maxAction.template.id).toBe('74491d3d-616e-485a-b784-9deb1272913e');
  });

  it('answers the largest number', async () => {
    expect(await runAction(maxAction, { [IDS.List]: '[3, 12.5, "7"]' })).toEqual({
      [IDS.Result]: 12.5,
    });
  });

  it('refuses an empty list', async () => {
    expect(await failureOf(maxAction, { [IDS.List]: [] })).toMatchObject({ type: 'validation' });
  });
});
