import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LIST_CONCATENATE_IDS as IDS, listConcatenateAction } from './concatenate.action.js';

describe('Concatenate (lists)', () => {
  it('is pure, under PROCESIO template a363466e-05c6-4d94-9d3f-66ec5b6ffb8c', () => {
    expect(listConcatenateAction.effectful).toBe(false);
    expect(listConcatenateAction.template.id).toBe('a363466e-05c6-4d94-9d3f-66ec5b6ffb8c');
  });

  it('puts the second list after the first, keeping repeats', async () => {
    expect(
      await runAction(listConcatenateAction, { [IDS.First]: [1, 2], [IDS.Second]: '[2,{"a":1}]' }),
    ).toEqual({ [IDS.Result]: [1, 2, 2, { a: 1 }] });
  });

  it('refuses a second value that is not a list', async () => {
    expect(
      await failureOf(listConcatenateAction, { [IDS.First]: [], [IDS.Second]: 5 }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Second } });
  });
});
