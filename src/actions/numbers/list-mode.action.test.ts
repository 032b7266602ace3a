import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LIST_MODE_IDS as IDS, listModeAction } from './list-mode.action.js';

const mode = async (list: unknown[]) =>
  (await runAction(listModeAction, { [IDS.List]: list }))[IDS.Result];

describe('List Mode', () => {
  it('is pure, under PROCESIO template fc081e39-0322-e54d-8957-942a5a6bd0b2', () => {
    expect(listModeAction.effectful).toBe(false);
    expect(listModeAction.template.id).toBe('fc081e39-0322-e54d-8957-942a5a6bd0b2');
  });

  it('answers the most frequent element of any type, the first on a tie', async () => {
    expect(await mode([1, 'a', 2, 'a', 1, 'a'])).toBe('a');
    expect(await mode([{ k: 1 }, 3, { k: 1 }])).toEqual({ k: 1 });
    expect(await mode([2, 1, 1, 2])).toBe(2);
    expect(await mode(['5', 5, 6])).toBe('5');
  });

  it('refuses an empty list', async () => {
    expect(await failureOf(listModeAction, { [IDS.List]: [] })).toMatchObject({
      type: 'validation',
      message: '"Elements" must not be empty.',
    });
  });
});
