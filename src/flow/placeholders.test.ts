import { describe, expect, it } from 'vitest';
import { builtinResolver, FILE_MODEL } from '../domain/data-types/builtin-models.js';
import { DataTypeIds, type DataModelDefinition, type TypeRef } from '../domain/data-types/types.js';
import {
  bindValue,
  placeholderIndices,
  readPlaceholderEntries,
  readReference,
  renderText,
  resolveAttributePath,
  resolveBoundValue,
  singlePlaceholder,
  writeReference,
  type BindingScope,
  type BoundValue,
  type VariableReference,
} from './placeholders.js';

const ORDER: DataModelDefinition = {
  id: '0d000000-0000-0000-0000-000000000001',
  name: 'Order',
  displayName: 'Order',
  attributes: [
    {
      id: '0d000000-0000-0000-0000-0000000000a1',
      name: 'total',
      dataTypeId: DataTypeIds.Double,
      isList: false,
    },
    {
      id: '0d000000-0000-0000-0000-0000000000a2',
      name: 'attachment',
      dataTypeId: DataTypeIds.File,
      isList: false,
    },
    {
      id: '0d000000-0000-0000-0000-0000000000a3',
      name: 'lines',
      dataTypeId: DataTypeIds.Json,
      isList: true,
    },
  ],
};
const CUSTOMER: DataModelDefinition = {
  id: 'c0000000-0000-0000-0000-000000000001',
  name: 'Customer',
  displayName: 'Customer',
  attributes: [
    {
      id: 'c0000000-0000-0000-0000-0000000000a1',
      name: 'fullName',
      dataTypeId: DataTypeIds.String,
      isList: false,
    },
    {
      id: 'c0000000-0000-0000-0000-0000000000a2',
      name: 'orders',
      dataTypeId: ORDER.id,
      isList: true,
    },
    {
      id: 'c0000000-0000-0000-0000-0000000000a3',
      name: 'lastOrder',
      dataTypeId: ORDER.id,
      isList: false,
    },
  ],
};
const types = builtinResolver([ORDER, CUSTOMER]);
const FULL_NAME = 'c0000000-0000-0000-0000-0000000000a1';
const ORDERS = 'c0000000-0000-0000-0000-0000000000a2';
const LAST_ORDER = 'c0000000-0000-0000-0000-0000000000a3';
const TOTAL = '0d000000-0000-0000-0000-0000000000a1';
const ATTACHMENT = '0d000000-0000-0000-0000-0000000000a2';
const FILE_NAME = FILE_MODEL.attributes.find((a) => a.name === 'name')!.id;

const VARS: Record<string, TypeRef> = {
  'aaaaaaaa-0000-0000-0000-000000000001': { dataTypeId: DataTypeIds.String, isList: false },
  'aaaaaaaa-0000-0000-0000-000000000002': { dataTypeId: DataTypeIds.Integer, isList: true },
  'aaaaaaaa-0000-0000-0000-000000000003': { dataTypeId: CUSTOMER.id, isList: false },
};
const [TEXT, NUMBERS, PERSON] = Object.keys(VARS) as [string, string, string];
const scope: BindingScope = { variableType: (id) => VARS[id], types };

function bound(value: unknown, placeholders: [number, string, string[]?][]): BoundValue {
  const variable = placeholders.map(([id, variableId, attributes = []]) => {
    let attribute: unknown = null;
    for (const attributeId of [...attributes].reverse())
      attribute = { attributeId, nextAttribute: attribute };
    return { id, variableId, attribute };
  });
  const { entries } = readPlaceholderEntries(variable);
  const result = bindValue(value, entries, scope);
  expect(result.errors).toEqual([]);
  return result.bound;
}

function lookup(values: Record<string, unknown>) {
  return (id: string) => values[id];
}

