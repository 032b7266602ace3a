import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LIST_TO_STRING_IDS as IDS, listToStringAction } from './list-to-string.action.js';

describe('List To String', () => {
  it('is pure, under PROCESIO template e3054159-bf23-4866-b289-ce2f53925290', () => {
    expect(listToStringAction.effectful).toBe(false);
    expect(listToStringAction.template.id).toBe('e3054159-bf23-4866-b289-ce2f53925290');
  });

  it('writes the list as JSON text', async () => {
    expect(
      await runAction(listToStringAction, { [IDS.List]: [1, 'a"b', null, { c: [true] }] }),
    ).toEqual({ [IDS.Result]: '[1,"a\\"b",null,{"c":[true]}]' });
    expect(await runAction(listToStringAction, { [IDS.List]: [] })).toEqual({
      [IDS.Result]: '[]',
    });
  });

  it('refuses a value that is not a list', async () => {
    expect(await failureOf(listToStringAction, { [IDS.List]: 'plain' })).toMatchObject({
      type: 'validation',
    });
  });
});
