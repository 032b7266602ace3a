import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { REGEX_REPLACE_IDS as IDS, regexReplaceAction } from './regex-replace.action.js';

const replace = async (inputs: Record<string, unknown>) =>
  (await runAction(regexReplaceAction, inputs))[IDS.Result];

describe('RegEx Replace', () => {
  it('is pure, under PROCESIO template 3a43f0c8-577e-4aa0-9b69-1cf45bd3b251', () => {
    expect(regexReplaceAction.effectful).toBe(false);
    expect(regexReplaceAction.template.id).toBe('3a43f0c8-577e-4aa0-9b69-1cf45bd3b251');
  });

  it('replaces every match, with numbered and named groups in .NET syntax', async () => {
    expect(
      await replace({
        [IDS.Source]: '2024-03-15 and 2023-12-01',
        [IDS.Pattern]: '(?<y>\\d{4})-(\\d{2})-(\\d{2})',
        [IDS.Replacement]: '$3/$2/${y}',
      }),
    ).toBe('15/03/2024 and 01/12/2023');
  });

  it('ignores case by default, removes matches without a replacement, keeps $$ literal', async () => {
    expect(await replace({ [IDS.Source]: 'A-a-b', [IDS.Pattern]: 'a' })).toBe('--b');
    expect(
      await replace({ [IDS.Source]: 'A-a-b', [IDS.Pattern]: 'a', [IDS.IgnoreCase]: 'false' }),
    ).toBe('A--b');
    expect(
      await replace({ [IDS.Source]: 'cost 5', [IDS.Pattern]: '\\d+', [IDS.Replacement]: '$$$&' }),
    ).toBe('cost $5');
  });

  it('fails with regex.timeout instead of hanging on a catastrophic pattern', async () => {
    const failure = await failureOf(regexReplaceAction, {
      [IDS.Source]: `${'a'.repeat(40)}!`,
      [IDS.Pattern]: '(a|aa)+$',
    });
    expect(failure).toMatchObject({ type: 'regex.timeout', retryable: false });
  });

  it('refuses an empty pattern', async () => {
    expect(
      await failureOf(regexReplaceAction, { [IDS.Source]: 'abc', [IDS.Pattern]: '' }),
    ).toMatchObject({ type: 'validation', message: '"Regular expression" must not be empty.' });
  });
});
