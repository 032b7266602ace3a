import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { ADD_NUMBERS_IDS as IDS, addNumbersAction } from './add.action.js';

const add = async (first: unknown, second: unknown) =>
  (await runAction(addNumbersAction, { [IDS.First]: first, [IDS.Second]: second }))[IDS.Result];

describe('Add numbers', () => {
  it('is pure, under PROCESIO template fea7cedc-082a-4c17-916d-fa892781e4e0', () => {
    expect(addNumbersAction.effectful).toBe(false);
    expect(addNumbersAction.template.id).toBe('fea7cedc-082a-4c17-916d-fa892781e4e0');
  });

  it('adds integers and decimals, from numbers or numeric strings', async () => {
    expect(await add(2, 3)).toBe(5);
    expect(await add('3', ' 4 ')).toBe(7);
    expect(await add(1.5, '-0.25')).toBe(1.25);
  });

  it('refuses a non-numeric input with a validation error naming it', async () => {
    expect(await failureOf(addNumbersAction, { [IDS.First]: 1, [IDS.Second]: 'three' })).toEqual({
      type: 'validation',
      message: '"Second number" must be a number; got "three".',
      retryable: false,
      details: { settingId: IDS.Second },
    });
  });

  it('fails when a number is missing', async () => {
    expect(await failureOf(addNumbersAction, { [IDS.Second]: 1 })).toMatchObject({
      type: 'validation',
      message: '"First number" is required.',
    });
  });

  it('refuses a sum of whole numbers that would lose precision, and one that overflows', async () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(await failureOf(addNumbersAction, { [IDS.First]: max, [IDS.Second]: 1 })).toMatchObject({
      type: 'overflow',
      retryable: false,
    });
    expect(
      await failureOf(addNumbersAction, { [IDS.First]: 1e308, [IDS.Second]: 1e308 }),
    ).toMatchObject({ type: 'overflow' });
    expect(await add(max - 1, 1)).toBe(max);
  });
});
