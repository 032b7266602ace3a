import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { REPLACE_EOL_IDS as IDS, replaceEolAction } from './replace-eol.action.js';

const run = async (text: string, option: unknown) =>
  (await runAction(replaceEolAction, { [IDS.Source]: text, [IDS.Option]: option }))[IDS.Result];

describe('Replace EOL', () => {
  it('is pure, under PROCESIO template 3097eb02-6dde-4160-8100-0bf7259ac75e', () => {
    expect(replaceEolAction.effectful).toBe(false);
    expect(replaceEolAction.template.id).toBe('3097eb02-6dde-4160-8100-0bf7259ac75e');
  });

  it('turns typed \\n, \\r and \\t into line breaks and tabs with option 1', async () => {
    expect(await run('a\\nb\\r\\nc\\td\\x', 1)).toBe('a\nb\r\nc\td\\x');
    expect(await run('a\\nb', '1')).toBe('a\nb');
  });

  it('turns line breaks and tabs into typed escapes with option 2', async () => {
    expect(await run('a\nb\r\nc\td', 2)).toBe('a\\nb\\r\\nc\\td');
  });

  it('refuses an option other than 1 or 2', async () => {
    expect(await failureOf(replaceEolAction, { [IDS.Source]: 'a', [IDS.Option]: 3 })).toMatchObject(
      { type: 'validation', details: { settingId: IDS.Option } },
    );
  });
});
