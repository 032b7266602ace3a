// Owns Encrypt To AES256: text (UTF-8) encrypted with AES-256-CBC and PKCS#7 padding under a key
// and IV, answered both as Base64 and as lower-case hex.
import { createCipheriv } from 'node:crypto';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { AES_ALGORITHM, IV_BYTES, KEY_BYTES, readKeyBytes } from './aes.js';

export const ENCRYPT_AES256_IDS = {
  Template: '68bef97a-347a-417f-8efb-c6c8c21e6797',
  Hex: 'eeb8d811-a9cb-4f52-9f71-71db1971840b',
  Key: 'c7250318-8358-49bf-8188-c4e2a09bedc0',
  Base64: '12c2ff3a-0245-4bb3-b659-ba2f19471bb4',
  Iv: 'ebc7f54c-07c3-4f8b-85ed-54f66e6d6cbd',
  Text: '33ba1fce-9c3b-4de9-85ab-9294379e8bb5',
} as const;

const { Input, Output } = SettingDirections;
const STRING = DataTypeIds.String;
const ids = ENCRYPT_AES256_IDS;
const required = { isRequired: true } as const;

const hex = setting(ids.Hex, 'Encrypted (hex)', 'datatype', Output, STRING, required);
const key = setting(ids.Key, 'Key (32 bytes)', 'text', Input, STRING, required);
const base64 = setting(ids.Base64, 'Encrypted (Base64)', 'datatype', Output, STRING, required);
const iv = setting(ids.Iv, 'IV (16 bytes)', 'text', Input, STRING, required);
const text = setting(ids.Text, 'Text', 'text', Input, STRING, required);

export const encryptAes256Action: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Encrypt To AES256', [hex, key, base64, iv, text]),
  effectful: false,
  async execute({ inputs }) {
    const plain = readText(inputs, text);
    const cipher = createCipheriv(
      AES_ALGORITHM,
      readKeyBytes(inputs, key, KEY_BYTES),
      readKeyBytes(inputs, iv, IV_BYTES),
    );
    const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { [base64.id]: encrypted.toString('base64'), [hex.id]: encrypted.toString('hex') };
  },
};
