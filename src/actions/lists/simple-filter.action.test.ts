import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { SIMPLE_FILTER_IDS as IDS, simpleFilterAction } from './simple-filter.action.js';

const filter = async (list: unknown[], configuration: unknown) =>
  (await runAction(simpleFilterAction, { [IDS.List]: list, [IDS.Config]: configuration }))[
    IDS.Result
  ];

describe('Simple Filter', () => {
  it('is pure, under PROCESIO template 71e51226-9722-4f7a-8679-e3050e7706a2', () => {
    expect(simpleFilterAction.effectful).toBe(false);
    expect(simpleFilterAction.template.id).toBe('71e51226-9722-4f7a-8679-e3050e7706a2');
  });

  it('keeps the elements matching the expression, or those not matching with KeepIfTrue false', async () => {
    const list = ['INV-001', 'note', 'INV-002', 42];
    expect(await filter(list, '{"MatchType":"RegEx","FilterExpression":"^INV-\\\\d+$"}')).toEqual([
      'INV-001',
      'INV-002',
    ]);
    expect(
      await filter(list, { MatchType: 'Contains', FilterExpression: 'inv', KeepIfTrue: false }),
    ).toEqual(['note', 42]);
    expect(await filter(list, { MatchType: 'Exact', FilterExpression: '42' })).toEqual([42]);
  });

  it('uses the fuzzy algorithm and threshold it is given', async () => {
    expect(
      await filter(['Bucharest', 'Bucuresti', 'Berlin'], {
        MatchType: 'Fuzzy',
        FuzzyAlgorithm: 'JaroWinkler',
        FuzzyThreshold: 0.85,
        FilterExpression: 'Bucharest',
      }),
    ).toEqual(['Bucharest', 'Bucuresti']);
  });

  it('refuses a missing configuration and a KeepIfTrue that is not a boolean', async () => {
    expect(await failureOf(simpleFilterAction, { [IDS.List]: [] })).toMatchObject({
      type: 'validation',
      message: '"Filter configuration (JSON)" is required.',
    });
    expect(
      await failureOf(simpleFilterAction, {
        [IDS.List]: ['a'],
        [IDS.Config]: { FilterExpression: 'a', KeepIfTrue: 'perhaps' },
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Config } });
  });
});
