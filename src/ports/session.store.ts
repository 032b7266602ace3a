// The storage port for logins (token families), their refresh tokens and password resets.
// Only hashes of tokens are stored.

export interface Login {
  id: string;
  userId: string;
  createdOn: Date;
  expiresOn: Date;
  revokedOn: Date | null;
  revokedReason: string | null;
}

export interface RefreshTokenRecord {
  tokenHash: string;
  loginId: string;
  issuedOn: Date;
  expiresOn: Date;
  retiredOn: Date | null;
}

export interface SessionStore {
  createLogin(login: Login, firstToken: RefreshTokenRecord): Promise<void>;
  findLogin(id: string): Promise<Login | null>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /**
   * Retires `oldHash` and stores `next` in one transaction, only if `oldHash` was still live.
   * Returns false when another request retired it first (the caller treats that as reuse).
   */
  rotateRefreshToken(oldHash: string, next: RefreshTokenRecord, at: Date): Promise<boolean>;
  revokeLogin(loginId: string, reason: string, at: Date): Promise<void>;
  /** Revokes every live login of the user except `keepLoginId`; returns how many ended. */
  revokeUserLogins(userId: string, reason: string, at: Date, keepLoginId?: string): Promise<number>;
  createPasswordReset(tokenHash: string, userId: string, expiresOn: Date): Promise<void>;
  /** Marks a live reset token used and returns its user; null if unknown, used or expired. */
  consumePasswordReset(tokenHash: string, at: Date): Promise<string | null>;
}
