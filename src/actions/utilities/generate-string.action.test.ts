import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import {
  CHARACTER_SETS,
  GENERATE_STRING_IDS as IDS,
  generateStringAction,
} from './generate-string.action.js';

const generate = async (inputs: Record<string, unknown>) =>
  (await runAction(generateStringAction, inputs))[IDS.Result] as string;

const only = (set: string) => new RegExp(`^[${set.replace(/[\\\]^-]/g, '\\$&')}]*$`);

describe('Generate String', () => {
  it('is pure, under PROCESIO template e3700c9f-6ea8-4358-be7f-3a58f151ecaa', () => {
    expect(generateStringAction.effectful).toBe(false);
    expect(generateStringAction.template.id).toBe('e3700c9f-6ea8-4358-be7f-3a58f151ecaa');
  });

  it('uses only the ticked sets, at the length asked', async () => {
    const digits = await generate({ [IDS.Length]: 40, [IDS.Digits]: true });
    expect(digits).toHaveLength(40);
    expect(digits).toMatch(only(CHARACTER_SETS.digits));
    const special = await generate({ [IDS.Length]: '12', [IDS.Special]: 'true' });
    expect(special).toMatch(only(CHARACTER_SETS.special));
  });

  it('puts at least one character of every ticked set in, when the length allows', async () => {
    for (let i = 0; i < 30; i++) {
      const text = await generate({
        [IDS.Length]: 4,
        [IDS.Lowercase]: true,
        [IDS.Uppercase]: true,
        [IDS.Digits]: true,
        [IDS.Special]: true,
      });
      expect(text).toMatch(/[a-z]/);
      expect(text).toMatch(/[A-Z]/);
      expect(text).toMatch(/[0-9]/);
      expect(text).toMatch(/[^a-zA-Z0-9]/);
    }
  });

  it('uses letters and digits when no set is ticked, and differs from run to run', async () => {
    const first = await generate({ [IDS.Length]: 64 });
    expect(first).toMatch(/^[a-zA-Z0-9]{64}$/);
    expect(await generate({ [IDS.Length]: 64 })).not.toBe(first);
  });

  it('refuses lengths outside 1 to 512', async () => {
    for (const length of [0, 513, -1])
      expect(await failureOf(generateStringAction, { [IDS.Length]: length })).toMatchObject({
        type: 'validation',
        message: `"Length" must be between 1 and 512; got ${length}.`,
      });
  });
});
