import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { BASE64_TO_STRING_IDS as IDS, base64ToStringAction } from './base64-to-string.action.js';

const decode = async (base64: string) =>
  (await runAction(base64ToStringAction, { [IDS.Base64]: base64 }))[IDS.Result];

describe('Base64 To String', () => {
  it('is pure, under PROCESIO template d67d8a3b-f3ec-40b9-9ba6-4e3c9cf30744', () => {
    expect(base64ToStringAction.effectful).toBe(false);
    expect(base64ToStringAction.template.id).toBe('d67d8a3b-f3ec-40b9-9ba6-4e3c9cf30744');
  });

  it('decodes standard and URL-safe Base64, with or without padding and line breaks', async () => {
    expect(await decode('aGVsbG8=')).toBe('hello');
    expect(await decode('aGVsbG8')).toBe('hello');
    expect(await decode('aGVs\r\nbG8=')).toBe('hello');
    const bytes = Buffer.from('ȘȚ?>~€');
    expect(await decode(bytes.toString('base64url'))).toBe('ȘȚ?>~€');
    expect(await decode('')).toBe('');
  });

  it('refuses text that is not Base64 and bytes that are not UTF-8', async () => {
    for (const bad of ['a', 'abc$', 'ab=c', 'a===']) {
      expect(await failureOf(base64ToStringAction, { [IDS.Base64]: bad }), bad).toMatchObject({
        type: 'validation',
        message: '"Base64" is not Base64.',
      });
    }
    expect(
      await failureOf(base64ToStringAction, {
        [IDS.Base64]: Buffer.from([0xff, 0xfe, 0x00]).toString('base64'),
      }),
    ).toMatchObject({ type: 'validation', message: '"Base64" does not hold UTF-8 text.' });
  });
});
