import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JwtSigner } from './jwt.js';

const signer = new JwtSigner(generateKeyPairSync('ed25519').privateKey);
const claims = { sub: 'user', sid: 'login', realm: 'r', preferred_username: 'u' };

describe('JwtSigner', () => {
  it('verifies its own token, again and again', () => {
    const { token } = signer.sign(claims, 60);
    expect(signer.verify(token)).toMatchObject({ sub: 'user', sid: 'login' });
    expect(signer.verify(token)).toMatchObject({ sub: 'user', sid: 'login' });
  });

  it('refuses a token once it has expired, even one verified before', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const { token } = signer.sign(claims, 60, now);
    expect(signer.verify(token, now)).not.toBeNull();
    expect(signer.verify(token, new Date(now.getTime() + 61_000))).toBeNull();
  });

  it('refuses a token with a changed payload or another key’s signature', () => {
    const { token } = signer.sign(claims, 60);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...claims, sub: 'admin', exp: 9e9, iss: 'sluice' }),
    );
    expect(signer.verify(`${header}.${forged.toString('base64url')}.${signature}`)).toBeNull();
    const other = new JwtSigner(generateKeyPairSync('ed25519').privateKey);
    expect(signer.verify(other.sign(claims, 60).token)).toBeNull();
  });
});
