import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SealedBoxError, isSealed, open, seal, sealedKeyId } from './sealed-box.js';

const key = randomBytes(32);
const text = Buffer.from('p@ss word ✓');

function tamper(sealed: string, part: number): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join(':');
}

describe('sealed box', () => {
  it('round-trips and carries its key id in clear as v1:<keyId>:<iv>:<ct>:<tag>', () => {
    const sealed = seal(key, 'key-1', text, 'ws');
    expect(sealed).toMatch(/^v1:key-1:[\w-]{16}:[\w-]+:[\w-]{22}$/);
    expect(sealedKeyId(sealed)).toBe('key-1');
    expect(isSealed(sealed)).toBe(true);
    expect(open(key, sealed, 'ws').equals(text)).toBe(true);
  });

  it('never seals the same plaintext to the same ciphertext', () => {
    expect(seal(key, 'k', text, 'ws')).not.toBe(seal(key, 'k', text, 'ws'));
  });

  it('detects a flipped bit in the IV, the ciphertext or the tag', () => {
    const sealed = seal(key, 'k', text, 'ws');
    for (const part of [2, 3, 4])
      expect(() => open(key, tamper(sealed, part), 'ws')).toThrow(SealedBoxError);
  });

  it('refuses a changed key id, another context or another key', () => {
    const sealed = seal(key, 'k', text, 'ws');
    expect(() => open(key, sealed.replace(':k:', ':j:'), 'ws')).toThrow(SealedBoxError);
    expect(() => open(key, sealed, 'other-ws')).toThrow(SealedBoxError);
    expect(() => open(randomBytes(32), sealed, 'ws')).toThrow(SealedBoxError);
  });

  it('refuses text that is not a sealed value', () => {
    for (const bad of ['', 'secret', 'v2:k:a:b:c', 'v1:k:AAAA:AAAA:AAAA', 'v1::a:b:c:d'])
      expect(() => open(key, bad, 'ws'), bad).toThrow(SealedBoxError);
    expect(isSealed('hunter2')).toBe(false);
  });
});
