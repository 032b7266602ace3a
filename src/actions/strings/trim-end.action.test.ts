import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { TRIM_END_IDS as IDS, trimEndAction } from './trim-end.action.js';

describe('Trim End', () => {
  it('is pure, under PROCESIO template 1e513ba8-9cae-4e6d-b97c-d5a005b0331b', () => {
    expect(trimEndAction.effectful).toBe(false);
    expect(trimEndAction.template.id).toBe('1e513ba8-9cae-4e6d-b97c-d5a005b0331b');
  });

  it('removes white space from the end only', async () => {
    expect(await runAction(trimEndAction, { [IDS.Input]: '  a b \n\t' })).toEqual({
      [IDS.Result]: '  a b',
    });
  });

  it('fails when the text is null', async () => {
    expect(await failureOf(trimEndAction, { [IDS.Input]: null })).toMatchObject({
      type: 'validation',
    });
  });
});
