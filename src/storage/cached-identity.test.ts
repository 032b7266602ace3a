import { describe, expect, it } from 'vitest';
import { IdentityReadCache } from './cached-identity.js';

class CountingStore {
  reads = 0;
  name = 'first';
  async findUserById(id: string) {
    this.reads++;
    return { id, name: this.name };
  }
  async findRealmById(id: string) {
    this.reads++;
    if (id === 'missing') throw new Error('down');
    return { id };
  }
  async setPasswordHash(_id: string) {
    this.name = 'second';
  }
}

describe('IdentityReadCache', () => {
  const setup = () => {
    let now = 1000;
    const cache = new IdentityReadCache(2000, () => now);
    const raw = new CountingStore();
    const store = cache.wrap(raw, 'identity', new Set(['findUserById', 'findRealmById']));
    return { store, raw, advance: (ms: number) => (now += ms) };
  };

  it('answers a repeated read from memory within its lifetime, per argument', async () => {
    const { store, raw } = setup();
    await store.findUserById('a');
    await store.findUserById('a');
    await store.findUserById('b');
    expect(raw.reads).toBe(2);
  });

  it('reads again once the lifetime has passed', async () => {
    const { store, raw, advance } = setup();
    await store.findUserById('a');
    advance(2000);
    await store.findUserById('a');
    expect(raw.reads).toBe(2);
  });

  it('forgets everything when a write goes through the store', async () => {
    const { store, raw } = setup();
    expect(await store.findUserById('a')).toEqual({ id: 'a', name: 'first' });
    await store.setPasswordHash('a');
    expect(await store.findUserById('a')).toEqual({ id: 'a', name: 'second' });
    expect(raw.reads).toBe(2);
  });

  it('does not remember a failed read', async () => {
    const { store, raw } = setup();
    await expect(store.findRealmById('missing')).rejects.toThrow('down');
    await expect(store.findRealmById('missing')).rejects.toThrow('down');
    expect(raw.reads).toBe(2);
  });
});
