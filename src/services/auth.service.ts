// Owns logins: password grant, refresh-token rotation with reuse detection, logout, access
// token checks and the password change / reset flows.
import {
  DEFAULT_REALM,
  nameKey,
  passwordAcceptable,
  type Realm,
  type User,
} from '../domain/identity.js';
import { newId } from '../domain/ids.js';
import type { UserPrincipal } from '../domain/principal.js';
import { SluiceError } from '../errors/catalogue.js';
import type { JwtSigner } from '../auth/jwt.js';
import { decoyHash, hashPassword, verifyPassword } from '../auth/passwords.js';
import { randomToken, sha256Hex } from '../auth/random.js';
import type { Clock } from '../ports/clock.js';
import type { IdentityStore } from '../ports/identity.store.js';
import type { Mailer } from '../ports/mailer.js';
import type { RefreshTokenRecord, SessionStore } from '../ports/session.store.js';
import type { LoginLimiter } from './login-limiter.js';
import { INVALID_CREDENTIALS_MESSAGE, OAuthError } from './oauth-error.js';

export interface TokenSet {
  accessToken: string;
  accessExpiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  refreshExpiresOn: Date;
  loginId: string;
}

export interface AuthSettings {
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  /** Base URL put in password-reset e-mails (known once the server listens). */
  publicUrl: () => string;
}

const RESET_TOKEN_SECONDS = 3600;

export class AuthService {
  constructor(
    private readonly deps: {
      identity: IdentityStore;
      sessions: SessionStore;
      signer: JwtSigner;
      limiter: LoginLimiter;
      clock: Clock;
      settings: AuthSettings;
      mailer: Mailer | null;
      log: (message: string, fields?: Record<string, unknown>) => void;
    },
  ) {}

  /** Password grant. Unknown realm, unknown user and wrong password fail alike. */
  async login(input: {
    realm: string;
    username: string;
    password: string;
    address: string;
  }): Promise<TokenSet> {
    const realmName = input.realm.trim() === '' ? DEFAULT_REALM : input.realm.trim();
    const limitKey = `${nameKey(realmName)}/${nameKey(input.username)}`;
    const retryAfter = this.deps.limiter.retryAfter(limitKey, input.address);
    if (retryAfter > 0) {
      throw new SluiceError('TOO_MANY_REQUESTS', 'username', {
        headers: { 'retry-after': String(retryAfter) },
      });
    }
    const realm = await this.deps.identity.findRealmByName(realmName);
    const found = realm ? await this.deps.identity.findUserByLogin(realm.id, input.username) : null;
    const ok = found
      ? await verifyPassword(found.passwordHash, input.password)
      : await verifyPassword(await decoyHash(), input.password).then(() => false);
    if (!ok || !found || !realm) {
      this.deps.limiter.recordFailure(limitKey, input.address);
      this.deps.log('login failed', { realm: realmName, address: input.address });
      throw new OAuthError('invalid_grant', INVALID_CREDENTIALS_MESSAGE, 401);
    }
    this.deps.limiter.recordSuccess(limitKey);
    return this.startLogin(found.user, realm);
  }

  private async startLogin(user: User, realm: Realm): Promise<TokenSet> {
    const now = this.deps.clock.now();
    const loginId = newId();
    const refreshToken = randomToken();
    const expiresOn = new Date(now.getTime() + this.deps.settings.refreshTokenSeconds * 1000);
    await this.deps.sessions.createLogin(
      {
        id: loginId,
        userId: user.id,
        createdOn: now,
        expiresOn,
        revokedOn: null,
        revokedReason: null,
      },
      { tokenHash: sha256Hex(refreshToken), loginId, issuedOn: now, expiresOn, retiredOn: null },
    );
    return this.tokens(user, realm, loginId, refreshToken, expiresOn, now);
  }

  private tokens(
    user: User,
    realm: Realm,
    loginId: string,
    refreshToken: string,
    refreshExpiresOn: Date,
    now: Date,
  ): TokenSet {
    const access = this.deps.signer.sign(
      { sub: user.id, sid: loginId, realm: realm.name, preferred_username: user.userName },
      this.deps.settings.accessTokenSeconds,
      now,
    );
    return {
      accessToken: access.token,
      accessExpiresIn: this.deps.settings.accessTokenSeconds,
      refreshToken,
      refreshExpiresIn: Math.max(
        0,
        Math.floor((refreshExpiresOn.getTime() - now.getTime()) / 1000),
      ),
      refreshExpiresOn,
      loginId,
    };
  }

  /**
   * Exchanges a live refresh token for a new pair. The old token is retired; presenting a
   * retired token again revokes its whole login.
   */
  async refresh(refreshToken: string): Promise<TokenSet> {
    const now = this.deps.clock.now();
    const record = await this.deps.sessions.findRefreshToken(sha256Hex(refreshToken));
    if (!record) throw new OAuthError('invalid_grant', 'Invalid refresh token');
    const login = await this.deps.sessions.findLogin(record.loginId);
    if (!login || login.revokedOn) throw new OAuthError('invalid_grant', 'Session is not active');
    if (record.retiredOn) {
      await this.deps.sessions.revokeLogin(login.id, 'refresh token reused', now);
      this.deps.log('refresh token reuse: login revoked', { loginId: login.id });
      throw new OAuthError(
        'invalid_grant',
        'Refresh token was already used; the session is revoked',
      );
    }
    if (record.expiresOn <= now || login.expiresOn <= now)
      throw new OAuthError('invalid_grant', 'Token is not active');
    const user = await this.deps.identity.findUserById(login.userId);
    const realm = user ? await this.deps.identity.findRealmById(user.realmId) : null;
    if (!user || !realm) throw new OAuthError('invalid_grant', 'Token is not active');
    const nextToken = randomToken();
    const next: RefreshTokenRecord = {
      tokenHash: sha256Hex(nextToken),
      loginId: login.id,
      issuedOn: now,
      expiresOn: login.expiresOn,
      retiredOn: null,
    };
    if (!(await this.deps.sessions.rotateRefreshToken(record.tokenHash, next, now))) {
      // Another request rotated it between our read and write: the same token was used twice.
      await this.deps.sessions.revokeLogin(login.id, 'refresh token reused', now);
      throw new OAuthError(
        'invalid_grant',
        'Refresh token was already used; the session is revoked',
      );
    }
    return this.tokens(user, realm, login.id, nextToken, login.expiresOn, now);
  }

