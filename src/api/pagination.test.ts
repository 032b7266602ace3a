import { describe, expect, it } from 'vitest';
import { pageInMemory, pageRequest, pageWindow } from './pagination.js';

const items = ['delta', 'Alpha', 'charlie', 'bravo', 'alphabet'].map((name, i) => ({
  id: `id-${i}`,
  name,
}));
const page = (query: Parameters<typeof pageRequest>[0]) =>
  pageInMemory(
    items,
    pageRequest(query),
    (i) => i.name,
    (i) => i.id,
  );

describe('pagination', () => {
  it('reads absent or non-positive page numbers as 1 and page sizes as "all"', () => {
    expect(pageRequest({})).toEqual({ pageNumber: 1, pageItemCount: null, search: null });
    expect(pageRequest({ pageNumber: -3, pageItemCount: 0 })).toEqual({
      pageNumber: 1,
      pageItemCount: null,
      search: null,
    });
    expect(pageWindow(pageRequest({ pageNumber: 3, pageItemCount: 20 }))).toEqual({
      offset: 40,
      limit: 20,
    });
  });

  it('orders by display name case-insensitively and cuts the requested page', () => {
    expect(page({ pageNumber: 2, pageItemCount: 2 })).toEqual({
      totalItemCount: 5,
      pageNumber: 2,
      pageItemCount: 2,
      pageItems: [items[3], items[2]],
    });
  });

  it('answers every item when no page size is given', () => {
    const all = page({});
    expect(all.pageItemCount).toBe(5);
    expect(all.pageItems.map((i) => i.name)).toEqual([
      'Alpha',
      'alphabet',
      'bravo',
      'charlie',
      'delta',
    ]);
  });

  it('searches case-insensitively from three characters on and ignores shorter searches', () => {
    expect(page({ searchName: ' ALPH ' }).pageItems.map((i) => i.name)).toEqual([
      'Alpha',
      'alphabet',
    ]);
    expect(page({ searchName: 'al' }).totalItemCount).toBe(5);
  });
});
