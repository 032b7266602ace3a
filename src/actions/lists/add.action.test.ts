import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LIST_ADD_IDS as IDS, listAddAction } from './add.action.js';

describe('Add (list)', () => {
  it('is pure, under PROCESIO template a4549437-509a-431b-8ac7-88a59774e021', () => {
    expect(listAddAction.effectful).toBe(false);
    expect(listAddAction.template.id).toBe('a4549437-509a-431b-8ac7-88a59774e021');
  });

  it('appends the element and writes the list back to its own setting', async () => {
    const list = [1, 'two'];
    expect(await runAction(listAddAction, { [IDS.List]: list, [IDS.Item]: { three: 3 } })).toEqual({
      [IDS.List]: [1, 'two', { three: 3 }],
    });
    expect(list).toEqual([1, 'two']);
    expect(await runAction(listAddAction, { [IDS.List]: '[]', [IDS.Item]: null })).toEqual({
      [IDS.List]: [null],
    });
  });

  it('refuses a list that is not a list and an element never given', async () => {
    expect(await failureOf(listAddAction, { [IDS.List]: 'abc', [IDS.Item]: 1 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.List },
    });
    expect(await failureOf(listAddAction, { [IDS.List]: [] })).toMatchObject({
      type: 'validation',
      message: '"Element to add" is required.',
    });
  });
});
