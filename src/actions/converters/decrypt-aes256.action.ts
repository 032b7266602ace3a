// Owns Decrypt From AES256: Base64 or hex ciphertext decrypted with AES-256-CBC and PKCS#7
// padding under a key and IV, read as UTF-8 text. A wrong key, IV or ciphertext fails instead of
// answering garbage.
import { createDecipheriv } from 'node:crypto';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import { ActionError, type ActionDefinition } from '../action.js';
import { invalidInput, readOption, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { AES_ALGORITHM, IV_BYTES, KEY_BYTES, readKeyBytes } from './aes.js';
import { decodeBase64, decodeUtf8 } from './base64.js';

export const DECRYPT_AES256_IDS = {
  Template: '5a0a5084-8bae-479f-b96f-db424a9dba23',
  Iv: '61d0870f-f3c4-4ad1-81cd-279fa9662f15',
  Result: '89009f2b-5fd2-4990-ba4c-e1ae2e173327',
  Encrypted: 'f407d38a-3099-4fc8-b1b7-a784cdf0b481',
  Key: 'dab5aa99-3a72-484c-9683-fd68c60488ba',
  Format: '40d1f4ea-7cde-4437-8e5a-6661d212b917',
} as const;

const { Input, Output } = SettingDirections;
const STRING = DataTypeIds.String;
const ids = DECRYPT_AES256_IDS;
const required = { isRequired: true } as const;

const iv = setting(ids.Iv, 'IV (16 bytes)', 'text', Input, STRING, required);
const result = setting(ids.Result, 'Text', 'datatype', Output, STRING, required);
const encrypted = setting(ids.Encrypted, 'Encrypted text', 'text', Input, STRING, required);
const key = setting(ids.Key, 'Key (32 bytes)', 'text', Input, STRING, required);
const format = setting(ids.Format, 'Encrypted text format', 'select', Input, STRING, {
  isRequired: true,
  defaultValue: 'base64',
});

export const decryptAes256Action: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Decrypt From AES256', [
    iv,
    result,
    encrypted,
    key,
    format,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const source = readText(inputs, encrypted).trim();
    const asHex = readOption(inputs, format, ['base64', 'hex'] as const, 'base64') === 'hex';
    const bytes = asHex
      ? /^(?:[0-9a-fA-F]{2})*$/.test(source)
        ? Buffer.from(source, 'hex')
        : null
      : decodeBase64(source);
    if (!bytes) throw invalidInput(encrypted, `is not ${asHex ? 'hex' : 'Base64'}.`);
    const decipher = createDecipheriv(
      AES_ALGORITHM,
      readKeyBytes(inputs, key, KEY_BYTES),
      readKeyBytes(inputs, iv, IV_BYTES),
    );
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(bytes), decipher.final()]);
    } catch {
      throw ActionError.of(
        'decryption',
        'The text could not be decrypted: the key, the IV or the encrypted text is wrong.',
      );
    }
    const text = decodeUtf8(plain);
    if (text === null)
      throw ActionError.of(
        'decryption',
        'The decrypted bytes are not UTF-8 text: the key or the IV is probably wrong.',
      );
    return { [result.id]: text };
  },
};