describe('placeholder syntax', () => {
  it('recognises a value that is exactly one placeholder and nothing else', () => {
    expect(singlePlaceholder('<%12%>')).toBe(12);
    expect(singlePlaceholder(' <%1%>')).toBeNull();
    expect(singlePlaceholder('<%1%><%2%>')).toBeNull();
    expect(singlePlaceholder(3)).toBeNull();
  });

  it('lists the placeholders of nested strings once each, in order of appearance', () => {
    expect(
      placeholderIndices({ a: '<%2%> and <%0%>', b: ['<%2%>', { c: 'x<%5%>' }], n: 7 }),
    ).toEqual([2, 0, 5]);
  });

  it('reads variable entries written in PascalCase, as bundles do, and reports malformed ones', () => {
    const { entries, malformed } = readPlaceholderEntries([
      {
        Id: 0,
        VariableId: TEXT.toUpperCase(),
        Attribute: { AttributeId: FULL_NAME, NextAttribute: null },
      },
      { id: 'x', variableId: TEXT },
    ]);
    expect(entries).toEqual([{ index: 0, variableId: TEXT, attributeIds: [FULL_NAME] }]);
    expect(malformed).toEqual([1]);
  });
});

describe('resolving input values', () => {
  const values = lookup({
    [TEXT]: 'Ada',
    [NUMBERS]: [1, 2],
    [PERSON]: {
      fullName: 'Ada Lovelace',
      lastOrder: { total: 9.5 },
      orders: [{ total: 1 }, { total: 2 }],
    },
  });

  it('gives a single placeholder the variable value with its own type', () => {
    expect(resolveBoundValue(bound('<%0%>', [[0, NUMBERS]]), values)).toEqual([1, 2]);
    expect(resolveBoundValue(bound('<%0%>', [[0, PERSON]]), values)).toMatchObject({
      fullName: 'Ada Lovelace',
    });
  });

  it('substitutes textually otherwise: strings unquoted, lists and objects as JSON', () => {
    const value = bound('Hi <%0%>: <%1%> / <%2%>', [
      [0, TEXT],
      [1, NUMBERS],
      [2, PERSON, [LAST_ORDER]],
    ]);
    expect(resolveBoundValue(value, values)).toBe('Hi Ada: [1,2] / {"total":9.5}');
  });

  it('writes numbers and booleans as JSON text and null or a missing value as ""', () => {
    expect(renderText(4.5)).toBe('4.5');
    expect(renderText(false)).toBe('false');
    expect(renderText(null)).toBe('');
    const value = bound('[<%0%>]', [[0, TEXT]]);
    expect(resolveBoundValue(value, lookup({}))).toBe('[]');
    expect(resolveBoundValue(bound('<%0%>', [[0, TEXT]]), lookup({}))).toBeNull();
  });

  it('walks attribute paths by the attribute names found through their ids', () => {
    const value = bound('<%0%>', [[0, PERSON, [LAST_ORDER, TOTAL]]]);
    expect(value.placeholders.get(0)).toEqual({
      variableId: PERSON,
      path: [
        { id: LAST_ORDER, name: 'lastOrder', isList: false },
        { id: TOTAL, name: 'total', isList: false },
      ],
      type: { dataTypeId: DataTypeIds.Double, isList: false },
    });
    expect(resolveBoundValue(value, values)).toBe(9.5);
  });

  it('projects a path through a list attribute over its elements', () => {
    const value = bound('<%0%>', [[0, PERSON, [ORDERS, TOTAL]]]);
    expect(value.placeholders.get(0)!.type).toEqual({
      dataTypeId: DataTypeIds.Double,
      isList: true,
    });
    expect(resolveBoundValue(value, values)).toEqual([1, 2]);
  });

  it('reads a missing attribute as null and matches attribute names in any case', () => {
    const value = bound('<%0%>|<%1%>', [
      [0, PERSON, [FULL_NAME]],
      [1, PERSON, [LAST_ORDER, ATTACHMENT, FILE_NAME]],
    ]);
    expect(resolveBoundValue(value, lookup({ [PERSON]: { FULLNAME: 'x' } }))).toBe('x|');
  });

  it('resolves strings at every depth of a structured value and keeps its shape', () => {
    const value = bound(
      { headers: [{ key: 'n', value: '<%0%>' }], body: { raw: '{"q": "<%1%>"}' }, timeout: 100 },
      [
        [0, NUMBERS],
        [1, TEXT],
      ],
    );
    expect(resolveBoundValue(value, values)).toEqual({
      headers: [{ key: 'n', value: [1, 2] }],
      body: { raw: '{"q": "Ada"}' },
      timeout: 100,
    });
  });
});

