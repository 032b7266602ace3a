// SessionStore over Kysely, shared by SQLite and PostgreSQL.
import type { Kysely, Selectable } from 'kysely';
import type { Login, RefreshTokenRecord, SessionStore } from '../../ports/session.store.js';
import { readDate, readDateOrNull } from './codec.js';
import type { LoginsTable, RefreshTokensTable, Tables } from './schema.js';

function toLogin(row: Selectable<LoginsTable>): Login {
  return {
    id: row.id,
    userId: row.user_id,
    createdOn: readDate(row.created_on),
    expiresOn: readDate(row.expires_on),
    revokedOn: readDateOrNull(row.revoked_on),
    revokedReason: row.revoked_reason,
  };
}

function toToken(row: Selectable<RefreshTokensTable>): RefreshTokenRecord {
  return {
    tokenHash: row.token_hash,
    loginId: row.login_id,
    issuedOn: readDate(row.issued_on),
    expiresOn: readDate(row.expires_on),
    retiredOn: readDateOrNull(row.retired_on),
  };
}

function tokenRow(t: RefreshTokenRecord) {
  return {
    token_hash: t.tokenHash,
    login_id: t.loginId,
    issued_on: t.issuedOn,
    expires_on: t.expiresOn,
    retired_on: t.retiredOn,
  };
}

export class KyselySessionStore implements SessionStore {
  constructor(private readonly db: Kysely<Tables>) {}

  async createLogin(login: Login, firstToken: RefreshTokenRecord): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('logins')
        .values({
          id: login.id,
          user_id: login.userId,
          created_on: login.createdOn,
          expires_on: login.expiresOn,
          revoked_on: login.revokedOn,
          revoked_reason: login.revokedReason,
        })
        .execute();
      await trx.insertInto('refresh_tokens').values(tokenRow(firstToken)).execute();
    });
  }

  async findLogin(id: string): Promise<Login | null> {
    const row = await this.db
      .selectFrom('logins')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toLogin(row) : null;
  }

  async findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const row = await this.db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? toToken(row) : null;
  }

  async rotateRefreshToken(oldHash: string, next: RefreshTokenRecord, at: Date): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const retired = await trx
        .updateTable('refresh_tokens')
        .set({ retired_on: at })
        .where('token_hash', '=', oldHash)
        .where('retired_on', 'is', null)
        .executeTakeFirst();
      if (Number(retired.numUpdatedRows) !== 1) return false;
      await trx.insertInto('refresh_tokens').values(tokenRow(next)).execute();
      return true;
    });
  }

  async revokeLogin(loginId: string, reason: string, at: Date): Promise<void> {
    await this.db
      .updateTable('logins')
      .set({ revoked_on: at, revoked_reason: reason })
      .where('id', '=', loginId)
      .where('revoked_on', 'is', null)
      .execute();
  }

  async revokeUserLogins(
    userId: string,
    reason: string,
    at: Date,
    keepLoginId?: string,
  ): Promise<number> {
    let query = this.db
      .updateTable('logins')
      .set({ revoked_on: at, revoked_reason: reason })
      .where('user_id', '=', userId)
      .where('revoked_on', 'is', null);
    if (keepLoginId) query = query.where('id', '!=', keepLoginId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async createPasswordReset(tokenHash: string, userId: string, expiresOn: Date): Promise<void> {
    await this.db
      .insertInto('password_resets')
      .values({ token_hash: tokenHash, user_id: userId, expires_on: expiresOn, used_on: null })
      .execute();
  }

  async consumePasswordReset(tokenHash: string, at: Date): Promise<string | null> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('password_resets')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!row || row.used_on !== null || readDate(row.expires_on) <= at) return null;
      const used = await trx
        .updateTable('password_resets')
        .set({ used_on: at })
        .where('token_hash', '=', tokenHash)
        .where('used_on', 'is', null)
        .executeTakeFirst();
      return Number(used.numUpdatedRows) === 1 ? row.user_id : null;
    });
  }
}
