import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { REPLACE_IDS as IDS, replaceAction } from './replace.action.js';

const replace = async (inputs: Record<string, unknown>) =>
  (await runAction(replaceAction, inputs))[IDS.Result];

describe('Replace', () => {
  it('is pure, under PROCESIO template 6ddf806a-612e-4bf1-aa20-cc1dab576b02', () => {
    expect(replaceAction.effectful).toBe(false);
    expect(replaceAction.template.id).toBe('6ddf806a-612e-4bf1-aa20-cc1dab576b02');
  });

  it('replaces every occurrence, case-sensitively by default', async () => {
    const inputs = { [IDS.Source]: 'a-A-a', [IDS.Search]: 'a', [IDS.Replacement]: 'b' };
    expect(await replace(inputs)).toBe('b-A-b');
  });

  it('ignores case when asked, literal "true" included', async () => {
    const inputs = { [IDS.Source]: 'a-A-a', [IDS.Search]: 'a', [IDS.Replacement]: 'b' };
    expect(await replace({ ...inputs, [IDS.IgnoreCase]: true })).toBe('b-b-b');
    expect(await replace({ ...inputs, [IDS.IgnoreCase]: 'True' })).toBe('b-b-b');
  });

  it('treats the search text and the replacement literally, regex characters and $ included', async () => {
    const inputs = {
      [IDS.Source]: 'cost: (1.5)*2',
      [IDS.Search]: '(1.5)*',
      [IDS.Replacement]: '$&$1',
    };
    expect(await replace(inputs)).toBe('cost: $&$12');
    expect(await replace({ ...inputs, [IDS.IgnoreCase]: true })).toBe('cost: $&$12');
  });

  it('removes the search text when no replacement is given', async () => {
    expect(await replace({ [IDS.Source]: 'a,b,c', [IDS.Search]: ',' })).toBe('abc');
  });

  it('refuses an empty search text and a non-boolean ignore-case flag', async () => {
    expect(await failureOf(replaceAction, { [IDS.Source]: 'abc', [IDS.Search]: '' })).toMatchObject(
      { type: 'validation', message: '"Search for" must not be empty.' },
    );
    const failure = await failureOf(replaceAction, {
      [IDS.Source]: 'abc',
      [IDS.Search]: 'a',
      [IDS.IgnoreCase]: 'maybe',
    });
    expect(failure).toMatchObject({ type: 'validation', details: { settingId: IDS.IgnoreCase } });
  });

  it('fails when the text to search in is missing', async () => {
    expect(await failureOf(replaceAction, { [IDS.Search]: 'a' })).toMatchObject({
      type: 'validation',
      message: '"Text" is required.',
    });
  });
});
