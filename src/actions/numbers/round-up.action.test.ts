import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { ROUND_UP_IDS as IDS, roundUpAction } from './round-up.action.js';

const roundUp = async (number: unknown, digits: unknown) =>
  (await runAction(roundUpAction, { [IDS.Number]: number, [IDS.Digits]: digits }))[IDS.Result];

describe('Round Up', () => {
  it('is pure, under PROCESIO template fd306f76-1ea2-418e-a5e1-1214ebd39738', () => {
    expect(roundUpAction.effectful).toBe(false);
    expect(roundUpAction.template.id).toBe('fd306f76-1ea2-418e-a5e1-1214ebd39738');
  });

  it('rounds towards plus infinity', async () => {
    expect(await roundUp(2.781, 2)).toBe(2.79);
    expect(await roundUp(-2.789, 2)).toBe(-2.78);
    expect(await roundUp(0.1 + 0.2, 1)).toBe(0.4);
  });

  it('refuses decimals that are not whole', async () => {
    expect(await failureOf(roundUpAction, { [IDS.Number]: 1, [IDS.Digits]: 1.5 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Digits },
    });
  });
});
