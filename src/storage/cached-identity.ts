// Owns the short-lived cache of the identity reads every authenticated request makes (its login,
// user, realm and memberships). Any write through these stores empties it at once, so a change
// made by this process is seen by its next request; another server process sees it after at
// most `ttlMs` (docs/compatibility.md, "Authentication").
import type { IdentityStore } from '../ports/identity.store.js';
import type { SessionStore } from '../ports/session.store.js';

const CACHED_IDENTITY_READS = new Set(['findUserById', 'findRealmById', 'listMemberships']);
const CACHED_SESSION_READS = new Set(['findLogin']);
/** The store methods that only read; every other method is treated as a write. */
const READ_PREFIXES = ['find', 'get', 'list', 'count'];

/** Distinct arguments give distinct keys; the common all-text case skips JSON. */
function cacheKey(args: unknown[]): string {
  return args.every((a) => typeof a === 'string' && !a.includes('\u0000'))
    ? `\u0000${args.join('\u0000')}`
    : JSON.stringify(args);
}

interface Entry {
  value: Promise<unknown>;
  until: number;
}

export class IdentityReadCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  clear(): void {
    this.entries.clear();
  }

  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const found = this.entries.get(key);
    if (found && found.until > now) return found.value as Promise<T>;
    const value = load();
    this.entries.set(key, { value, until: now + this.ttlMs });
    // A failed read is not remembered.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > 10_000) this.prune(now);
    return value;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
    if (this.entries.size > 10_000) this.entries.clear();
  }

  /** Wraps a store: listed reads come from the cache, writes empty it. */
  wrap<T extends object>(store: T, name: string, cached: ReadonlySet<string>): T {
    return new Proxy(store, {
      get: (target, property, receiver) => {
        const member: unknown = Reflect.get(target, property, receiver);
        if (typeof member !== 'function' || typeof property !== 'string') return member;
        const method = member as (...args: unknown[]) => unknown;
        if (cached.has(property))
          return (...args: unknown[]) =>
            this.read(`${name}.${property}:${cacheKey(args)}`, () =>
              Promise.resolve(method.apply(target, args)),
            );
        if (READ_PREFIXES.some((prefix) => property.startsWith(prefix))) return method.bind(target);
        return (...args: unknown[]) => {
          this.clear();
          const result = method.apply(target, args);
          // Reads that started before the write finished must not refill the cache with old rows.
          return result instanceof Promise ? result.finally(() => this.clear()) : result;
        };
      },
    });
  }
}

/** The identity and session stores with their per-request reads cached for `ttlMs`. */
export function cacheIdentityReads(
  stores: { identity: IdentityStore; sessions: SessionStore },
  ttlMs: number,
): { identity: IdentityStore; sessions: SessionStore; cache: IdentityReadCache } {
  const cache = new IdentityReadCache(ttlMs);
  return {
    identity: cache.wrap(stores.identity, 'identity', CACHED_IDENTITY_READS),
    sessions: cache.wrap(stores.sessions, 'sessions', CACHED_SESSION_READS),
    cache,
  };
}