  /** Ends the login a refresh token belongs to; unknown tokens are ignored. */
  async logoutByRefreshToken(refreshToken: string): Promise<void> {
    const record = await this.deps.sessions.findRefreshToken(sha256Hex(refreshToken));
    if (record)
      await this.deps.sessions.revokeLogin(record.loginId, 'logout', this.deps.clock.now());
  }

  async logoutLogin(loginId: string): Promise<void> {
    await this.deps.sessions.revokeLogin(loginId, 'logout', this.deps.clock.now());
  }

  /** Ends every login of the user an access token belongs to; an invalid token is ignored. */
  async logoutEverywhere(accessToken: string): Promise<void> {
    const claims = this.deps.signer.verify(accessToken, this.deps.clock.now());
    if (claims)
      await this.deps.sessions.revokeUserLogins(
        claims.sub,
        'logout everywhere',
        this.deps.clock.now(),
      );
  }

  /** The user behind a valid access token of a live login, or null. */
  async authenticateAccessToken(
    token: string,
    via: UserPrincipal['via'],
  ): Promise<UserPrincipal | null> {
    const now = this.deps.clock.now();
    const claims = this.deps.signer.verify(token, now);
    if (!claims) return null;
    const login = await this.deps.sessions.findLogin(claims.sid);
    if (!login || login.revokedOn || login.userId !== claims.sub || login.expiresOn <= now)
      return null;
    const user = await this.deps.identity.findUserById(claims.sub);
    const realm = user ? await this.deps.identity.findRealmById(user.realmId) : null;
    if (!user || !realm) return null;
    return { kind: 'user', via, user, realm, loginId: login.id };
  }

  /** Changes the password of the signed-in user; every other login of the user ends. */
  async changePassword(
    principal: UserPrincipal,
    oldPassword: string,
    newPassword: string,
  ): Promise<void> {
    const hash = await this.deps.identity.getPasswordHash(principal.user.id);
    if (!hash || !(await verifyPassword(hash, oldPassword))) {
      throw new SluiceError('OLD_PASSWORD_INCORRECT', 'oldPassword');
    }
    if (!passwordAcceptable(newPassword)) throw new SluiceError('PASSWORD_POLICY', 'newPassword');
    const now = this.deps.clock.now();
    await this.deps.identity.setPasswordHash(
      principal.user.id,
      await hashPassword(newPassword),
      now,
    );
    await this.deps.sessions.revokeUserLogins(
      principal.user.id,
      'password changed',
      now,
      principal.loginId,
    );
  }

  /**
   * Issues a single-use reset token (valid one hour) and e-mails it when the server can send
   * mail. The answer never tells whether the address is known.
   */
  async forgotPassword(email: string, realmName = DEFAULT_REALM): Promise<void> {
    const realm = await this.deps.identity.findRealmByName(realmName);
    const user = realm ? await this.deps.identity.findUserByEmail(realm.id, email) : null;
    if (!user?.email) return;
    if (!this.deps.mailer) {
      this.deps.log('password reset requested but no SMTP server is configured', {
        userId: user.id,
      });
      return;
    }
    const token = randomToken();
    const now = this.deps.clock.now();
    await this.deps.sessions.createPasswordReset(
      sha256Hex(token),
      user.id,
      new Date(now.getTime() + RESET_TOKEN_SECONDS * 1000),
    );
    const link = `${this.deps.settings.publicUrl()}/?resetToken=${encodeURIComponent(token)}`;
    await this.deps.mailer.send({
      to: user.email,
      subject: 'Sluice password reset',
      text: [
        `Hello ${user.userName},`,
        '',
        'Someone asked to reset your Sluice password. If it was you, use this token within one hour:',
        '',
        `  ${token}`,
        '',
        `(POST /api/Users/password/update with {"token": "…", "password": "…"}, or open ${link})`,
        '',
        'If it was not you, ignore this message.',
      ].join('\n'),
    });
  }

  /** Sets a new password with a reset token; every login of the user ends. */
  async resetPassword(token: string, password: string): Promise<void> {
    if (!passwordAcceptable(password)) throw new SluiceError('PASSWORD_POLICY', 'password');
    const now = this.deps.clock.now();
    const userId = await this.deps.sessions.consumePasswordReset(sha256Hex(token), now);
    if (!userId) throw new SluiceError('RESET_TOKEN_INVALID', 'token');
    await this.deps.identity.setPasswordHash(userId, await hashPassword(password), now);
    await this.deps.sessions.revokeUserLogins(userId, 'password reset', now);
  }
}
