import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { SUM_IDS as IDS, sumAction } from './sum.action.js';

describe('Sum', () => {
  it('is pure, under PROCESIO template 17f3e715-6cb4-4b89-ac67-9c9cd8fd285a', () => {
    expect(sumAction.effectful).toBe(false);
    expect(sumAction.template.id).toBe('17f3e715-6cb4-4b89-ac67-9c9cd8fd285a');
  });

  it('adds the numbers of the list, numeric text included; 0 for an empty list', async () => {
    expect(await runAction(sumAction, { [IDS.List]: [1, '2', 3.5] })).toEqual({
      [IDS.Result]: 6.5,
    });
    expect(await runAction(sumAction, { [IDS.List]: [] })).toEqual({ [IDS.Result]: 0 });
  });

  it('refuses an element that is no number, naming its position', async () => {
    expect(await failureOf(sumAction, { [IDS.List]: [1, 'two'] })).toMatchObject({
      type: 'validation',
      message: '"Numbers" must hold only numbers; element 1 is "two".',
    });
    expect(await failureOf(sumAction, { [IDS.List]: [Number.MAX_SAFE_INTEGER, 1] })).toMatchObject({
      type: 'overflow',
    });
  });
});
