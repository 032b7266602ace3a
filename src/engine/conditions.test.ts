import { describe, expect, it } from 'vitest';
import type { ConditionItem } from '../flow/plan.js';
import type { BoundValue } from '../flow/placeholders.js';
import { evaluateConditions, evaluateOperator } from './conditions.js';

const v = (value: unknown): BoundValue => ({ value, placeholders: new Map() });
const cond = (
  operator: string,
  left: unknown,
  right: unknown,
  logic: 'AND' | 'OR' | null = null,
): ConditionItem =>
  ({ kind: 'condition', id: 0, logic, operator, left: v(left), right: v(right) }) as ConditionItem;
const evaluate = (items: ConditionItem[]) => evaluateConditions(items, (operand) => operand.value);

describe('Decisional conditions', () => {
  it('compares numbers numerically, also when given as text', () => {
    expect(evaluateOperator('GREATER_THAN', '10', 9)).toBe(true);
    expect(evaluateOperator('LESS_THAN', '10', '9')).toBe(false);
    expect(evaluateOperator('EQUALS', '2.0', 2)).toBe(true);
  });

  it('compares ISO date-times chronologically and other text case-sensitively', () => {
    expect(evaluateOperator('LESS_THAN', '2026-01-02T00:00:00+02:00', '2026-01-01T23:00:00Z')).toBe(
      true,
    );
    expect(evaluateOperator('EQUALS', 'Abc', 'abc')).toBe(false);
    expect(evaluateOperator('GREATER_THAN', 'b', 'a')).toBe(true);
  });

  it('compares objects and lists by deep equality, also against their JSON text', () => {
    expect(evaluateOperator('EQUALS', { a: [1, 2] }, { a: [1, 2] })).toBe(true);
    expect(evaluateOperator('EQUALS', [1, 2], '[1,2]')).toBe(true);
    expect(evaluateOperator('DOES_NOT_EQUAL', { a: 1 }, { a: 2 })).toBe(true);
  });

  it('treats CONTAINS as substring for text and membership for lists, BELONGS as element of a list or comma text', () => {
    expect(evaluateOperator('CONTAINS', 'hello world', 'lo w')).toBe(true);
    expect(evaluateOperator('CONTAINS', [1, 2, 3], '2')).toBe(true);
    expect(evaluateOperator('DOES_NOT_CONTAIN', ['a'], 'b')).toBe(true);
    expect(evaluateOperator('BELONGS', 'b', 'a, b, c')).toBe(true);
    expect(evaluateOperator('DOES_NOT_BELONG', 3, [1, 2])).toBe(true);
  });

  it('reads emptiness and truth as PROCESIO does', () => {
    for (const empty of [null, '', [], {}])
      expect(evaluateOperator('IS_EMPTY', empty, null)).toBe(true);
    expect(evaluateOperator('IS_NOT_EMPTY', 0, null)).toBe(true);
    expect(evaluateOperator('IS_TRUE', 'TRUE', null)).toBe(true);
    expect(evaluateOperator('IS_FALSE', 'no', null)).toBe(false);
  });

  it('binds AND tighter than OR', () => {
    // false AND true OR true → (false AND true) OR true → true
    expect(
      evaluate([cond('EQUALS', 1, 2), cond('EQUALS', 1, 1, 'AND'), cond('EQUALS', 3, 3, 'OR')]),
    ).toBe(true);
    // true OR true AND false → true OR (true AND false) → true
    expect(
      evaluate([cond('EQUALS', 1, 1), cond('EQUALS', 1, 1, 'OR'), cond('EQUALS', 1, 2, 'AND')]),
    ).toBe(true);
    // false OR true AND false → false
    expect(
      evaluate([cond('EQUALS', 1, 2), cond('EQUALS', 1, 1, 'OR'), cond('EQUALS', 1, 2, 'AND')]),
    ).toBe(false);
  });

  it('evaluates a group as one parenthesised condition', () => {
    const group: ConditionItem = {
      kind: 'group',
      id: 1,
      logic: 'AND',
      conditions: [cond('EQUALS', 1, 2), cond('EQUALS', 1, 1, 'OR')],
    };
    expect(evaluate([cond('EQUALS', 1, 1), group])).toBe(true);
    expect(evaluate([])).toBe(false);
  });
});
