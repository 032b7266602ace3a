import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { JOIN_IDS as IDS, joinAction } from './join.action.js';

describe('Join', () => {
  it('is pure, under PROCESIO template 9932e1d1-71b6-4616-9bd3-3cbc6d84109c', () => {
    expect(joinAction.effectful).toBe(false);
    expect(joinAction.template.id).toBe('9932e1d1-71b6-4616-9bd3-3cbc6d84109c');
  });

  it('joins the texts with the separator, rendering other values as text', async () => {
    expect(
      await runAction(joinAction, { [IDS.List]: ['a', 1, null, true], [IDS.Separator]: ', ' }),
    ).toEqual({ [IDS.Result]: 'a, 1, , true' });
    expect(await runAction(joinAction, { [IDS.List]: '["x","y"]', [IDS.Separator]: '' })).toEqual({
      [IDS.Result]: 'xy',
    });
  });

  it('refuses a value that is not a list', async () => {
    expect(await failureOf(joinAction, { [IDS.List]: 'a,b', [IDS.Separator]: ',' })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.List },
    });
  });
});
