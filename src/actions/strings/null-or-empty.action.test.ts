import { describe, expect, it } from 'vitest';
import { runAction } from '../testing/run-action.js';
import { NULL_OR_EMPTY_IDS as IDS, nullOrEmptyAction } from './null-or-empty.action.js';

const run = async (inputs: Record<string, unknown>) =>
  (await runAction(nullOrEmptyAction, inputs))[IDS.Result];

describe('Null Or Empty', () => {
  it('is pure, under PROCESIO template 44a53c21-fbb9-404e-975c-699c6bbc7f46', () => {
    expect(nullOrEmptyAction.effectful).toBe(false);
    expect(nullOrEmptyAction.template.id).toBe('44a53c21-fbb9-404e-975c-699c6bbc7f46');
  });

  it('is true for a missing, null or empty text', async () => {
    expect(await run({})).toBe(true);
    expect(await run({ [IDS.Input]: null })).toBe(true);
    expect(await run({ [IDS.Input]: '' })).toBe(true);
  });

  it('is false for any content, white space and non-text values included', async () => {
    expect(await run({ [IDS.Input]: ' ' })).toBe(false);
    expect(await run({ [IDS.Input]: 'a' })).toBe(false);
    expect(await run({ [IDS.Input]: 0 })).toBe(false);
    expect(await run({ [IDS.Input]: false })).toBe(false);
  });
});
