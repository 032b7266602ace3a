import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { STRING_GET_INDEX_IDS as IDS, stringGetIndexAction } from './get-index.action.js';

describe('Get Index (text)', () => {
  it('is pure, under PROCESIO template 93f9fee3-75e8-425c-bd30-7bd72bb27535', () => {
    expect(stringGetIndexAction.effectful).toBe(false);
    expect(stringGetIndexAction.template.id).toBe('93f9fee3-75e8-425c-bd30-7bd72bb27535');
  });

  it('answers the zero-based position of the first occurrence, or -1', async () => {
    const run = async (source: string, search: string) =>
      (await runAction(stringGetIndexAction, { [IDS.Source]: source, [IDS.Search]: search }))[
        IDS.Result
      ];
    expect(await run('banana', 'an')).toBe(1);
    expect(await run('banana', 'x')).toBe(-1);
    expect(await run('banana', 'B')).toBe(-1);
  });

  it('fails when the text is null', async () => {
    expect(
      await failureOf(stringGetIndexAction, { [IDS.Source]: null, [IDS.Search]: 'a' }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Source } });
  });
});
