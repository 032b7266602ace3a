// IdentityStore over Kysely, shared by SQLite and PostgreSQL.
import type { Kysely, Selectable } from 'kysely';
import {
  isRole,
  nameKey,
  WorkspaceType,
  type Membership,
  type Realm,
  type User,
  type Workspace,
} from '../../domain/identity.js';
import type { IdentityStore, NewUser } from '../../ports/identity.store.js';
import { readDate } from './codec.js';
import type { RealmsTable, Tables, UsersTable, WorkspacesTable } from './schema.js';
import { isUniqueViolation } from './errors.js';

function toRealm(row: Selectable<RealmsTable>): Realm {
  return { id: row.id, name: row.name, createdOn: readDate(row.created_on) };
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    realmId: row.realm_id,
    userName: row.user_name,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    createdOn: readDate(row.created_on),
  };
}

function toWorkspace(row: Selectable<WorkspacesTable>): Workspace {
  return {
    id: row.id,
    realmId: row.realm_id,
    name: row.name,
    type: row.type === WorkspaceType.Personal ? WorkspaceType.Personal : WorkspaceType.Shared,
    ownerId: row.owner_id,
    createdOn: readDate(row.created_on),
  };
}

function toMembership(row: Selectable<WorkspacesTable> & { role: string }): Membership {
  return { workspace: toWorkspace(row), role: isRole(row.role) ? row.role : 'viewer' };
}

export class KyselyIdentityStore implements IdentityStore {
  constructor(private readonly db: Kysely<Tables>) {}

  async findRealmByName(name: string): Promise<Realm | null> {
    const row = await this.db
      .selectFrom('realms')
      .selectAll()
      .where('name_key', '=', nameKey(name))
      .executeTakeFirst();
    return row ? toRealm(row) : null;
  }

  async findRealmById(id: string): Promise<Realm | null> {
    const row = await this.db
      .selectFrom('realms')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toRealm(row) : null;
  }

  async ensureRealm(realm: Realm): Promise<Realm> {
    await this.db
      .insertInto('realms')
      .values({
        id: realm.id,
        name: realm.name,
        name_key: nameKey(realm.name),
        created_on: realm.createdOn,
      })
      .onConflict((oc) => oc.column('name_key').doNothing())
      .execute();
    const stored = await this.findRealmByName(realm.name);
    if (!stored) throw new Error(`realm ${realm.name} vanished after insert`);
    return stored;
  }

  async findUserByLogin(
    realmId: string,
    login: string,
  ): Promise<{ user: User; passwordHash: string } | null> {
    const key = nameKey(login);
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('realm_id', '=', realmId)
      .where((eb) => eb.or([eb('user_name_key', '=', key), eb('email_key', '=', key)]))
      .execute();
    // A user name wins over another user's e-mail address that happens to read the same.
    const row =
      rows.find((r) => r.user_name_key === key) ?? (rows.length === 1 ? rows[0] : undefined);
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  async findUserByEmail(realmId: string, email: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('realm_id', '=', realmId)
      .where('email_key', '=', nameKey(email))
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async findUserById(id: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async getPasswordHash(userId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', userId)
      .executeTakeFirst();
    return row?.password_hash ?? null;
  }

  async createUser({ user, passwordHash, personalWorkspace: ws }: NewUser): Promise<boolean> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('users')
          .values({
            id: user.id,
            realm_id: user.realmId,
            user_name: user.userName,
            user_name_key: nameKey(user.userName),
            email: user.email,
            email_key: user.email ? nameKey(user.email) : null,
            first_name: user.firstName,
            last_name: user.lastName,
            password_hash: passwordHash,
            created_on: user.createdOn,
            updated_on: user.createdOn,
          })
          .execute();
        await trx
          .insertInto('workspaces')
          .values({
            id: ws.id,
            realm_id: ws.realmId,
            name: ws.name,
            name_key: nameKey(ws.name),
            type: ws.type,
            owner_id: user.id,
            created_on: ws.createdOn,
          })
          .execute();
        await trx
          .insertInto('workspace_members')
          .values({
            workspace_id: ws.id,
            user_id: user.id,
            role: 'owner',
            created_on: ws.createdOn,
          })
          .execute();
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async setPasswordHash(userId: string, passwordHash: string, at: Date): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_on: at })
      .where('id', '=', userId)
      .execute();
  }

  async createWorkspace(
    ws: Workspace,
    owner: { userId: string; role: Membership['role'] } | null,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('workspaces')
        .values({
          id: ws.id,
          realm_id: ws.realmId,
          name: ws.name,
          name_key: nameKey(ws.name),
          type: ws.type,
          owner_id: ws.ownerId,
          created_on: ws.createdOn,
        })
        .execute();
      if (owner) {
        await trx
          .insertInto('workspace_members')
          .values({
            workspace_id: ws.id,
            user_id: owner.userId,
            role: owner.role,
            created_on: ws.createdOn,
          })
          .execute();
      }
    });
  }

  async setMember(
    workspaceId: string,
    userId: string,
    role: Membership['role'],
    at: Date,
  ): Promise<void> {
    await this.db
      .insertInto('workspace_members')
      .values({ workspace_id: workspaceId, user_id: userId, role, created_on: at })
      .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ role }))
      .execute();
  }

  private membershipQuery() {
    return this.db
      .selectFrom('workspace_members as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .selectAll('w')
      .select('m.role');
  }

  async listMemberships(userId: string): Promise<Membership[]> {
    const rows = await this.membershipQuery()
      .where('m.user_id', '=', userId)
      .orderBy('w.type')
      .orderBy('w.name_key')
      .orderBy('w.id')
      .execute();
    return rows.map(toMembership);
  }

  async findMembership(userId: string, workspaceId: string): Promise<Membership | null> {
    const row = await this.membershipQuery()
      .where('m.user_id', '=', userId)
      .where('m.workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row ? toMembership(row) : null;
  }

  async findWorkspaceById(id: string): Promise<Workspace | null> {
    const row = await this.db
      .selectFrom('workspaces')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toWorkspace(row) : null;
  }

  async findSharedWorkspace(realmId: string, key: string): Promise<Workspace | null> {
    const row = await this.db
      .selectFrom('workspaces')
      .selectAll()
      .where('realm_id', '=', realmId)
      .where('type', '=', WorkspaceType.Shared)
      .where('name_key', '=', key)
      .orderBy('created_on')
      .executeTakeFirst();
    return row ? toWorkspace(row) : null;
  }
}
