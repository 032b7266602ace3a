// Behaviour of payload value checks and empty values (API.md §6.2, §3.1.1).
import { describe, it, expect } from 'vitest';
import { builtinResolver } from './builtin-models.js';
import { checkValue, emptyValue } from './check-value.js';
import type { CheckResult } from './check-value.js';
import { DataTypeIds, PRIMITIVES } from './types.js';
import type { DataModelDefinition, TypeRef } from './types.js';

const ADDRESS = '9d0c1a52-0000-4000-8000-0000000000a1';
const PERSON = '9d0c1a52-0000-4000-8000-0000000000a2';
const NODE = '9d0c1a52-0000-4000-8000-0000000000a3';

const attribute = (name: string, dataTypeId: string, isList = false) => ({
  id: `${name}-id`,
  name,
  dataTypeId,
  isList,
});

const models: DataModelDefinition[] = [
  {
    id: ADDRESS,
    name: 'Address',
    displayName: 'Postal address',
    attributes: [
      attribute('street', DataTypeIds.String),
      attribute('zipCode', DataTypeIds.Integer),
      attribute('tags', DataTypeIds.String, true),
    ],
  },
  {
    id: PERSON,
    name: 'Person',
    displayName: 'Person',
    attributes: [
      attribute('name', DataTypeIds.String),
      attribute('born', DataTypeIds.DateTime),
      attribute('home', ADDRESS),
      attribute('addresses', ADDRESS, true),
      attribute('mystery', '0317bfee-b2f5-4bde-bfe8-121212121215'),
    ],
  },
  // Only reachable if a cyclic definition slipped past model-rules; values must still not hang.
  { id: NODE, name: 'Node', displayName: 'Node', attributes: [attribute('next', NODE)] },
];

const resolver = builtinResolver(models);

const single = (dataTypeId: string): TypeRef => ({ dataTypeId, isList: false });
const listOf = (dataTypeId: string): TypeRef => ({ dataTypeId, isList: true });

function check(type: TypeRef, value: unknown, path = 'input'): CheckResult {
  return checkValue(type, value, resolver, path);
}

function accepted(type: TypeRef, value: unknown): unknown {
  const result = check(type, value);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.value;
}

function problems(
  type: TypeRef,
  value: unknown,
  path = 'input',
): { path: string; message: string }[] {
  const result = check(type, value, path);
  if (result.ok) throw new Error(`accepted as ${JSON.stringify(result.value)}`);
  return result.errors;
}

describe('checkValue: null and undefined', () => {
  it('accepts null and undefined for every type, single or list, leaving required-ness to callers', () => {
    const ids = [...PRIMITIVES.map((p) => p.id), DataTypeIds.File, PERSON];
    for (const id of ids) {
      for (const type of [single(id), listOf(id)]) {
        expect(check(type, null)).toEqual({ ok: true, value: null });
        expect(check(type, undefined)).toEqual({ ok: true, value: undefined });
      }
    }
  });
});

describe('checkValue: Boolean', () => {
  it('accepts true and false unchanged', () => {
    expect(accepted(single(DataTypeIds.Boolean), true)).toBe(true);
    expect(accepted(single(DataTypeIds.Boolean), false)).toBe(false);
  });

  it('converts "true" and "false" in any case into booleans', () => {
    expect(accepted(single(DataTypeIds.Boolean), 'TRUE')).toBe(true);
    expect(accepted(single(DataTypeIds.Boolean), 'False')).toBe(false);
  });

  it('refuses other words and numbers, saying what it expected and what it got', () => {
    expect(problems(single(DataTypeIds.Boolean), 'yes')).toEqual([
      { path: 'input', message: 'expected Boolean, got string "yes"' },
    ]);
    expect(problems(single(DataTypeIds.Boolean), 1)[0]?.message).toBe(
      'expected Boolean, got number 1',
    );
  });
});

