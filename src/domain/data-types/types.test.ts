// Behaviour of type identities and binding rules (API.md §6.1, §6.2).
import { describe, it, expect } from 'vitest';
import { builtinResolver } from './builtin-models.js';
import { DataTypeIds, PRIMITIVES, isAssignable, isKnownType, isPrimitive } from './types.js';
import type { TypeRef } from './types.js';

const single = (dataTypeId: string): TypeRef => ({ dataTypeId, isList: false });
const list = (dataTypeId: string): TypeRef => ({ dataTypeId, isList: true });

const CUSTOM = '9d0c1a52-0000-4000-8000-000000000001';
const resolver = builtinResolver([
  { id: CUSTOM, name: 'Address', displayName: 'Address', attributes: [] },
]);

describe('isPrimitive', () => {
  it('recognises the nine primitives in any case and nothing else', () => {
    expect(PRIMITIVES).toHaveLength(9);
    for (const primitive of PRIMITIVES) expect(isPrimitive(primitive.id.toUpperCase())).toBe(true);
    expect(isPrimitive(DataTypeIds.File)).toBe(false);
    expect(isPrimitive('0317bfee-b2f5-4bde-bfe8-121212121215')).toBe(false);
  });
});

describe('isKnownType', () => {
  it('knows primitives, built-in models and the resolver’s custom models', () => {
    expect(isKnownType(DataTypeIds.Guid, resolver)).toBe(true);
    expect(isKnownType(DataTypeIds.Error.toUpperCase(), resolver)).toBe(true);
    expect(isKnownType(CUSTOM.toUpperCase(), resolver)).toBe(true);
  });

  it('does not know the designer-only Date, Relationship and Time types', () => {
    for (const id of ['15', '16', '17']) {
      expect(isKnownType(`0317bfee-b2f5-4bde-bfe8-1212121212${id}`, resolver)).toBe(false);
    }
  });
});

describe('isAssignable', () => {
  it('binds a type to itself, whatever the case of the ids', () => {
    expect(isAssignable(single(CUSTOM), single(CUSTOM.toUpperCase()))).toBe(true);
  });

  it('binds Integer into Float and Double but not Float into Integer', () => {
    expect(isAssignable(single(DataTypeIds.Integer), single(DataTypeIds.Float))).toBe(true);
    expect(isAssignable(single(DataTypeIds.Integer), single(DataTypeIds.Double))).toBe(true);
    expect(isAssignable(single(DataTypeIds.Float), single(DataTypeIds.Integer))).toBe(false);
  });

  it('binds any primitive into String but not a model', () => {
    expect(isAssignable(single(DataTypeIds.DateTime), single(DataTypeIds.String))).toBe(true);
    expect(isAssignable(single(DataTypeIds.File), single(DataTypeIds.String))).toBe(false);
  });

  it('never binds a list to a single value or the reverse', () => {
    expect(isAssignable(list(DataTypeIds.String), single(DataTypeIds.String))).toBe(false);
    expect(isAssignable(single(DataTypeIds.String), list(DataTypeIds.String))).toBe(false);
    expect(isAssignable(list(DataTypeIds.Integer), list(DataTypeIds.Float))).toBe(true);
  });

  it('binds models and Json into Object, and Json or Object into models', () => {
    expect(isAssignable(single(CUSTOM), single(DataTypeIds.Object))).toBe(true);
    expect(isAssignable(single(DataTypeIds.Json), single(DataTypeIds.Object))).toBe(true);
    expect(isAssignable(single(DataTypeIds.Object), single(CUSTOM))).toBe(true);
    expect(isAssignable(single(DataTypeIds.Json), single(CUSTOM))).toBe(true);
  });

  it('binds anything single into Json', () => {
    expect(isAssignable(single(DataTypeIds.Boolean), single(DataTypeIds.Json))).toBe(true);
    expect(isAssignable(single(CUSTOM), single(DataTypeIds.Json))).toBe(true);
  });

  it('refuses primitives into Object or a model, and one model into another', () => {
    expect(isAssignable(single(DataTypeIds.String), single(DataTypeIds.Object))).toBe(false);
    expect(isAssignable(single(DataTypeIds.String), single(CUSTOM))).toBe(false);
    expect(isAssignable(single(DataTypeIds.File), single(CUSTOM))).toBe(false);
  });
});
