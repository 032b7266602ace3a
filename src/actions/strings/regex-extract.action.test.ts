import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { REGEX_EXTRACT_IDS as IDS, regexExtractAction } from './regex-extract.action.js';

const extract = async (inputs: Record<string, unknown>) =>
  (await runAction(regexExtractAction, inputs))[IDS.Result];

describe('RegEx Extract', () => {
  it('is pure, under PROCESIO template 744a3dc8-d72f-49da-8a95-198dd6c3099d', () => {
    expect(regexExtractAction.effectful).toBe(false);
    expect(regexExtractAction.template.id).toBe('744a3dc8-d72f-49da-8a95-198dd6c3099d');
  });

  it('extracts every match in order, ignoring case by default as PROCESIO does', async () => {
    const source = 'Orders: INV-12, inv-7 and INV-300.';
    expect(await extract({ [IDS.Source]: source, [IDS.Pattern]: 'inv-\\d+' })).toEqual([
      'INV-12',
      'inv-7',
      'INV-300',
    ]);
    expect(
      await extract({ [IDS.Source]: source, [IDS.Pattern]: 'inv-\\d+', [IDS.IgnoreCase]: false }),
    ).toEqual(['inv-7']);
  });

  it('leaves out empty matches and answers an empty list when nothing matches', async () => {
    expect(await extract({ [IDS.Source]: 'a1b22', [IDS.Pattern]: '\\d*' })).toEqual(['1', '22']);
    expect(await extract({ [IDS.Source]: 'abc', [IDS.Pattern]: '\\d' })).toEqual([]);
  });

  it('refuses an invalid pattern with a validation error naming it', async () => {
    const failure = await failureOf(regexExtractAction, {
      [IDS.Source]: 'abc',
      [IDS.Pattern]: '([a-z]',
    });
    expect(failure).toMatchObject({ type: 'validation', details: { settingId: IDS.Pattern } });
    expect(failure.message).toMatch(/^"Regular expression" is not a valid regular expression/);
  });
});
