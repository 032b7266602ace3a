import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { ARITHMETIC_MEAN_IDS as IDS, arithmeticMeanAction } from './arithmetic-mean.action.js';

describe('Arithmetic Mean', () => {
  it('is pure, under PROCESIO template b6e3c879-fbf1-4ebc-a9bd-ac12860fc871', () => {
    expect(arithmeticMeanAction.effectful).toBe(false);
    expect(arithmeticMeanAction.template.id).toBe('b6e3c879-fbf1-4ebc-a9bd-ac12860fc871');
  });

  it('averages the numbers, even ones whose sum would overflow', async () => {
    expect(await runAction(arithmeticMeanAction, { [IDS.List]: [1, 2, '6'] })).toEqual({
      [IDS.Result]: 3,
    });
    expect(await runAction(arithmeticMeanAction, { [IDS.List]: [1e308, 1e308] })).toEqual({
      [IDS.Result]: 1e308,
    });
  });

  it('refuses an empty list', async () => {
    expect(await failureOf(arithmeticMeanAction, { [IDS.List]: [] })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.List },
    });
  });
});
