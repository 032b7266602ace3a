import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LIST_REMOVE_IDS as IDS, listRemoveAction } from './remove.action.js';

const remove = async (list: unknown, item: unknown) =>
  (await runAction(listRemoveAction, { [IDS.List]: list, [IDS.Item]: item }))[IDS.List];

describe('Remove (list)', () => {
  it('is pure, under PROCESIO template 02635185-4667-4090-88f8-4ccb74aa63e5', () => {
    expect(listRemoveAction.effectful).toBe(false);
    expect(listRemoveAction.template.id).toBe('02635185-4667-4090-88f8-4ccb74aa63e5');
  });

  it('removes the first equal element only and writes the list back', async () => {
    expect(await remove(['a', 'b', 'a'], 'a')).toEqual(['b', 'a']);
    expect(await remove([1, 2], '2')).toEqual([1]);
    expect(await remove([{ x: 1 }, 3], { x: 1 })).toEqual([3]);
  });

  it('leaves the list as it was when the element is not in it', async () => {
    expect(await remove([1, 2], 3)).toEqual([1, 2]);
  });

  it('refuses a value that is not a list', async () => {
    expect(await failureOf(listRemoveAction, { [IDS.List]: 7, [IDS.Item]: 7 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.List },
    });
  });
});
