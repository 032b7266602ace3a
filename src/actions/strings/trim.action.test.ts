import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { TRIM_IDS as IDS, trimAction } from './trim.action.js';

describe('Trim', () => {
  it('is pure, under PROCESIO template a2e029ff-14fe-42b1-aa25-65b73c674709', () => {
    expect(trimAction.effectful).toBe(false);
    expect(trimAction.template.id).toBe('a2e029ff-14fe-42b1-aa25-65b73c674709');
  });

  it('removes white space, line breaks and no-break spaces from both ends', async () => {
    expect(await runAction(trimAction, { [IDS.Input]: ' \t\n a b \u00a0\r\n' })).toEqual({
      [IDS.Result]: 'a b',
    });
  });

  it('fails when the text is missing', async () => {
    expect(await failureOf(trimAction, {})).toMatchObject({ type: 'validation' });
  });
});
