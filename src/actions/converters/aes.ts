// Owns AES-256 as Encrypt To AES256 and Decrypt From AES256 use it: CBC mode with PKCS#7 padding
// (.NET's Aes defaults), a 32-byte key and a 16-byte IV, each given as text of exactly that many
// UTF-8 bytes, as hex, or as Base64 — the three lengths differ, so one text never means two keys.
import type { TemplateSetting } from '../../flow/template-catalog.js';
import { invalidInput, readText, type Inputs } from '../inputs.js';
import { decodeBase64 } from './base64.js';

export const AES_ALGORITHM = 'aes-256-cbc';
export const KEY_BYTES = 32;
export const IV_BYTES = 16;

/** Key or IV bytes of exactly `length` bytes. */
export function readKeyBytes(inputs: Inputs, setting: TemplateSetting, length: number): Buffer {
  const text = readText(inputs, setting);
  const trimmed = text.trim();
  if (trimmed.length === length * 2 && /^[0-9a-fA-F]+$/.test(trimmed))
    return Buffer.from(trimmed, 'hex');
  if (trimmed.length === Math.ceil(length / 3) * 4) {
    const decoded = decodeBase64(trimmed);
    if (decoded?.length === length) return decoded;
  }
  const raw = Buffer.from(text, 'utf8');
  if (raw.length === length) return raw;
  throw invalidInput(
    setting,
    `must be ${length} bytes: ${length} characters of text, ${length * 2} hex digits or Base64 of ${length} bytes; got ${raw.length} bytes of text.`,
  );
}
