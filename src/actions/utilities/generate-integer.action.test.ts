import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import {
  GENERATE_INTEGER_IDS as IDS,
  generateIntegerAction,
  randomIntegerBetween,
} from './generate-integer.action.js';

const draw = async (inputs: Record<string, unknown>) =>
  (await runAction(generateIntegerAction, inputs))[IDS.Result] as number;

describe('Generate Integer', () => {
  it('is pure, under PROCESIO template a1416876-fbcb-4dfd-afc3-489343f3bebf', () => {
    expect(generateIntegerAction.effectful).toBe(false);
    expect(generateIntegerAction.template.id).toBe('a1416876-fbcb-4dfd-afc3-489343f3bebf');
  });

  it('draws every value of a small range, both limits included, and nothing outside', async () => {
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) seen.add(await draw({ [IDS.Lower]: -2, [IDS.Upper]: '2' }));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
  });

  it('answers the limit itself when both limits are equal, and defaults to 0 … 2147483647', async () => {
    expect(await draw({ [IDS.Lower]: 7, [IDS.Upper]: 7 })).toBe(7);
    const value = await draw({});
    expect(Number.isInteger(value) && value >= 0 && value <= 2147483647).toBe(true);
  });

  it('stays within the widest safe range', () => {
    for (let i = 0; i < 100; i++) {
      const value = randomIntegerBetween(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      expect(Number.isSafeInteger(value)).toBe(true);
    }
  });

  it('refuses a lower limit above the upper one and limits that are not whole numbers', async () => {
    expect(
      await failureOf(generateIntegerAction, { [IDS.Lower]: 5, [IDS.Upper]: 3 }),
    ).toMatchObject({
      type: 'validation',
      message:
        '"Smallest value (included)" (5) must not be greater than "Largest value (included)" (3).',
    });
    expect(await failureOf(generateIntegerAction, { [IDS.Upper]: 2.5 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Upper },
    });
  });
});
