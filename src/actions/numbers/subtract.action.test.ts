import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { SUBTRACT_IDS as IDS, subtractAction } from './subtract.action.js';

const subtract = async (a: unknown, b: unknown) =>
  (await runAction(subtractAction, { [IDS.First]: a, [IDS.Second]: b }))[IDS.Result];

describe('Subtract', () => {
  it('is pure, under PROCESIO template 1e7f5445-c843-4a4a-aeec-2d2ac6e64c9e', () => {
    expect(subtractAction.effectful).toBe(false);
    expect(subtractAction.template.id).toBe('1e7f5445-c843-4a4a-aeec-2d2ac6e64c9e');
  });

  it('subtracts the second number from the first, numeric text included', async () => {
    expect(await subtract(10, 4)).toBe(6);
    expect(await subtract('2.5', '4')).toBe(-1.5);
  });

  it('refuses text that is no number, and a whole-number result past 2^53', async () => {
    expect(await failureOf(subtractAction, { [IDS.First]: 'ten', [IDS.Second]: 1 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.First },
    });
    expect(
      await failureOf(subtractAction, {
        [IDS.First]: -Number.MAX_SAFE_INTEGER,
        [IDS.Second]: 2,
      }),
    ).toMatchObject({ type: 'overflow' });
  });
});
