// Owns running JSONPath queries for Extract Objects (Json Mapper) and Extract List: jsonpath-plus
// in its safe evaluator only, so a filter such as [?(@.price < 10)] works but a filter that looks
// like a script cannot reach JavaScript (no `eval: 'native'`, no functions, no globals).
import type * as JsonPathPlus from 'jsonpath-plus';
import { requireOnce } from '../../connectors/load-once.js';
import type { TemplateSetting } from '../../flow/template-catalog.js';
import { invalidInput } from '../inputs.js';

/** Loaded with the first JSONPath query. */
const jsonPath = requireOnce<typeof JsonPathPlus>('jsonpath-plus');

/** Every value the query matches, in document order. */
export function queryJson(json: unknown, query: string, querySetting: TemplateSetting): unknown[] {
  if (query.trim() === '') throw invalidInput(querySetting, 'is required.');
  let matches: unknown;
  try {
    matches = jsonPath().JSONPath({ path: query, json: json as object, wrap: true, eval: 'safe' });
  } catch (error) {
    throw invalidInput(querySetting, `cannot run: ${(error as Error).message}`);
  }
  return Array.isArray(matches) ? matches : [];
}

/**
 * The list a query stands for: its matches, or — when it matches one list, as `$.items` does —
 * that list's items, so `$.items` and `$.items[*]` answer alike.
 */
export function matchesAsList(matches: readonly unknown[]): unknown[] {
  return matches.length === 1 && Array.isArray(matches[0]) ? [...matches[0]] : [...matches];
}
