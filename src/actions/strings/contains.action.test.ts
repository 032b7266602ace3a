import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { STRING_CONTAINS_IDS as IDS, stringContainsAction } from './contains.action.js';

const contains = async (inputs: Record<string, unknown>) =>
  (await runAction(stringContainsAction, inputs))[IDS.Result];

describe('Contains (text)', () => {
  it('is pure, under PROCESIO template 0bae1fd6-c2d0-4904-96d3-a08f5274bf5e', () => {
    expect(stringContainsAction.effectful).toBe(false);
    expect(stringContainsAction.template.id).toBe('0bae1fd6-c2d0-4904-96d3-a08f5274bf5e');
  });

  it('looks for the text case-sensitively unless told to ignore case', async () => {
    const inputs = { [IDS.Source]: 'Große Straße', [IDS.Search]: 'STRASSE' };
    expect(await contains(inputs)).toBe(false);
    expect(await contains({ ...inputs, [IDS.IgnoreCase]: true })).toBe(true);
    expect(await contains({ [IDS.Source]: 'abc', [IDS.Search]: 'bc' })).toBe(true);
    expect(await contains({ [IDS.Source]: 'abc', [IDS.Search]: '' })).toBe(true);
  });

  it('fails when the text to look for is missing or the flag is not a boolean', async () => {
    expect(await failureOf(stringContainsAction, { [IDS.Source]: 'abc' })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Search },
    });
    expect(
      await failureOf(stringContainsAction, {
        [IDS.Source]: 'abc',
        [IDS.Search]: 'a',
        [IDS.IgnoreCase]: 'sometimes',
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.IgnoreCase } });
  });
});
