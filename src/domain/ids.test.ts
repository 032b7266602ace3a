import { describe, expect, it } from 'vitest';
import { isGuid, newTimeOrderedId } from './ids.js';

describe('newTimeOrderedId', () => {
  it('is a version 7 GUID carrying its milliseconds in the first 48 bits', () => {
    const at = Date.UTC(2026, 10, 28, 12, 0, 0, 123);
    const id = newTimeOrderedId(at);
    expect(isGuid(id)).toBe(true);
    expect(id).toBe(id.toLowerCase());
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('sorts as text in creation order across milliseconds and differs within one', () => {
    const ids = Array.from({ length: 50 }, (_, n) => newTimeOrderedId(1_700_000_000_000 + n * 7));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 1000 }, () => newTimeOrderedId(1_700_000_000_000)));
    expect(same.size).toBe(1000);
  });
});
