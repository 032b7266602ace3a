import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { FIND_DUPLICATES_IDS as IDS, findDuplicatesAction } from './find-duplicates.action.js';

const people = [
  { id: 1, name: 'John Doe', contact: { phone: '376-323-1111' } },
  { id: 2, name: 'Jane Roe', contact: { phone: '555-0100' } },
  { id: 3, name: 'john-doe', contact: { phone: '323 1111' } },
  { id: 4, name: 'John Doe', contact: { phone: '999' } },
];

describe('Find Duplicates', () => {
  it('is pure, under PROCESIO template 327684ea-6ec3-4e73-a38e-de2a7c08fa4e', () => {
    expect(findDuplicatesAction.effectful).toBe(false);
    expect(findDuplicatesAction.template.id).toBe('327684ea-6ec3-4e73-a38e-de2a7c08fa4e');
  });

  it('finds elements whose fields all match and correlates them by IdField', async () => {
    const outputs = await runAction(findDuplicatesAction, {
      [IDS.List]: people,
      [IDS.Config]: {
        IdField: 'id',
        FieldMatches: [
          { FieldName: 'name', MatchType: 'Similar' },
          { FieldName: 'contact.phone', MatchType: 'Similar' },
        ],
      },
    });
    expect(outputs).toEqual({
      [IDS.Unique]: [people[0], people[1], people[3]],
      [IDS.Duplicates]: [people[2]],
      [IDS.Correlation]: [{ original: 1, duplicates: [3] }],
    });
  });

  it('groups exact matches in one pass and answers whole elements without IdField', async () => {
    const outputs = await runAction(findDuplicatesAction, {
      [IDS.List]: people,
      [IDS.Config]: '{"fieldMatches":[{"fieldName":"NAME","matchType":"exact"}]}',
    });
    expect(outputs[IDS.Correlation]).toEqual([{ original: people[0], duplicates: [people[3]] }]);
  });

  it('refuses a configuration without field rules or with a rule naming no field', async () => {
    for (const configuration of ['{}', '{"FieldMatches":[{"MatchType":"Exact"}]}']) {
      expect(
        await failureOf(findDuplicatesAction, { [IDS.List]: people, [IDS.Config]: configuration }),
      ).toMatchObject({ type: 'validation', details: { settingId: IDS.Config } });
    }
  });
});
