import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { GET_ELEMENT_IDS as IDS, getElementAction } from './get-element.action.js';

describe('Get Element', () => {
  it('is pure, under PROCESIO template af517e65-f8ac-4f0e-80ea-ea08125099ac', () => {
    expect(getElementAction.effectful).toBe(false);
    expect(getElementAction.template.id).toBe('af517e65-f8ac-4f0e-80ea-ea08125099ac');
  });

  it('answers the element at the zero-based position', async () => {
    const list = ['a', { b: 1 }, null];
    expect(await runAction(getElementAction, { [IDS.List]: list, [IDS.Index]: 1 })).toEqual({
      [IDS.Result]: { b: 1 },
    });
    expect(await runAction(getElementAction, { [IDS.List]: list, [IDS.Index]: '2' })).toEqual({
      [IDS.Result]: null,
    });
  });

  it('refuses a position outside the list, naming its length', async () => {
    expect(
      await failureOf(getElementAction, { [IDS.List]: ['a', 'b'], [IDS.Index]: 2 }),
    ).toMatchObject({
      type: 'validation',
      message: '"Position (from 0)" must be between 0 and 1 (the list has 2 elements); got 2.',
    });
    expect(await failureOf(getElementAction, { [IDS.List]: [], [IDS.Index]: 0 })).toMatchObject({
      message: '"Position (from 0)" is 0, but the list is empty.',
    });
    expect(await failureOf(getElementAction, { [IDS.List]: ['a'], [IDS.Index]: -1 })).toMatchObject(
      { details: { settingId: IDS.Index } },
    );
  });
});
