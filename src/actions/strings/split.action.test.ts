import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { SPLIT_IDS as IDS, splitAction } from './split.action.js';

describe('Split', () => {
  it('is pure, under PROCESIO template 8717ae43-561c-4574-bffc-a764b3b6ac6b', () => {
    expect(splitAction.effectful).toBe(false);
    expect(splitAction.template.id).toBe('8717ae43-561c-4574-bffc-a764b3b6ac6b');
  });

  it('cuts the text at every separator, keeping empty pieces', async () => {
    const run = async (source: string, separator: string) =>
      (await runAction(splitAction, { [IDS.Source]: source, [IDS.Separator]: separator }))[
        IDS.Result
      ];
    expect(await run('a,,b,', ',')).toEqual(['a', '', 'b', '']);
    expect(await run('one :: two', ' :: ')).toEqual(['one', 'two']);
    expect(await run('abc', ';')).toEqual(['abc']);
  });

  it('refuses an empty separator', async () => {
    expect(
      await failureOf(splitAction, { [IDS.Source]: 'abc', [IDS.Separator]: '' }),
    ).toMatchObject({ type: 'validation', message: '"Separator" must not be empty.' });
  });
});
