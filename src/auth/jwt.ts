// Owns access tokens: compact JWTs signed with Ed25519 (alg EdDSA), carrying `exp`.
import fs from 'node:fs';
import path from 'node:path';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Login id (the token family, `session_state`). */
  sid: string;
  realm: string;
  preferred_username: string;
  iat: number;
  exp: number;
  iss: string;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');
const ISSUER = 'sluice';

/** Verified tokens remembered, so a client's next request skips the signature check. */
const VERIFIED_CACHE_SIZE = 10_000;

export class JwtSigner {
  private readonly publicKey: KeyObject;
  private readonly verified = new Map<string, AccessClaims>();

  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
  }

  /**
   * Loads the signing key from `file`, creating it (mode 0600) when absent. Several processes
   * starting together agree on one key: the first exclusive create wins, the rest read it.
   */
  static fromFile(file: string): JwtSigner {
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
      try {
        fs.writeFileSync(file, pem, { flag: 'wx', mode: 0o600 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const key = createPrivateKey(fs.readFileSync(file));
    if (key.asymmetricKeyType !== 'ed25519')
      throw new Error(`${file} is not an Ed25519 private key`);
    return new JwtSigner(key);
  }

  sign(
    claims: Omit<AccessClaims, 'iat' | 'exp' | 'iss'>,
    lifetimeSeconds: number,
    now = new Date(),
  ): { token: string; claims: AccessClaims } {
    const iat = Math.floor(now.getTime() / 1000);
    const full: AccessClaims = { ...claims, iss: ISSUER, iat, exp: iat + lifetimeSeconds };
    const payload = Buffer.from(JSON.stringify(full)).toString('base64url');
    const signature = sign(null, Buffer.from(`${HEADER}.${payload}`), this.privateKey).toString(
      'base64url',
    );
    return { token: `${HEADER}.${payload}.${signature}`, claims: full };
  }

  /** Returns the claims of a well-formed, correctly signed, unexpired token; null otherwise. */
  verify(token: string, now = new Date()): AccessClaims | null {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 > now.getTime()) return known;
      this.verified.delete(token);
      return null;
    }
    const claims = this.check(token, now);
    if (claims) {
      if (this.verified.size >= VERIFIED_CACHE_SIZE)
        this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, claims);
    }
    return claims;
  }

  private check(token: string, now: Date): AccessClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [header, payload, signature] = parts as [string, string, string];
    if (header !== HEADER) return null;
    let valid = false;
    try {
      valid = verify(
        null,
        Buffer.from(`${header}.${payload}`),
        this.publicKey,
        Buffer.from(signature, 'base64url'),
      );
    } catch {
      return null;
    }
    if (!valid) return null;
    let claims: Partial<AccessClaims>;
    try {
      claims = JSON.parse(
        Buffer.from(payload, 'base64url').toString('utf8'),
      ) as Partial<AccessClaims>;
    } catch {
      return null;
    }
    if (
      typeof claims.sub !== 'string' ||
      typeof claims.sid !== 'string' ||
      typeof claims.exp !== 'number'
    )
      return null;
    if (claims.iss !== ISSUER || claims.exp * 1000 <= now.getTime()) return null;
    return claims as AccessClaims;
  }
}
