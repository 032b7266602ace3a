import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LIST_DIFFERENCE_IDS as IDS, listDifferenceAction } from './difference.action.js';

describe('List Difference', () => {
  it('is pure, under PROCESIO template 927aa025-bd84-5f46-a637-bbe5e1e8bc20', () => {
    expect(listDifferenceAction.effectful).toBe(false);
    expect(listDifferenceAction.template.id).toBe('927aa025-bd84-5f46-a637-bbe5e1e8bc20');
  });

  it('keeps the first list’s elements missing from the second, each once', async () => {
    expect(
      await runAction(listDifferenceAction, {
        [IDS.First]: [1, 2, 2, 3, { a: 1 }, 'x'],
        [IDS.Second]: ['3', { a: 1 }],
      }),
    ).toEqual({ [IDS.Result]: [1, 2, 'x'] });
  });

  it('refuses a first value that is not a list', async () => {
    expect(
      await failureOf(listDifferenceAction, { [IDS.First]: {}, [IDS.Second]: [] }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.First } });
  });
});
