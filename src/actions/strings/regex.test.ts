import { describe, expect, it } from 'vitest';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import { ActionError } from '../action.js';
import { setting } from '../template-builders.js';
import {
  compilePattern,
  expandReplacement,
  findMatches,
  REGEX_LIMITS,
  type RegexMatch,
} from './regex.js';

const patternSetting = setting(
  '00000000-0000-0000-0000-0000000000a1',
  'Pattern',
  'text',
  SettingDirections.Input,
  DataTypeIds.String,
);
const textSetting = setting(
  '00000000-0000-0000-0000-0000000000a2',
  'Text',
  'text',
  SettingDirections.Input,
  DataTypeIds.String,
);

const failureOf = async (run: () => unknown) => {
  try {
    await run();
  } catch (error) {
    if (error instanceof ActionError) return error.failure;
    throw error;
  }
  throw new Error('expected a failure');
};

const match = (text: string, pattern: string, ignoreCase = false) =>
  findMatches(compilePattern(pattern, ignoreCase, patternSetting), [text], { textSetting });

describe('compilePattern', () => {
  it('maps .NET inline options and \\A \\z \\Z anchors onto JavaScript', async () => {
    expect(compilePattern('(?i)abc', false, patternSetting)).toEqual({
      source: 'abc',
      flags: 'i',
    });
    const [[first]] = (await match('ABC abc', '\\Aabc', true)) as [[RegexMatch]];
    expect(first.index).toBe(0);
    expect((await match('xAbc', '\\Abc'))[0]).toEqual([]);
    expect((await match('end\n', 'end\\Z'))[0]).toHaveLength(1);
    expect((await match('end\n', 'end\\z'))[0]).toHaveLength(0);
    expect((await match('A', '[\\A]'))[0]).toHaveLength(1);
  });

  it('refuses empty, overlong and invalid patterns and unknown inline options', async () => {
    expect(await failureOf(() => compilePattern('', false, patternSetting))).toMatchObject({
      type: 'validation',
      message: '"Pattern" must not be empty.',
    });
    const long = 'a'.repeat(REGEX_LIMITS.patternLength + 1);
    expect(await failureOf(() => compilePattern(long, false, patternSetting))).toMatchObject({
      type: 'validation',
      details: { settingId: patternSetting.id },
    });
    const invalid = await failureOf(() => compilePattern('(abc', false, patternSetting));
    expect(invalid.message).toMatch(/^"Pattern" is not a valid regular expression \(.+\)\.$/);
    expect(await failureOf(() => compilePattern('(?x)a b', false, patternSetting))).toMatchObject({
      message: expect.stringContaining('inline option "x"'),
    });
  });
});

describe('findMatches', () => {
  it('answers every match with its groups, one list per text', async () => {
    const pattern = compilePattern('(?<word>[a-z]+)(\\d)?', false, patternSetting);
    const [first, second] = await findMatches(pattern, ['ab1 cd', 'zz'], { textSetting });
    expect(first).toEqual([
      { index: 0, groups: ['ab1', 'ab', '1'], named: { word: 'ab' } },
      { index: 4, groups: ['cd', 'cd', undefined], named: { word: 'cd' } },
    ]);
    expect(second).toHaveLength(1);
  });

  it('stops a catastrophically backtracking pattern at its time budget and keeps working', async () => {
    const evil = compilePattern('^(a+)+$', false, patternSetting);
    const started = Date.now();
    const failure = await failureOf(() =>
      findMatches(evil, ['a'.repeat(40) + 'b'], { textSetting, budgetMs: 300 }),
    );
    expect(failure).toMatchObject({ type: 'regex.timeout', retryable: false });
    expect(failure.message).toContain('0.3 s');
    expect(Date.now() - started).toBeLessThan(5_000);
    // The next job gets a fresh worker.
    expect((await match('aaa', '^(a+)+$'))[0]).toHaveLength(1);
  });

  it('refuses texts beyond the length limit before running anything', async () => {
    const text = 'x'.repeat(REGEX_LIMITS.textLength + 1);
    expect(await failureOf(() => match(text, 'x'))).toMatchObject({
      type: 'validation',
      details: { settingId: textSetting.id },
    });
  });
});

describe('expandReplacement', () => {
  const input = 'pay 42 EUR now';
  const found: RegexMatch = { index: 4, groups: ['42 EUR', '42', 'EUR'], named: { cur: 'EUR' } };

  it('expands .NET replacement syntax', () => {
    expect(expandReplacement('$2 $1', found, input)).toBe('EUR 42');
    expect(expandReplacement('${cur}:${1}', found, input)).toBe('EUR:42');
    expect(expandReplacement('[$&|$0]', found, input)).toBe('[42 EUR|42 EUR]');
    expect(expandReplacement("$`|$'", found, input)).toBe('pay | now');
    expect(expandReplacement('$+ $_', found, input)).toBe('EUR pay 42 EUR now');
    expect(expandReplacement('$$1', found, input)).toBe('$1');
  });

  it('keeps references to groups that do not exist literally', () => {
    expect(expandReplacement('$9 ${nope} $x $', found, input)).toBe('$9 ${nope} $x $');
    expect(expandReplacement('$10', found, input)).toBe('420');
  });
});
