import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LIST_CONTAINS_IDS as IDS, listContainsAction } from './contains.action.js';

const contains = async (list: unknown, item: unknown) =>
  (await runAction(listContainsAction, { [IDS.List]: list, [IDS.Item]: item }))[IDS.Result];

describe('Contains (list)', () => {
  it('is pure, under PROCESIO template a26c4a3e-cb0f-4f59-854c-68669c15e864', () => {
    expect(listContainsAction.effectful).toBe(false);
    expect(listContainsAction.template.id).toBe('a26c4a3e-cb0f-4f59-854c-68669c15e864');
  });

  it('finds numbers typed as text and objects whatever their key order', async () => {
    expect(await contains([1, 2, 3], '2')).toBe(true);
    expect(await contains(['a', 'b'], 'B')).toBe(false);
    expect(await contains([{ a: 1, b: [1, 2] }], { b: [1, 2], a: 1 })).toBe(true);
    expect(await contains([{ a: 1 }], { a: 1, b: 2 })).toBe(false);
    expect(await contains([true, null], null)).toBe(true);
    expect(await contains([0], null)).toBe(false);
  });

  it('refuses a value that is not a list', async () => {
    expect(
      await failureOf(listContainsAction, { [IDS.List]: 'a,b', [IDS.Item]: 'a' }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.List } });
  });
});