describe('binding placeholders', () => {
  it('reports a placeholder without an entry, an unknown variable and an unknown attribute', () => {
    const { entries } = readPlaceholderEntries([
      { id: 1, variableId: 'aaaaaaaa-0000-0000-0000-00000000dead', attribute: null },
      { id: 2, variableId: PERSON, attribute: { attributeId: TOTAL, nextAttribute: null } },
      { id: 3, variableId: TEXT, attribute: { attributeId: FULL_NAME, nextAttribute: null } },
    ]);
    const { errors, bound: value } = bindValue('<%0%><%1%><%2%><%3%>', entries, scope);
    expect(errors).toHaveLength(4);
    expect(errors[0]).toContain('<%0%>');
    expect(value.placeholders.size).toBe(0);
  });

  it('uses the fallback list only for placeholders the value’s own list lacks', () => {
    const own = readPlaceholderEntries([{ id: 0, variableId: TEXT, attribute: null }]).entries;
    const fallback = readPlaceholderEntries([
      { id: 0, variableId: NUMBERS, attribute: null },
      { id: 1, variableId: PERSON, attribute: null },
    ]).entries;
    const { bound: value, errors } = bindValue('<%0%><%1%>', own, scope, fallback);
    expect(errors).toEqual([]);
    expect(value.placeholders.get(0)?.variableId).toBe(TEXT);
    expect(value.placeholders.get(1)?.variableId).toBe(PERSON);
  });

  it('refuses two different entries for one placeholder', () => {
    const { entries } = readPlaceholderEntries([
      { id: 0, variableId: TEXT, attribute: null },
      { id: 0, variableId: NUMBERS, attribute: null },
    ]);
    expect(bindValue('<%0%>', entries, scope).errors).toHaveLength(1);
  });

  it('fails an attribute path on a primitive or on an id the model does not have', () => {
    const root = { dataTypeId: DataTypeIds.String, isList: false };
    expect(resolveAttributePath(root, [FULL_NAME], types)).toHaveProperty('error');
    const person = { dataTypeId: CUSTOMER.id, isList: false };
    expect(resolveAttributePath(person, [TOTAL], types)).toHaveProperty('error');
  });
});

describe('writing outputs', () => {
  const lastOrderTotal: VariableReference = {
    variableId: PERSON,
    path: [
      { id: LAST_ORDER, name: 'lastOrder', isList: false },
      { id: TOTAL, name: 'total', isList: false },
    ],
    type: { dataTypeId: DataTypeIds.Double, isList: false },
  };

  it('replaces the whole value when the binding has no attribute path', () => {
    const whole: VariableReference = { ...lastOrderTotal, path: [] };
    expect(writeReference(whole, { old: true }, [1])).toEqual([1]);
  });

  it('writes a nested attribute into a copy, creating missing levels, without mutating', () => {
    const current = { fullName: 'Ada', lastOrder: { total: 1, currency: 'EUR' } };
    const next = writeReference(lastOrderTotal, current, 42);
    expect(next).toEqual({ fullName: 'Ada', lastOrder: { total: 42, currency: 'EUR' } });
    expect(current.lastOrder.total).toBe(1);
    expect(writeReference(lastOrderTotal, null, 3)).toEqual({ lastOrder: { total: 3 } });
  });

  it('updates an attribute in the spelling the value already uses', () => {
    expect(writeReference(lastOrderTotal, { LastOrder: { TOTAL: 1 } }, 2)).toEqual({
      LastOrder: { TOTAL: 2 },
    });
  });

  it('reads back what it wrote', () => {
    const written = writeReference(lastOrderTotal, {}, 7);
    expect(readReference(lastOrderTotal, lookup({ [PERSON]: written }))).toBe(7);
  });
});
