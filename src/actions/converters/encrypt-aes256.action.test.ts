import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { ENCRYPT_AES256_IDS as IDS, encryptAes256Action } from './encrypt-aes256.action.js';

const KEY = '0123456789abcdef0123456789abcdef';
const IV = 'fedcba9876543210';

describe('Encrypt To AES256', () => {
  it('is pure, under PROCESIO template 68bef97a-347a-417f-8efb-c6c8c21e6797', () => {
    expect(encryptAes256Action.effectful).toBe(false);
    expect(encryptAes256Action.template.id).toBe('68bef97a-347a-417f-8efb-c6c8c21e6797');
  });

  it('encrypts with AES-256-CBC and PKCS#7, answering Base64 and hex of the same bytes', async () => {
    const result = await runAction(encryptAes256Action, {
      [IDS.Text]: 'Sluice ✓',
      [IDS.Key]: KEY,
      [IDS.Iv]: IV,
    });
    const base64 = result[IDS.Base64] as string;
    expect(Buffer.from(base64, 'base64').toString('hex')).toBe(result[IDS.Hex]);
    const decipher = createDecipheriv('aes-256-cbc', Buffer.from(KEY), Buffer.from(IV));
    const plain = Buffer.concat([decipher.update(Buffer.from(base64, 'base64')), decipher.final()]);
    expect(plain.toString('utf8')).toBe('Sluice ✓');
    expect(Buffer.from(base64, 'base64').length).toBe(16);
  });

  it('takes the key and IV as text, hex or Base64 alike; 32 hex digits are a 16-byte IV', async () => {
    const asText = await runAction(encryptAes256Action, {
      [IDS.Text]: 'x',
      [IDS.Key]: KEY,
      [IDS.Iv]: IV,
    });
    const asCodes = await runAction(encryptAes256Action, {
      [IDS.Text]: 'x',
      [IDS.Key]: Buffer.from(KEY).toString('hex'),
      [IDS.Iv]: Buffer.from(IV).toString('base64'),
    });
    expect(asCodes).toEqual(asText);
  });

  it('refuses a key or IV of the wrong length, naming the setting', async () => {
    expect(
      await failureOf(encryptAes256Action, { [IDS.Text]: 'x', [IDS.Key]: 'short', [IDS.Iv]: IV }),
    ).toMatchObject({
      type: 'validation',
      message:
        '"Key (32 bytes)" must be 32 bytes: 32 characters of text, 64 hex digits or Base64 of 32 bytes; got 5 bytes of text.',
    });
    expect(
      await failureOf(encryptAes256Action, {
        [IDS.Text]: 'x',
        [IDS.Key]: KEY,
        [IDS.Iv]: 'seventeen chars!!',
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Iv } });
  });
});
