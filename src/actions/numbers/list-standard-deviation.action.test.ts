import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import {
  LIST_STANDARD_DEVIATION_IDS as IDS,
  listStandardDeviationAction,
} from './list-standard-deviation.action.js';

describe('List Standard Deviation', () => {
  it('is pure, under PROCESIO template 0d636d56-7b8e-674a-a0e7-8d2df6b6734f', () => {
    expect(listStandardDeviationAction.effectful).toBe(false);
    expect(listStandardDeviationAction.template.id).toBe('0d636d56-7b8e-674a-a0e7-8d2df6b6734f');
  });

  it('answers the sample standard deviation', async () => {
    const outputs = await runAction(listStandardDeviationAction, { [IDS.List]: [1, 2, 3, 4] });
    expect(outputs[IDS.Result]).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });

  it('refuses non-numbers', async () => {
    expect(await failureOf(listStandardDeviationAction, { [IDS.List]: [1, 'x'] })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.List },
    });
  });
});
