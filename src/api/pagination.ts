// Owns PROCESIO's pagination envelope (API.md §0.5): 1-based pages, a page size of 0 or less
// meaning "all", and a name search that only applies from three characters on.
import { Type, type TSchema } from '@sinclair/typebox';

export interface PageRequest {
  pageNumber: number;
  /** null = every item. */
  pageItemCount: number | null;
  /** Lower-cased search text, or null when absent or shorter than three characters. */
  search: string | null;
}

export interface PageEnvelope<T> {
  totalItemCount: number;
  pageNumber: number;
  pageItemCount: number;
  pageItems: T[];
}

export const PageQuery = Type.Object({
  pageNumber: Type.Optional(Type.Integer()),
  pageItemCount: Type.Optional(Type.Integer()),
  searchName: Type.Optional(Type.String()),
});

/** The envelope's schema for a route's response. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    totalItemCount: Type.Integer(),
    pageNumber: Type.Integer(),
    pageItemCount: Type.Integer(),
    pageItems: Type.Array(item),
  });
}

export function pageRequest(query: {
  pageNumber?: number;
  pageItemCount?: number;
  searchName?: string;
}): PageRequest {
  const pageNumber = query.pageNumber !== undefined && query.pageNumber > 1 ? query.pageNumber : 1;
  const pageItemCount =
    query.pageItemCount !== undefined && query.pageItemCount > 0 ? query.pageItemCount : null;
  const trimmed = query.searchName?.trim() ?? '';
  return { pageNumber, pageItemCount, search: trimmed.length >= 3 ? trimmed.toLowerCase() : null };
}

/** Rows to skip and take for a page request (take null = all). */
export function pageWindow(request: PageRequest): { offset: number; limit: number | null } {
  return request.pageItemCount === null
    ? { offset: 0, limit: null }
    : { offset: (request.pageNumber - 1) * request.pageItemCount, limit: request.pageItemCount };
}

export function pageEnvelope<T>(
  request: PageRequest,
  totalItemCount: number,
  pageItems: T[],
): PageEnvelope<T> {
  return {
    totalItemCount,
    pageNumber: request.pageNumber,
    pageItemCount: request.pageItemCount ?? pageItems.length,
    pageItems,
  };
}

/**
 * Pages a list held in memory: search on the display name, order by it case-insensitively (ties
 * by id), then cut the page.
 */
export function pageInMemory<T>(
  items: readonly T[],
  request: PageRequest,
  displayName: (item: T) => string,
  id: (item: T) => string,
): PageEnvelope<T> {
  const matching =
    request.search === null
      ? [...items]
      : items.filter((item) => displayName(item).toLowerCase().includes(request.search!));
  matching.sort(
    (a, b) =>
      displayName(a).toLowerCase().localeCompare(displayName(b).toLowerCase()) ||
      id(a).localeCompare(id(b)),
  );
  const { offset, limit } = pageWindow(request);
  return pageEnvelope(
    request,
    matching.length,
    matching.slice(offset, limit === null ? undefined : offset + limit),
  );
}
