// Owns the duplicate search DeDuplicate and Find Duplicates share: the first element of each group
// of duplicates is kept, the later ones are reported with the element they duplicate. Exact
// matching groups by key in one pass; the other match types compare pairs, so their lists are
// limited to PAIRWISE_LIMIT elements.
import type { TemplateSetting } from '../../flow/template-catalog.js';
import { invalidInput } from '../inputs.js';
import { PAIRWISE_LIMIT } from './matching.js';

export interface DuplicateSearch {
  /** Elements that duplicate none before them, in list order. */
  unique: unknown[];
  /** Elements that duplicate an earlier one, in list order. */
  duplicates: unknown[];
  /** For each kept element with duplicates: the indexes of its duplicates. */
  groups: { original: number; duplicates: number[] }[];
}

type Comparison =
  | { kind: 'key'; keyOf: (index: number) => string }
  | { kind: 'pairs'; same: (first: number, second: number) => boolean };

export function searchDuplicates(
  items: readonly unknown[],
  comparison: Comparison,
  listSetting: TemplateSetting,
): DuplicateSearch {
  const originalOf = new Array<number>(items.length).fill(-1);
  if (comparison.kind === 'key') {
    const firstByKey = new Map<string, number>();
    items.forEach((_, i) => {
      const key = comparison.keyOf(i);
      const first = firstByKey.get(key);
      if (first === undefined) firstByKey.set(key, i);
      else originalOf[i] = first;
    });
  } else {
    if (items.length > PAIRWISE_LIMIT)
      throw invalidInput(
        listSetting,
        `has ${items.length} elements; matching other than Exact compares pairs and takes at most ${PAIRWISE_LIMIT}.`,
      );
    for (let i = 0; i < items.length; i++) {
      if (originalOf[i] !== -1) continue;
      for (let j = i + 1; j < items.length; j++)
        if (originalOf[j] === -1 && comparison.same(i, j)) originalOf[j] = i;
    }
  }
  const groups = new Map<number, number[]>();
  const unique: unknown[] = [];
  const duplicates: unknown[] = [];
  originalOf.forEach((original, i) => {
    if (original === -1) unique.push(items[i]);
    else {
      duplicates.push(items[i]);
      const group = groups.get(original) ?? [];
      group.push(i);
      groups.set(original, group);
    }
  });
  return {
    unique,
    duplicates,
    groups: [...groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([original, found]) => ({ original, duplicates: found })),
  };
}

/**
 * A text that is the same for two values exactly when `sameValue` says they are the same
 * element: numbers (numeric text included) by value, other primitives by their text, lists and
 * objects by their JSON with keys sorted.
 */
export function canonicalKey(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return `n:${value}`;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed))
      return `n:${Number(trimmed)}`;
    return `t:${value}`;
  }
  if (typeof value === 'boolean') return `t:${value}`;
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalKey(record[key])}`)
    .join(',')}}`;
}
