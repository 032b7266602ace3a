import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { MIN_IDS as IDS, minAction } from './min.action.js';

describe('Min', () => {
  it('is pure, under PROCESIO template e51568fb-a5a0-412e-8952-59f22ce314ec', () => {
    expect(minAction.effectful).toBe(false);
    expect(minAction.template.id).toBe('e51568fb-a5a0-412e-8952-59f22ce314ec');
  });

  it('answers the smallest number', async () => {
    expect(await runAction(minAction, { [IDS.List]: [3, '-2.5', 10] })).toEqual({
      [IDS.Result]: -2.5,
    });
  });

  it('refuses an empty list and non-numbers', async () => {
    expect(await failureOf(minAction, { [IDS.List]: [] })).toMatchObject({
      type: 'validation',
      message: '"Numbers" must not be empty.',
    });
    expect(await failureOf(minAction, { [IDS.List]: [1, null] })).toMatchObject({
      type: 'validation',
    });
  });
});
