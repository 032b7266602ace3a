import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { DEDUPLICATE_IDS as IDS, deduplicateAction } from './deduplicate.action.js';

describe('DeDuplicate', () => {
  it('is pure, under PROCESIO template d32f8c2f-1a0b-4da3-8bff-d6c8e8fcc72d', () => {
    expect(deduplicateAction.effectful).toBe(false);
    expect(deduplicateAction.template.id).toBe('d32f8c2f-1a0b-4da3-8bff-d6c8e8fcc72d');
  });

  it('keeps first occurrences and reports the duplicates with what they duplicate', async () => {
    expect(
      await runAction(deduplicateAction, {
        [IDS.List]: ['b', 1, 'a', '1', 'b', { k: 1 }, { k: 1 }],
      }),
    ).toEqual({
      [IDS.Unique]: ['b', 1, 'a', { k: 1 }],
      [IDS.Duplicates]: ['1', 'b', { k: 1 }],
      [IDS.Correlation]: [
        { original: 'b', duplicates: ['b'] },
        { original: 1, duplicates: ['1'] },
        { original: { k: 1 }, duplicates: [{ k: 1 }] },
      ],
    });
  });

  it('matches with the configured type and ignored terms, and sorts the kept elements', async () => {
    const outputs = await runAction(deduplicateAction, {
      [IDS.List]: ['Zeta Ltd', 'acme', 'ACME LTD', 'Zeta'],
      [IDS.Config]: JSON.stringify({ MatchType: 'Similar', IgnoredTerms: ['ltd'], Sort: 'asc' }),
    });
    expect(outputs[IDS.Unique]).toEqual(['acme', 'Zeta Ltd']);
    expect(outputs[IDS.Correlation]).toEqual([
      { original: 'Zeta Ltd', duplicates: ['Zeta'] },
      { original: 'acme', duplicates: ['ACME LTD'] },
    ]);
  });

  it('refuses a configuration that is not JSON, a RegEx match and an unknown sort', async () => {
    for (const configuration of ['{MatchType:', '{"MatchType":"RegEx"}', '{"Sort":"up"}', '[1]']) {
      expect(
        await failureOf(deduplicateAction, { [IDS.List]: ['a'], [IDS.Config]: configuration }),
      ).toMatchObject({ type: 'validation', details: { settingId: IDS.Config } });
    }
  });
});
