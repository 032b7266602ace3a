import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { FILTER_IDS as IDS, filterAction } from './filter.action.js';

const accounts = [
  { name: 'Ada', phone: '+51 284 665 4128', email: 'ada@example.com' },
  { name: 'Bob', phone: '+40 700 000 000', email: null, backupEmail: 'bob@corp.test' },
  { name: 'Cy', phone: '+51 284 665 4128', email: 'cy@corp.test' },
];

const filter = async (configuration: unknown) =>
  (await runAction(filterAction, { [IDS.List]: accounts, [IDS.Config]: configuration }))[
    IDS.Result
  ];

describe('Filter', () => {
  it('is pure, under PROCESIO template e6cbbb28-c1cd-4bd7-a820-2d74e38c37ef', () => {
    expect(filterAction.effectful).toBe(false);
    expect(filterAction.template.id).toBe('e6cbbb28-c1cd-4bd7-a820-2d74e38c37ef');
  });

  it('keeps the elements whose fields match every rule', async () => {
    expect(
      await filter({
        FieldMatches: [
          { FieldName: 'phone', MatchType: 'Exact', FilterExpression: '+51 284 665 4128' },
        ],
      }),
    ).toEqual([accounts[0], accounts[2]]);
  });

  it('drops matches with KeepIfTrue false and reads alternate fields for missing values', async () => {
    const outputs = await filter(
      JSON.stringify({
        FieldMatches: [
          {
            FieldName: 'email',
            MatchType: 'RegEx',
            FilterExpression: '@corp\\.test$',
            KeepIfTrue: false,
          },
        ],
        AlternateFields: [{ FieldName: 'email', FieldAlternateNames: ['backupEmail'] }],
      }),
    );
    expect(outputs).toEqual([accounts[0]]);
  });

  it('refuses rules without a FilterExpression or with an invalid pattern', async () => {
    for (const configuration of [
      { FieldMatches: [{ FieldName: 'name', MatchType: 'Exact' }] },
      { FieldMatches: [{ FieldName: 'name', MatchType: 'RegEx', FilterExpression: '(' }] },
      { FieldMatches: [] },
    ]) {
      expect(
        await failureOf(filterAction, { [IDS.List]: accounts, [IDS.Config]: configuration }),
      ).toMatchObject({ type: 'validation', details: { settingId: IDS.Config } });
    }
  });
});
