import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { DIVIDE_IDS as IDS, divideAction } from './divide.action.js';

const divide = async (a: unknown, b: unknown) =>
  (await runAction(divideAction, { [IDS.Numerator]: a, [IDS.Denominator]: b }))[IDS.Result];

describe('Divide', () => {
  it('is pure, under PROCESIO template f9dff28a-bc2d-4fa4-afed-c03e7bc4421e', () => {
    expect(divideAction.effectful).toBe(false);
    expect(divideAction.template.id).toBe('f9dff28a-bc2d-4fa4-afed-c03e7bc4421e');
  });

  it('divides exactly, whole numbers included', async () => {
    expect(await divide(7, 2)).toBe(3.5);
    expect(await divide('-9', '3')).toBe(-3);
    expect(await divide(1, 3)).toBeCloseTo(0.3333333333, 10);
  });

  it('refuses a division by zero with a validation error naming the denominator', async () => {
    expect(await failureOf(divideAction, { [IDS.Numerator]: 5, [IDS.Denominator]: '0' })).toEqual({
      type: 'validation',
      message: '"Denominator" is zero; a number cannot be divided by zero.',
      retryable: false,
      details: { settingId: IDS.Denominator },
    });
  });

  it('refuses a quotient too large to represent', async () => {
    expect(
      await failureOf(divideAction, { [IDS.Numerator]: 1e308, [IDS.Denominator]: 1e-10 }),
    ).toMatchObject({ type: 'overflow' });
  });
});
