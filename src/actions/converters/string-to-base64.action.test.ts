import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { STRING_TO_BASE64_IDS as IDS, stringToBase64Action } from './string-to-base64.action.js';

const encode = async (text: unknown) =>
  (await runAction(stringToBase64Action, { [IDS.Text]: text }))[IDS.Result];

describe('String To Base64', () => {
  it('is pure, under PROCESIO template 29eaf6c7-6f1b-43e0-9529-9e1f7c855316', () => {
    expect(stringToBase64Action.effectful).toBe(false);
    expect(stringToBase64Action.template.id).toBe('29eaf6c7-6f1b-43e0-9529-9e1f7c855316');
  });

  it('encodes the UTF-8 bytes of the text with padding', async () => {
    expect(await encode('hello')).toBe('aGVsbG8=');
    expect(await encode('Științe €')).toBe(Buffer.from('Științe €').toString('base64'));
    expect(await encode('')).toBe('');
  });

  it('encodes a number or an object as the text it renders to', async () => {
    expect(await encode(42)).toBe('NDI=');
    expect(await encode({ a: 1 })).toBe(Buffer.from('{"a":1}').toString('base64'));
  });

  it('fails when the text is missing', async () => {
    expect(await failureOf(stringToBase64Action, {})).toMatchObject({
      type: 'validation',
      message: '"Text" is required.',
    });
  });
});