describe('checkValue: Integer', () => {
  const integer = single(DataTypeIds.Integer);

  it('accepts whole numbers up to ±(2^53−1)', () => {
    expect(accepted(integer, 42)).toBe(42);
    expect(accepted(integer, Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(accepted(integer, -Number.MAX_SAFE_INTEGER)).toBe(-Number.MAX_SAFE_INTEGER);
  });

  it('accepts a numeric string for an Integer and returns a number', () => {
    expect(accepted(integer, '42')).toBe(42);
    expect(accepted(integer, ' -7 ')).toBe(-7);
    expect(accepted(integer, '1e3')).toBe(1000);
  });

  it('refuses fractions, given as numbers or as text', () => {
    expect(problems(integer, 1.5)[0]?.message).toBe(
      'expected Integer (a whole number within ±9007199254740991), got number 1.5',
    );
    expect(problems(integer, '1.5')).toHaveLength(1);
  });

  it('refuses integers beyond the safe range', () => {
    expect(problems(integer, 2 ** 53)).toHaveLength(1);
    expect(problems(integer, '9007199254740993')).toHaveLength(1);
  });

  it('refuses text that is not a decimal number, empty text and booleans', () => {
    for (const value of ['abc', '', '  ', '0x10', '12abc', true]) {
      expect(problems(integer, value), String(value)).toHaveLength(1);
    }
  });
});

describe('checkValue: Float and Double', () => {
  it('accepts numbers unchanged', () => {
    expect(accepted(single(DataTypeIds.Float), 2.5)).toBe(2.5);
    expect(accepted(single(DataTypeIds.Double), -3)).toBe(-3);
  });

  it('accepts numeric strings and returns numbers', () => {
    expect(accepted(single(DataTypeIds.Float), '2.5')).toBe(2.5);
    expect(accepted(single(DataTypeIds.Double), ' -1e-3 ')).toBe(-0.001);
    expect(accepted(single(DataTypeIds.Double), '.5')).toBe(0.5);
  });

  it('refuses comma decimals, words, booleans and non-finite numbers, naming the type', () => {
    expect(problems(single(DataTypeIds.Float), '1,5')[0]?.message).toBe(
      'expected Float, got string "1,5"',
    );
    expect(problems(single(DataTypeIds.Double), true)[0]?.message).toBe(
      'expected Double, got boolean true',
    );
    expect(problems(single(DataTypeIds.Double), 'Infinity')).toHaveLength(1);
    expect(problems(single(DataTypeIds.Double), Number.NaN)).toHaveLength(1);
  });
});

describe('checkValue: String', () => {
  const text = single(DataTypeIds.String);

  it('accepts strings unchanged, the empty string included', () => {
    expect(accepted(text, 'hello')).toBe('hello');
    expect(accepted(text, '')).toBe('');
  });

  it('converts numbers and booleans into their text', () => {
    expect(accepted(text, 12.5)).toBe('12.5');
    expect(accepted(text, 0)).toBe('0');
    expect(accepted(text, false)).toBe('false');
  });

  it('refuses objects, lists and numbers JSON cannot carry', () => {
    expect(problems(text, { a: 1 })[0]?.message).toBe('expected String, got an object');
    expect(problems(text, ['a'])[0]?.message).toBe('expected String, got a list');
    expect(problems(text, Number.NaN)[0]?.message).toBe('expected String, got number NaN');
  });

  it('shortens long text quoted in a message', () => {
    const message = problems(single(DataTypeIds.Integer), 'x'.repeat(200))[0]?.message ?? '';
    expect(message).toContain(`"${'x'.repeat(40)}…"`);
    expect(message.length).toBeLessThan(120);
  });
});

describe('checkValue: DateTime', () => {
  const dateTime = single(DataTypeIds.DateTime);

  it('normalises an ISO-8601 UTC date-time to the ISO form with milliseconds and Z', () => {
    expect(accepted(dateTime, '2024-03-05T07:08:09Z')).toBe('2024-03-05T07:08:09.000Z');
  });

  it('reads a date-time without an offset as UTC', () => {
    expect(accepted(dateTime, '2024-03-05T07:08:09')).toBe('2024-03-05T07:08:09.000Z');
    expect(accepted(dateTime, '2024-03-05 07:08')).toBe('2024-03-05T07:08:00.000Z');
  });

  it('converts a date-time with an offset into UTC', () => {
    expect(accepted(dateTime, '2024-03-05T07:08:09+02:00')).toBe('2024-03-05T05:08:09.000Z');
    expect(accepted(dateTime, '2024-03-05T23:30:00-0130')).toBe('2024-03-06T01:00:00.000Z');
  });

  it('keeps fractional seconds to the millisecond', () => {
    expect(accepted(dateTime, '2024-03-05T07:08:09.123456Z')).toBe('2024-03-05T07:08:09.123Z');
    expect(accepted(dateTime, '2024-03-05T07:08:09.5Z')).toBe('2024-03-05T07:08:09.500Z');
  });

  it('reads a date alone as midnight UTC', () => {
    expect(accepted(dateTime, '2024-03-05')).toBe('2024-03-05T00:00:00.000Z');
  });

  it('reads the designer literal dd/MM/yyyy HH:mm:ss as UTC, day first', () => {
    expect(accepted(dateTime, '05/03/2024 17:08:09')).toBe('2024-03-05T17:08:09.000Z');
    expect(accepted(dateTime, '5/3/2024')).toBe('2024-03-05T00:00:00.000Z');
  });

  it('accepts 29 February in a leap year only', () => {
    expect(accepted(dateTime, '2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
    expect(problems(dateTime, '2023-02-29T00:00:00Z')).toHaveLength(1);
    expect(problems(dateTime, '29/02/1900 00:00:00')).toHaveLength(1);
  });

  it('refuses impossible dates and times', () => {
    for (const value of [
      '2024-13-01',
      '2024-04-31',
      '31/04/2024 00:00:00',
      '2024-03-05T24:00:00Z',
      '2024-03-05T10:60:00Z',
      '2024-03-05T10:00:00+25:00',
    ]) {
      expect(problems(dateTime, value), value).toHaveLength(1);
    }
  });

  it('refuses numbers and other text, naming both accepted forms', () => {
    expect(problems(dateTime, 1709622489000)[0]?.message).toBe(
      'expected DateTime (ISO-8601 or dd/MM/yyyy HH:mm:ss), got number 1709622489000',
    );
    expect(problems(dateTime, 'next Tuesday')).toHaveLength(1);
    expect(problems(dateTime, '2024-03-05Z')).toHaveLength(1);
  });
});

describe('checkValue: Guid', () => {
  const guid = single(DataTypeIds.Guid);

  it('accepts a GUID and lower-cases it', () => {
    expect(accepted(guid, '3F25C1D2-0A4B-4C5D-8E9F-0123456789AB')).toBe(
      '3f25c1d2-0a4b-4c5d-8e9f-0123456789ab',
    );
  });

  it('refuses text that is not a GUID and non-strings', () => {
    expect(problems(guid, 'not-a-guid')[0]?.message).toBe('expected Guid, got string "not-a-guid"');
    expect(problems(guid, '')).toHaveLength(1);
    expect(problems(guid, 12)).toHaveLength(1);
  });
});

describe('checkValue: Json', () => {
  const json = single(DataTypeIds.Json);

  it('accepts any JSON value unchanged', () => {
    const object = { a: [1, 'two', null, { b: true }] };
    expect(accepted(json, object)).toBe(object);
    expect(accepted(json, 'text')).toBe('text');
    expect(accepted(json, 3.5)).toBe(3.5);
    expect(accepted(json, [1, 2])).toEqual([1, 2]);
  });

  it('refuses values JSON cannot carry and points at them', () => {
    expect(problems(json, { a: [1, undefined] })).toEqual([
      { path: 'input.a[1]', message: 'expected Json (JSON data), got undefined' },
    ]);
    expect(problems(json, { when: new Date(0) })[0]?.path).toBe('input.when');
    expect(problems(json, [Number.NaN])[0]?.path).toBe('input[0]');
    expect(problems(json, () => 1)[0]?.message).toBe('expected Json (JSON data), got function');
  });

  it('refuses cyclic data but accepts the same object reached twice', () => {
    const shared = { x: 1 };
    expect(accepted(json, { a: shared, b: shared })).toEqual({ a: { x: 1 }, b: { x: 1 } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(problems(json, cyclic)[0]?.message).toBe(
      'expected Json (JSON data), got a cyclic reference',
    );
  });

  it('checks deeply nested JSON without exhausting the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i += 1) deep = [deep];
    expect(check(json, deep).ok).toBe(true);
  });
});

describe('checkValue: Object', () => {
  const object = single(DataTypeIds.Object);

  it('accepts a JSON object unchanged', () => {
    const value = { a: 1, b: { c: [] } };
    expect(accepted(object, value)).toBe(value);
  });

  it('refuses lists, strings, numbers and booleans', () => {
    expect(problems(object, [1])[0]?.message).toBe('expected Object (a JSON object), got a list');
    expect(problems(object, '{"a":1}')).toHaveLength(1);
    expect(problems(object, 1)).toHaveLength(1);
    expect(problems(object, true)).toHaveLength(1);
  });

  it('refuses an object holding values JSON cannot carry', () => {
    expect(problems(object, { a: { b: Number.POSITIVE_INFINITY } })[0]?.path).toBe('input.a.b');
  });
});

describe('checkValue: File', () => {
  const file = single(DataTypeIds.File);

  it('accepts a complete file value', () => {
    const value = {
      path: 'flow/x',
      name: 'a.pdf',
      mimeType: 'application/pdf',
      size: 10,
      hash: 'ab',
      id: '3f25c1d2-0a4b-4c5d-8e9f-0123456789ab',
    };
    expect(accepted(file, value)).toEqual(value);
  });

  it('accepts a file value with fields missing', () => {
    expect(accepted(file, { name: 'a.pdf' })).toEqual({ name: 'a.pdf' });
  });

  it('accepts a client-chosen id that is not a GUID', () => {
    expect(accepted(file, { name: 'a.pdf', id: '' })).toEqual({ name: 'a.pdf', id: '' });
  });

  it('refuses fields of the wrong type', () => {
    expect(problems(file, { name: { first: 'a' }, size: 'big' }, 'attachments')).toEqual([
      { path: 'attachments.name', message: 'expected String, got an object' },
      {
        path: 'attachments.size',
        message: 'expected Integer (a whole number within ±9007199254740991), got string "big"',
      },
    ]);
  });

  it('refuses a file given as a bare string', () => {
    expect(problems(file, 'a.pdf')[0]?.message).toBe(
      'expected File (an object), got string "a.pdf"',
    );
  });
});

describe('checkValue: data models', () => {
  const person = single(PERSON);

  it('checks each attribute by name and converts its value', () => {
    expect(
      accepted(person, { name: 7, born: '01/02/2000 10:00:00', home: { zipCode: '123' } }),
    ).toEqual({ name: '7', born: '2000-02-01T10:00:00.000Z', home: { zipCode: 123 } });
  });

  it('matches attribute names in any case and rewrites them to the model’s spelling', () => {
    expect(accepted(person, { NAME: 'Ada', Home: { ZIPCODE: 1 } })).toEqual({
      name: 'Ada',
      home: { zipCode: 1 },
    });
  });

  it('keeps keys the model does not know verbatim', () => {
    const extra = { nested: [1, { x: undefined }] };
    const result = accepted(person, { name: 'Ada', Extra: extra }) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['name', 'Extra']);
    expect(result.Extra).toBe(extra);
  });

  it('keeps a "__proto__" key as data instead of changing the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "name": "Ada"}') as unknown;
    const result = accepted(person, value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(['__proto__', 'name']);
    expect((result as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('refuses an attribute given twice under different spellings', () => {
    expect(problems(person, { name: 'a', Name: 'b' })).toEqual([
      { path: 'input.name', message: 'attribute given twice, as "name" and as "Name"' },
    ]);
  });

  it('checks nested models and lists of models, naming the path to the bad value', () => {
    const errors = problems(person, {
      home: { zipCode: 'x', tags: ['a', {}] },
      addresses: [{}, {}, { street: ['Main'] }],
    });
    expect(errors.map((e) => e.path)).toEqual([
      'input.home.zipCode',
      'input.home.tags[1]',
      'input.addresses[2].street',
    ]);
  });

  it('refuses a value that is not an object, naming the model by its display name', () => {
    expect(problems(single(ADDRESS), [])[0]?.message).toBe(
      'expected Postal address (an object), got a list',
    );
  });

  it('refuses an attribute whose type nobody knows when a value is given for it', () => {
    expect(accepted(person, { mystery: null })).toEqual({ mystery: null });
    expect(problems(person, { mystery: 'x' })).toEqual([
      { path: 'input.mystery', message: 'unknown data type 0317bfee-b2f5-4bde-bfe8-121212121215' },
    ]);
  });

  it('refuses values of a type the resolver does not know', () => {
    expect(problems(single('9d0c1a52-0000-4000-8000-0000000000ff'), {})[0]?.message).toBe(
      'unknown data type 9d0c1a52-0000-4000-8000-0000000000ff',
    );
  });

  it('accepts any object for a built-in model that has no attributes yet', () => {
    const value = { from: 'a@b.c', subject: 'hi' };
    expect(accepted(single(DataTypeIds.InboundEmailInformation), value)).toEqual(value);
  });

  it('stops at a bounded depth when a cyclic model meets a deeply nested value', () => {
    let value: Record<string, unknown> = {};
    for (let i = 0; i < 200; i += 1) value = { next: value };
    const errors = problems(single(NODE), value);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe('value nests deeper than 64 levels');
  });
});

describe('checkValue: lists', () => {
  it('checks and converts every element of a list', () => {
    expect(accepted(listOf(DataTypeIds.Integer), ['1', 2, null])).toEqual([1, 2, null]);
  });

  it('names the index of a bad element', () => {
    expect(problems(listOf(DataTypeIds.Integer), [1, 2, 'x'], 'counts')).toEqual([
      {
        path: 'counts[2]',
        message: 'expected Integer (a whole number within ±9007199254740991), got string "x"',
      },
    ]);
  });

  it('refuses a single value where a list is expected', () => {
    expect(problems(listOf(DataTypeIds.String), 'a')[0]?.message).toBe(
      'expected a list of String, got string "a"',
    );
    expect(problems(listOf(ADDRESS), {})[0]?.message).toBe(
      'expected a list of Postal address, got an object',
    );
  });

  it('refuses a list where a single value is expected', () => {
    expect(problems(single(DataTypeIds.String), ['a'])).toHaveLength(1);
  });

  it('reports every bad element, not only the first', () => {
    expect(problems(listOf(DataTypeIds.Boolean), ['x', true, 'y'])).toHaveLength(2);
  });
});

describe('checkValue: paths', () => {
  it('reports paths without a prefix when none is given', () => {
    const result = checkValue(single(PERSON), { home: { zipCode: 'x' } }, resolver);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.path).toBe('home.zipCode');
  });

  it('finds types by id in any case', () => {
    expect(accepted(single(DataTypeIds.Integer.toUpperCase()), '5')).toBe(5);
    expect(accepted(single(PERSON.toUpperCase()), { name: 'Ada' })).toEqual({ name: 'Ada' });
  });
});

describe('emptyValue', () => {
  const empty = (type: TypeRef) => emptyValue(type, resolver);

  it('gives "" for String, DateTime and Guid', () => {
    expect(empty(single(DataTypeIds.String))).toBe('');
    expect(empty(single(DataTypeIds.DateTime))).toBe('');
    expect(empty(single(DataTypeIds.Guid))).toBe('');
  });

  it('gives 0 for Integer, Float and Double and false for Boolean', () => {
    expect(empty(single(DataTypeIds.Integer))).toBe(0);
    expect(empty(single(DataTypeIds.Float))).toBe(0);
    expect(empty(single(DataTypeIds.Double))).toBe(0);
    expect(empty(single(DataTypeIds.Boolean))).toBe(false);
  });

  it('gives {"name": ""} for File', () => {
    expect(empty(single(DataTypeIds.File.toUpperCase()))).toEqual({ name: '' });
  });

  it('gives {} for Object, Json and data models', () => {
    expect(empty(single(DataTypeIds.Object))).toEqual({});
    expect(empty(single(DataTypeIds.Json))).toEqual({});
    expect(empty(single(PERSON))).toEqual({});
    expect(empty(single(DataTypeIds.Error))).toEqual({});
  });

  it('gives [] for any list', () => {
    expect(empty(listOf(DataTypeIds.String))).toEqual([]);
    expect(empty(listOf(DataTypeIds.File))).toEqual([]);
    expect(empty(listOf(PERSON))).toEqual([]);
  });

  it('gives null for a type nobody knows', () => {
    expect(empty(single('0317bfee-b2f5-4bde-bfe8-121212121217'))).toBeNull();
  });

  it('gives a fresh object on every call', () => {
    const first = empty(single(DataTypeIds.File));
    expect(first).not.toBe(empty(single(DataTypeIds.File)));
  });
});
