import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { STRING_LENGTH_IDS as IDS, stringLengthAction } from './length.action.js';

describe('Length (text)', () => {
  it('is pure, under PROCESIO template 057d754a-38af-471c-924a-723c048d5828', () => {
    expect(stringLengthAction.effectful).toBe(false);
    expect(stringLengthAction.template.id).toBe('057d754a-38af-471c-924a-723c048d5828');
  });

  it('counts UTF-16 code units, as PROCESIO does', async () => {
    expect(await runAction(stringLengthAction, { [IDS.Input]: 'héllo' })).toEqual({
      [IDS.Result]: 5,
    });
    expect(await runAction(stringLengthAction, { [IDS.Input]: '😀' })).toEqual({
      [IDS.Result]: 2,
    });
    expect(await runAction(stringLengthAction, { [IDS.Input]: '' })).toEqual({ [IDS.Result]: 0 });
  });

  it('fails when the text is missing', async () => {
    expect(await failureOf(stringLengthAction, {})).toMatchObject({ type: 'validation' });
  });
});
