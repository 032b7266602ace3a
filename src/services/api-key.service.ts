// Owns API keys (API.md §10): creation with a value shown once, SHA-256 storage, the
// per-user-per-workspace limit, revocation, and authenticating a `key`/`value` pair.
import { newId } from '../domain/ids.js';
import type { ApiKeyPrincipal, UserPrincipal, WorkspaceContext } from '../domain/principal.js';
import { SluiceError } from '../errors/catalogue.js';
import { constantTimeEqualHex, randomAlphanumeric, sha256Hex } from '../auth/random.js';
import type { ApiKeyRecord, ApiKeyStore } from '../ports/api-key.store.js';
import type { Clock } from '../ports/clock.js';
import type { IdentityStore } from '../ports/identity.store.js';

export interface ApiKeyView {
  id: string;
  name: string;
  lastAccessed: Date | null;
}

const TOUCH_INTERVAL_MS = 60_000;

export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly identity: IdentityStore,
    private readonly clock: Clock,
    private readonly limit: number,
  ) {}

  async list(principal: UserPrincipal, ctx: WorkspaceContext): Promise<ApiKeyView[]> {
    const keys = await this.keys.list(ctx.workspace.id, principal.user.id);
    return keys.map(({ id, name, lastAccessed }) => ({ id, name, lastAccessed }));
  }

  /** Creates a key; the value is only in this answer. */
  async create(
    principal: UserPrincipal,
    ctx: WorkspaceContext,
  ): Promise<ApiKeyView & { value: string }> {
    if ((await this.keys.count(ctx.workspace.id, principal.user.id)) >= this.limit) {
      throw new SluiceError('MAX_NR_API_KEYS', 'apiKey');
    }
    const value = randomAlphanumeric(64);
    const record: ApiKeyRecord = {
      id: newId(),
      workspaceId: ctx.workspace.id,
      userId: principal.user.id,
      name: randomAlphanumeric(16),
      valueHash: sha256Hex(value),
      createdOn: this.clock.now(),
      lastAccessed: null,
    };
    await this.keys.create(record);
    return { id: record.id, name: record.name, lastAccessed: null, value };
  }

  delete(principal: UserPrincipal, ctx: WorkspaceContext, id: string): Promise<boolean> {
    return this.keys.delete(id, ctx.workspace.id, principal.user.id);
  }

  deleteAll(principal: UserPrincipal, ctx: WorkspaceContext): Promise<number> {
    return this.keys.deleteAll(ctx.workspace.id, principal.user.id);
  }

  /** The principal behind a key name and value, or null when either is wrong or the owner left the workspace. */
  async authenticate(name: string, value: string): Promise<ApiKeyPrincipal | null> {
    const key = await this.keys.findByName(name);
    // Hash even when the name is unknown so the answer time does not reveal key names.
    const presented = sha256Hex(value);
    if (!key || !constantTimeEqualHex(presented, key.valueHash)) return null;
    const [user, membership] = await Promise.all([
      this.identity.findUserById(key.userId),
      this.identity.findMembership(key.userId, key.workspaceId),
    ]);
    if (!user || !membership) return null;
    const realm = await this.identity.findRealmById(user.realmId);
    if (!realm) return null;
    const now = this.clock.now();
    await this.keys.touch(key.id, now, new Date(now.getTime() - TOUCH_INTERVAL_MS));
    return { kind: 'apiKey', user, realm, keyId: key.id, keyWorkspace: membership.workspace };
  }
}
