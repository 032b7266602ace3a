import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { TAKE_FROM_MIDDLE_IDS as IDS, takeFromMiddleAction } from './take-from-middle.action.js';

describe('Take From Middle', () => {
  it('is pure, under PROCESIO template 690b7b43-3243-4254-b4b7-c906d1070f98', () => {
    expect(takeFromMiddleAction.effectful).toBe(false);
    expect(takeFromMiddleAction.template.id).toBe('690b7b43-3243-4254-b4b7-c906d1070f98');
  });

  it('takes up to N characters from the position, empty past the end', async () => {
    const run = async (start: number, length: number) =>
      (
        await runAction(takeFromMiddleAction, {
          [IDS.Source]: 'automation',
          [IDS.Start]: start,
          [IDS.Length]: length,
        })
      )[IDS.Result];
    expect(await run(2, 4)).toBe('toma');
    expect(await run(6, 100)).toBe('tion');
    expect(await run(20, 3)).toBe('');
  });

  it('refuses a negative position or length', async () => {
    expect(
      await failureOf(takeFromMiddleAction, {
        [IDS.Source]: 'abc',
        [IDS.Start]: 0,
        [IDS.Length]: -2,
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Length } });
  });
});
