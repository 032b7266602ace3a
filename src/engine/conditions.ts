// Owns the Decisional comparison rules (API.md §3.7): numbers compare numerically, ISO date-times
// chronologically, objects and lists by deep JSON equality, anything else as case-sensitive text;
// AND binds tighter than OR.
import type { ConditionItem, DecisionalOperator } from '../flow/plan.js';
import type { BoundValue } from '../flow/placeholders.js';

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && NUMERIC.test(value.trim())) return Number(value.trim());
  return null;
}

function asDate(value: unknown): number | null {
  if (typeof value !== 'string' || !ISO_DATE.test(value.trim())) return null;
  const time = Date.parse(value.trim());
  return Number.isNaN(time) ? null : time;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** Negative, zero or positive; null when the two cannot be ordered. */
function compare(left: unknown, right: unknown): number | null {
  const ln = asNumber(left);
  const rn = asNumber(right);
  if (ln !== null && rn !== null) return ln - rn;
  const ld = asDate(left);
  const rd = asDate(right);
  if (ld !== null && rd !== null) return ld - rd;
  if (typeof left === 'object' || typeof right === 'object') return null;
  const lt = text(left);
  const rt = text(right);
  return lt < rt ? -1 : lt > rt ? 1 : 0;
}

function equal(left: unknown, right: unknown): boolean {
  if (
    (typeof left === 'object' && left !== null) ||
    (typeof right === 'object' && right !== null)
  ) {
    if (typeof left === 'string') return deepEqual(tryParse(left), right);
    if (typeof right === 'string') return deepEqual(left, tryParse(right));
    return deepEqual(left, right);
  }
  return compare(left, right) === 0;
}

function tryParse(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

function truth(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return null;
}

function contains(container: unknown, part: unknown): boolean {
  if (Array.isArray(container)) return container.some((item) => equal(item, part));
  return text(container).includes(text(part));
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    const parsed = tryParse(value);
    if (Array.isArray(parsed)) return parsed;
    return value.split(',').map((s) => s.trim());
  }
  return value === null || value === undefined ? [] : [value];
}

export function evaluateOperator(
  operator: DecisionalOperator,
  left: unknown,
  right: unknown,
): boolean {
  switch (operator) {
    case 'EQUALS':
      return equal(left, right);
    case 'DOES_NOT_EQUAL':
      return !equal(left, right);
    case 'CONTAINS':
      return contains(left, right);
    case 'DOES_NOT_CONTAIN':
      return !contains(left, right);
    case 'GREATER_THAN': {
      const c = compare(left, right);
      return c !== null && c > 0;
    }
    case 'GREATER_THAN_OR_EQUAL_TO': {
      const c = compare(left, right);
      return c !== null && c >= 0;
    }
    case 'LESS_THAN': {
      const c = compare(left, right);
      return c !== null && c < 0;
    }
    case 'LESS_THAN_OR_EQUAL_TO': {
      const c = compare(left, right);
      return c !== null && c <= 0;
    }
    case 'IS_EMPTY':
      return isEmpty(left);
    case 'IS_NOT_EMPTY':
      return !isEmpty(left);
    case 'IS_TRUE':
      return truth(left) === true;
    case 'IS_FALSE':
      return truth(left) === false;
    case 'BELONGS':
      return listOf(right).some((item) => equal(item, left));
    case 'DOES_NOT_BELONG':
      return !listOf(right).some((item) => equal(item, left));
  }
}

/**
 * Evaluates a condition list. `resolve` reads an operand. Items joined by AND form a group; the
 * list is true when any group is (AND binds tighter than OR).
 */
export function evaluateConditions(
  items: readonly ConditionItem[],
  resolve: (operand: BoundValue) => unknown,
): boolean {
  let anyGroupTrue = false;
  let current = true;
  items.forEach((item, index) => {
    if (index > 0 && item.logic === 'OR') {
      anyGroupTrue ||= current;
      current = true;
    }
    if (!current) return;
    const value =
      item.kind === 'group'
        ? evaluateConditions(item.conditions, resolve)
        : evaluateOperator(
            item.operator,
            resolve(item.left),
            item.right ? resolve(item.right) : null,
          );
    current = current && value;
  });
  return items.length > 0 && (anyGroupTrue || current);
}
