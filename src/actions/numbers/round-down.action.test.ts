import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { ROUND_DOWN_IDS as IDS, roundDownAction } from './round-down.action.js';

const roundDown = async (number: unknown, digits: unknown) =>
  (await runAction(roundDownAction, { [IDS.Number]: number, [IDS.Digits]: digits }))[IDS.Result];

describe('Round Down', () => {
  it('is pure, under PROCESIO template 3b7c6be3-2c5c-47ea-83e6-4c87f8c79b18', () => {
    expect(roundDownAction.effectful).toBe(false);
    expect(roundDownAction.template.id).toBe('3b7c6be3-2c5c-47ea-83e6-4c87f8c79b18');
  });

  it('rounds towards minus infinity', async () => {
    expect(await roundDown(2.789, 2)).toBe(2.78);
    expect(await roundDown(-2.781, 2)).toBe(-2.79);
    expect(await roundDown(1.1, 1)).toBe(1.1);
  });

  it('refuses negative decimals', async () => {
    expect(await failureOf(roundDownAction, { [IDS.Number]: 1, [IDS.Digits]: -1 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Digits },
    });
  });
});
