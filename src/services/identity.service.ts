// Owns users and workspaces: the first-start bootstrap, `sluice user add`, and which workspace
// a request works in (API.md §2.3).
import { randomBytes } from 'node:crypto';
import {
  DEFAULT_REALM,
  nameKey,
  passwordAcceptable,
  WorkspaceType,
  type Membership,
  type Realm,
  type Role,
  type User,
  type Workspace,
} from '../domain/identity.js';
import { newId, normalizeGuid } from '../domain/ids.js';
import type { Principal, WorkspaceContext } from '../domain/principal.js';
import { SluiceError } from '../errors/catalogue.js';
import { hashPassword } from '../auth/passwords.js';
import type { Clock } from '../ports/clock.js';
import type { IdentityStore } from '../ports/identity.store.js';

export const PERSONAL_WORKSPACE_NAME = 'Personal';

export interface WorkspaceSelectors {
  /** Header `workspaceId` (GUID). */
  workspaceId?: string | undefined;
  /** Query `targetWorkspace` (GUID). */
  targetWorkspace?: string | undefined;
  /** Header `workspace` (name). */
  workspaceName?: string | undefined;
}

export class UserExistsError extends Error {}

export class IdentityService {
  constructor(
    private readonly identity: IdentityStore,
    private readonly clock: Clock,
  ) {}

  async ensureRealm(name: string): Promise<Realm> {
    return this.identity.ensureRealm({ id: newId(), name, createdOn: this.clock.now() });
  }

  /** Creates a user with their personal workspace; optionally adds them to a shared workspace. */
  async addUser(input: {
    realm?: string;
    username: string;
    password: string;
    email?: string | null;
    firstName?: string | null;
    lastName?: string | null;
    workspace?: string | null;
    role?: Role;
  }): Promise<{ user: User; personal: Workspace; shared: Workspace | null }> {
    if (input.username.trim() === '') throw new Error('user name must not be empty');
    if (!passwordAcceptable(input.password))
      throw new Error('password must be 8 to 128 characters long');
    const realm = await this.ensureRealm(input.realm?.trim() || DEFAULT_REALM);
    const now = this.clock.now();
    const user: User = {
      id: newId(),
      realmId: realm.id,
      userName: input.username.trim(),
      email: input.email?.trim() || null,
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      createdOn: now,
    };
    const personal: Workspace = {
      id: newId(),
      realmId: realm.id,
      name: PERSONAL_WORKSPACE_NAME,
      type: WorkspaceType.Personal,
      ownerId: user.id,
      createdOn: now,
    };
    const created = await this.identity.createUser({
      user,
      passwordHash: await hashPassword(input.password),
      personalWorkspace: personal,
    });
    if (!created)
      throw new UserExistsError(`user ${user.userName} already exists in realm ${realm.name}`);
    let shared: Workspace | null = null;
    if (input.workspace?.trim())
      shared = await this.joinSharedWorkspace(
        user,
        realm,
        input.workspace.trim(),
        input.role ?? 'editor',
      );
    return { user, personal, shared };
  }

  /** Adds the user to the shared workspace of that name in their realm, creating it (as owner) if none exists. */
  async joinSharedWorkspace(
    user: User,
    realm: Realm,
    name: string,
    role: Role,
  ): Promise<Workspace> {
    const existing = await this.findSharedWorkspaceByName(realm.id, name);
    const now = this.clock.now();
    if (existing) {
      await this.identity.setMember(existing.id, user.id, role, now);
      return existing;
    }
    const workspace: Workspace = {
      id: newId(),
      realmId: realm.id,
      name,
      type: WorkspaceType.Shared,
      ownerId: user.id,
      createdOn: now,
    };
    await this.identity.createWorkspace(workspace, { userId: user.id, role: 'owner' });
    return workspace;
  }

  private async findSharedWorkspaceByName(
    realmId: string,
    name: string,
  ): Promise<Workspace | null> {
    return this.identity.findSharedWorkspace(realmId, nameKey(name));
  }

  /**
   * First start: the default realm and the administrator with their workspace (also when other
   * users were added before the first start). Returns the
   * generated password when none was configured (to be printed once), null otherwise.
   */
  async bootstrap(admin: {
    username: string;
    password: string;
    email: string;
  }): Promise<{ created: boolean; generatedPassword: string | null }> {
    const realm = await this.ensureRealm(DEFAULT_REALM);
    if (await this.identity.findUserByLogin(realm.id, admin.username))
      return { created: false, generatedPassword: null };
    const generated = admin.password === '' ? randomBytes(18).toString('base64url') : null;
    try {
      await this.addUser({
        username: admin.username,
        password: generated ?? admin.password,
        email: admin.email || null,
        firstName: 'Administrator',
      });
    } catch (error) {
      // Another process sharing the database bootstrapped first.
      if (error instanceof UserExistsError) return { created: false, generatedPassword: null };
      throw error;
    }
    return { created: true, generatedPassword: generated };
  }

  listWorkspaces(userId: string): Promise<Membership[]> {
    return this.identity.listMemberships(userId);
  }

  /**
   * The workspace a request works in and the caller's role there. Precedence: header
   * `workspaceId`, query `targetWorkspace`, header `workspace` (name); none = personal
   * workspace, except for a key created in a shared workspace, which must select it.
   */
  async resolveWorkspace(
    principal: Principal,
    selectors: WorkspaceSelectors,
  ): Promise<WorkspaceContext> {
    const denied = () => new SluiceError('WORKSPACE_UNAUTHORIZED', 'workspace');
    const memberships = await this.identity.listMemberships(principal.user.id);
    const chosen: Membership[] = [];
    for (const raw of [selectors.workspaceId, selectors.targetWorkspace]) {
      if (raw === undefined || raw.trim() === '') continue;
      const id = normalizeGuid(raw);
      const found = id ? memberships.find((m) => m.workspace.id === id) : undefined;
      if (!found) throw denied();
      chosen.push(found);
    }
    if (selectors.workspaceName !== undefined && selectors.workspaceName.trim() !== '') {
      const key = nameKey(selectors.workspaceName);
      const named = memberships.filter((m) => nameKey(m.workspace.name) === key);
      // A name may be ambiguous (every user has a "Personal"); prefer the one already chosen by id,
      // then the key's own workspace, then the personal one.
      const found =
        named.find((m) => chosen.some((c) => c.workspace.id === m.workspace.id)) ??
        (principal.kind === 'apiKey'
          ? named.find((m) => m.workspace.id === principal.keyWorkspace.id)
          : undefined) ??
        named.find((m) => m.workspace.type === WorkspaceType.Personal) ??
        named[0];
      if (!found) throw denied();
      chosen.push(found);
    }
    if (new Set(chosen.map((c) => c.workspace.id)).size > 1) {
      throw new SluiceError('INVALID_INPUT', 'workspace', {
        value: 'The workspace selectors name different workspaces.',
      });
    }
    let selected = chosen[0];
    if (!selected) {
      if (principal.kind === 'apiKey' && principal.keyWorkspace.type !== WorkspaceType.Personal)
        throw denied();
      selected = memberships.find((m) => m.workspace.type === WorkspaceType.Personal);
      if (!selected) throw denied();
    }
    if (
      principal.kind === 'apiKey' &&
      principal.keyWorkspace.type !== WorkspaceType.Personal &&
      selected.workspace.id !== principal.keyWorkspace.id
    ) {
      throw denied();
    }
    return { workspace: selected.workspace, role: selected.role };
  }
}
