import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { TAKE_FROM_RIGHT_IDS as IDS, takeFromRightAction } from './take-from-right.action.js';

describe('Take From Right', () => {
  it('is pure, under PROCESIO template 23926938-2d17-49e7-affe-6fd8d85535e7', () => {
    expect(takeFromRightAction.effectful).toBe(false);
    expect(takeFromRightAction.template.id).toBe('23926938-2d17-49e7-affe-6fd8d85535e7');
  });

  it('takes the last characters, all of a shorter text, none for zero', async () => {
    const run = async (count: number) =>
      (await runAction(takeFromRightAction, { [IDS.Source]: 'Sluice', [IDS.Count]: count }))[
        IDS.Result
      ];
    expect(await run(4)).toBe('uice');
    expect(await run(0)).toBe('');
    expect(await run(9)).toBe('Sluice');
  });

  it('refuses a count that is not a whole number', async () => {
    expect(
      await failureOf(takeFromRightAction, { [IDS.Source]: 'abc', [IDS.Count]: 'many' }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Count } });
  });
});
