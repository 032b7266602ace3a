// Owns the hash algorithms Hash and Hash Mac offer (the catalogue's option values, mapped to
// OpenSSL names) and hashing their input: the file when one is given, streamed, else the text as
// UTF-8. Results are lower-case hex.
import type { Hash, Hmac } from 'node:crypto';
import type { TemplateSetting } from '../../flow/template-catalog.js';
import type { ActionContext } from '../action.js';
import { invalidInput } from '../inputs.js';
import { optionalFile } from '../files/file-inputs.js';

export const HASH_ALGORITHMS = {
  MD5: 'md5',
  SHA1: 'sha1',
  SHA256: 'sha256',
  SHA3_256: 'sha3-256',
  SHA3_384: 'sha3-384',
  SHA3_512: 'sha3-512',
  SHA384: 'sha384',
  SHA512: 'sha512',
} as const;

export type HashName = keyof typeof HASH_ALGORITHMS;

export const HASH_NAMES = Object.keys(HASH_ALGORITHMS) as HashName[];

/** Feeds the file (preferred) or the text into `hash` and answers its hex digest. */
export async function digestInput(
  context: ActionContext,
  fileSetting: TemplateSetting,
  textSetting: TemplateSetting,
  hash: Hash | Hmac,
): Promise<string> {
  const file = optionalFile(context.inputs, fileSetting);
  if (file !== undefined) {
    const opened = await context.files.open(file);
    for await (const chunk of opened.stream) {
      if (context.signal.aborted) {
        opened.stream.destroy();
        throw context.signal.reason;
      }
      hash.update(chunk as Buffer);
    }
    return hash.digest('hex');
  }
  const text = context.inputs[textSetting.id];
  if (text === undefined || text === null)
    throw invalidInput(textSetting, `is required when no file is given ("${fileSetting.name}").`);
  return hash.update(typeof text === 'string' ? text : JSON.stringify(text), 'utf8').digest('hex');
}
