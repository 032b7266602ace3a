// The storage port for identity: realms, users, workspaces, memberships. Every method is
// atomic; lookups by name use the stored lower-case key.
import type { Membership, Realm, Role, User, Workspace } from '../domain/identity.js';

export interface NewUser {
  user: User;
  passwordHash: string;
  personalWorkspace: Workspace;
}

export interface IdentityStore {
  findRealmByName(name: string): Promise<Realm | null>;
  /** Inserts the realm unless one with the same name exists; returns the stored realm. */
  ensureRealm(realm: Realm): Promise<Realm>;
  /** Finds a user of the realm by user name or e-mail address, case-insensitively. */
  findUserByLogin(
    realmId: string,
    login: string,
  ): Promise<{ user: User; passwordHash: string } | null>;
  findUserByEmail(realmId: string, email: string): Promise<User | null>;
  findUserById(id: string): Promise<User | null>;
  findRealmById(id: string): Promise<Realm | null>;
  getPasswordHash(userId: string): Promise<string | null>;
  /** Creates the user, their personal workspace and owner membership in one transaction. Returns false if the user name is taken. */
  createUser(input: NewUser): Promise<boolean>;
  setPasswordHash(userId: string, passwordHash: string, at: Date): Promise<void>;
  createWorkspace(
    workspace: Workspace,
    owner: { userId: string; role: Role } | null,
  ): Promise<void>;
  /** Adds or changes a membership. */
  setMember(workspaceId: string, userId: string, role: Role, at: Date): Promise<void>;
  /** The user's workspaces: personal first, then shared by name. */
  listMemberships(userId: string): Promise<Membership[]>;
  findMembership(userId: string, workspaceId: string): Promise<Membership | null>;
  findWorkspaceById(id: string): Promise<Workspace | null>;
  /** The realm's shared workspace with that name key, if any (the oldest when several). */
  findSharedWorkspace(realmId: string, nameKey: string): Promise<Workspace | null>;
}
