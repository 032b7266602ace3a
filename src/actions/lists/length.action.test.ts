import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LIST_LENGTH_IDS as IDS, listLengthAction } from './length.action.js';

describe('Length of a list', () => {
  it('is pure, under PROCESIO template 47da9168-56e2-4c7b-bf72-1ab3db3c909d', () => {
    expect(listLengthAction.effectful).toBe(false);
    expect(listLengthAction.template.id).toBe('47da9168-56e2-4c7b-bf72-1ab3db3c909d');
  });

  it('counts the elements of a list, and of a list typed as JSON text', async () => {
    expect(await runAction(listLengthAction, { [IDS.List]: [1, null, { a: 1 }] })).toEqual({
      [IDS.Result]: 3,
    });
    expect(await runAction(listLengthAction, { [IDS.List]: '[1,2,3]' })).toEqual({
      [IDS.Result]: 3,
    });
    expect(await runAction(listLengthAction, { [IDS.List]: [] })).toEqual({ [IDS.Result]: 0 });
  });

  it('refuses a value that is not a list', async () => {
    for (const value of ['abc', 5, { length: 2 }]) {
      expect(await failureOf(listLengthAction, { [IDS.List]: value })).toMatchObject({
        type: 'validation',
        details: { settingId: IDS.List },
      });
    }
  });
});
