// Owns the format of every sealed value Sluice stores: AES-256-GCM with a fresh 96-bit IV, written
// as `v1:<keyId>:<iv>:<ct>:<tag>` (base64url), the key id and a caller context bound as AAD.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** A sealed value that is malformed, was sealed under another key or context, or was altered. */
export class SealedBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedBoxError';
  }
}

function aad(keyId: string, context: string): Buffer {
  // The context binds a value to where it belongs (a workspace), so a ciphertext copied into
  // another workspace's record does not open there.
  return Buffer.from(`${VERSION}:${keyId}:${context}`, 'utf8');
}

export function seal(key: Buffer, keyId: string, plaintext: Buffer, context: string): string {
  if (key.length !== KEY_BYTES) throw new SealedBoxError('keys are 32 bytes');
  if (!/^[A-Za-z0-9_-]+$/.test(keyId)) throw new SealedBoxError('key ids are base64url');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(keyId, context));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const parts = [iv, ct, cipher.getAuthTag()].map((b) => b.toString('base64url'));
  return [VERSION, keyId, ...parts].join(':');
}

interface Parsed {
  keyId: string;
  iv: Buffer;
  ct: Buffer;
  tag: Buffer;
}

function parse(sealed: string): Parsed {
  const parts = sealed.split(':');
  const [version, keyId, iv, ct, tag] = parts;
  if (
    parts.length !== 5 ||
    version !== VERSION ||
    !keyId ||
    iv === undefined ||
    ct === undefined ||
    tag === undefined
  )
    throw new SealedBoxError('not a sealed value');
  const decoded = {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    ct: Buffer.from(ct, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES)
    throw new SealedBoxError('not a sealed value');
  return decoded;
}

export function isSealed(value: string): boolean {
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
}

/** The id of the key a value was sealed with. */
export function sealedKeyId(sealed: string): string {
  return parse(sealed).keyId;
}

export function open(key: Buffer, sealed: string, context: string): Buffer {
  const { keyId, iv, ct, tag } = parse(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(keyId, context));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch {
    throw new SealedBoxError('the sealed value does not authenticate');
  }
}
