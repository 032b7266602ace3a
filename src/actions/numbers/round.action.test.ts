import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { ROUND_IDS as IDS, roundAction } from './round.action.js';

const round = async (number: unknown, digits: unknown) =>
  (await runAction(roundAction, { [IDS.Number]: number, [IDS.Digits]: digits }))[IDS.Result];

describe('Round', () => {
  it('is pure, under PROCESIO template ab2a42b0-e9d2-4be7-89ae-570f6a6b34f2', () => {
    expect(roundAction.effectful).toBe(false);
    expect(roundAction.template.id).toBe('ab2a42b0-e9d2-4be7-89ae-570f6a6b34f2');
  });

  it('rounds to the decimals asked, halves away from zero', async () => {
    expect(await round(3.14159, 2)).toBe(3.14);
    expect(await round('2.675', '2')).toBe(2.68);
    expect(await round(-2.5, 0)).toBe(-3);
    expect(await round(7, 3)).toBe(7);
  });

  it('refuses decimals outside 0–15 and a number that is not one', async () => {
    expect(await failureOf(roundAction, { [IDS.Number]: 1, [IDS.Digits]: 16 })).toMatchObject({
      type: 'validation',
      message: '"Decimals to keep" must be between 0 and 15; got 16.',
    });
    expect(await failureOf(roundAction, { [IDS.Number]: 'pi', [IDS.Digits]: 2 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Number },
    });
  });
});
