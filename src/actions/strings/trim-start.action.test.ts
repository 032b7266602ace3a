import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { TRIM_START_IDS as IDS, trimStartAction } from './trim-start.action.js';

describe('Trim Start', () => {
  it('is pure, under PROCESIO template 96881942-347f-451a-80e9-e01cfc511b4c', () => {
    expect(trimStartAction.effectful).toBe(false);
    expect(trimStartAction.template.id).toBe('96881942-347f-451a-80e9-e01cfc511b4c');
  });

  it('removes white space from the start only', async () => {
    expect(await runAction(trimStartAction, { [IDS.Input]: '\n\t a b  ' })).toEqual({
      [IDS.Result]: 'a b  ',
    });
  });

  it('fails when the text is null', async () => {
    expect(await failureOf(trimStartAction, { [IDS.Input]: null })).toMatchObject({
      type: 'validation',
    });
  });
});
