import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { TAKE_FROM_LEFT_IDS as IDS, takeFromLeftAction } from './take-from-left.action.js';

describe('Take From Left', () => {
  it('is pure, under PROCESIO template 9266f0e3-8aa3-45ff-9ebc-952057fa39c3', () => {
    expect(takeFromLeftAction.effectful).toBe(false);
    expect(takeFromLeftAction.template.id).toBe('9266f0e3-8aa3-45ff-9ebc-952057fa39c3');
  });

  it('takes the first characters, all of a shorter text', async () => {
    const run = async (count: number) =>
      (await runAction(takeFromLeftAction, { [IDS.Source]: 'Sluice', [IDS.Count]: count }))[
        IDS.Result
      ];
    expect(await run(3)).toBe('Slu');
    expect(await run(0)).toBe('');
    expect(await run(50)).toBe('Sluice');
  });

  it('refuses a negative count', async () => {
    expect(
      await failureOf(takeFromLeftAction, { [IDS.Source]: 'abc', [IDS.Count]: -1 }),
    ).toMatchObject({
      type: 'validation',
      message: '"Characters to take" must not be negative; got -1.',
    });
  });
});
