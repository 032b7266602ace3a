import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { DECRYPT_AES256_IDS as IDS, decryptAes256Action } from './decrypt-aes256.action.js';
import { ENCRYPT_AES256_IDS as ENC, encryptAes256Action } from './encrypt-aes256.action.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const IV = Buffer.alloc(16, 9).toString('hex');

async function encrypt(text: string) {
  return runAction(encryptAes256Action, { [ENC.Text]: text, [ENC.Key]: KEY, [ENC.Iv]: IV });
}

describe('Decrypt From AES256', () => {
  it('is pure, under PROCESIO template 5a0a5084-8bae-479f-b96f-db424a9dba23', () => {
    expect(decryptAes256Action.effectful).toBe(false);
    expect(decryptAes256Action.template.id).toBe('5a0a5084-8bae-479f-b96f-db424a9dba23');
  });

  it('decrypts what Encrypt To AES256 wrote, from Base64 or hex in any case', async () => {
    const sealed = await encrypt('a secret – ünïcode');
    const fromBase64 = await runAction(decryptAes256Action, {
      [IDS.Encrypted]: sealed[ENC.Base64],
      [IDS.Format]: 'base64',
      [IDS.Key]: KEY,
      [IDS.Iv]: IV,
    });
    expect(fromBase64[IDS.Result]).toBe('a secret – ünïcode');
    const fromHex = await runAction(decryptAes256Action, {
      [IDS.Encrypted]: String(sealed[ENC.Hex]).toUpperCase(),
      [IDS.Format]: 'hex',
      [IDS.Key]: KEY,
      [IDS.Iv]: IV,
    });
    expect(fromHex[IDS.Result]).toBe('a secret – ünïcode');
  });

  it('fails clearly under a wrong key and for text that is not in the chosen format', async () => {
    const sealed = await encrypt('a secret');
    const wrongKey = Buffer.alloc(32, 8).toString('base64');
    const failure = await failureOf(decryptAes256Action, {
      [IDS.Encrypted]: sealed[ENC.Base64],
      [IDS.Format]: 'Base64',
      [IDS.Key]: wrongKey,
      [IDS.Iv]: IV,
    });
    expect(failure.type).toBe('decryption');
    expect(failure.message).toMatch(/key|IV/);
    expect(
      await failureOf(decryptAes256Action, {
        [IDS.Encrypted]: 'zz-not-hex',
        [IDS.Format]: 'hex',
        [IDS.Key]: KEY,
        [IDS.Iv]: IV,
      }),
    ).toMatchObject({ type: 'validation', message: '"Encrypted text" is not hex.' });
    expect(
      await failureOf(decryptAes256Action, {
        [IDS.Encrypted]: sealed[ENC.Base64],
        [IDS.Format]: 'octal',
        [IDS.Key]: KEY,
        [IDS.Iv]: IV,
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Format } });
  });
});
