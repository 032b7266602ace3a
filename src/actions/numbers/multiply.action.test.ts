import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { MULTIPLY_IDS as IDS, multiplyAction } from './multiply.action.js';

const multiply = async (a: unknown, b: unknown) =>
  (await runAction(multiplyAction, { [IDS.First]: a, [IDS.Second]: b }))[IDS.Result];

describe('Multiply', () => {
  it('is pure, under PROCESIO template 3b5d72ac-e311-4fc7-99b1-9cf0a237ff40', () => {
    expect(multiplyAction.effectful).toBe(false);
    expect(multiplyAction.template.id).toBe('3b5d72ac-e311-4fc7-99b1-9cf0a237ff40');
  });

  it('multiplies integers and decimals', async () => {
    expect(await multiply(6, 7)).toBe(42);
    expect(await multiply('1.5', -2)).toBe(-3);
    expect(Object.is(await multiply(0, -5), 0)).toBe(true);
  });

  it('refuses a missing number and a product that overflows', async () => {
    expect(await failureOf(multiplyAction, { [IDS.First]: 2 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Second },
    });
    expect(
      await failureOf(multiplyAction, { [IDS.First]: 2 ** 30, [IDS.Second]: 2 ** 30 }),
    ).toMatchObject({ type: 'overflow' });
    expect(
      await failureOf(multiplyAction, { [IDS.First]: 1e200, [IDS.Second]: 1e200 }),
    ).toMatchObject({ type: 'overflow' });
  });
});
