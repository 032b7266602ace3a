// Behaviour of the custom data model rules (API.md §6.3).
import { describe, it, expect } from 'vitest';
import { builtinResolver } from './builtin-models.js';
import { modelsUsing, validateDataModel } from './model-rules.js';
import { DataTypeIds } from './types.js';
import type { DataModelAttribute, DataModelDefinition } from './types.js';

const A = '9d0c1a52-0000-4000-8000-00000000000a';
const B = '9d0c1a52-0000-4000-8000-00000000000b';
const C = '9d0c1a52-0000-4000-8000-00000000000c';

const attribute = (name: string, dataTypeId: string = DataTypeIds.String): DataModelAttribute => ({
  id: `${name}-id`,
  name,
  dataTypeId,
  isList: false,
});

const definition = (
  id: string,
  name: string,
  attributes: DataModelAttribute[] = [],
): DataModelDefinition => ({ id, name, displayName: name, attributes });

const validate = (model: DataModelDefinition, others: DataModelDefinition[] = []) =>
  validateDataModel(model, builtinResolver(others));

const targets = (model: DataModelDefinition, others: DataModelDefinition[] = []) =>
  validate(model, others).map((p) => p.target);

describe('validateDataModel: model names', () => {
  it('accepts a valid model', () => {
    expect(validate(definition(A, 'Customer_2', [attribute('street')]))).toEqual([]);
  });

  it('accepts a name of one letter and one of 64 characters', () => {
    expect(validate(definition(A, 'x'))).toEqual([]);
    expect(validate(definition(A, `a${'b'.repeat(63)}`))).toEqual([]);
  });

  it('refuses names that do not start with a letter, hold other characters or exceed 64', () => {
    for (const name of [
      '',
      '1abc',
      '_abc',
      'has space',
      'dash-ed',
      'ümlaut',
      `a${'b'.repeat(64)}`,
    ]) {
      expect(targets({ ...definition(A, name), displayName: 'Model' }), name).toEqual(['name']);
    }
  });

  it('refuses the name of a built-in type in any case', () => {
    for (const name of [
      'string',
      'INTEGER',
      'DateTime',
      'file',
      'FileDataModel',
      'error',
      'Time',
    ]) {
      const problems = validate(definition(A, name));
      expect(problems, name).toEqual([
        { target: 'name', message: `"${name}" is the name of a built-in type.` },
      ]);
    }
  });

  it('refuses the reserved route words in any case', () => {
    for (const name of ['primary', 'Procesio', 'COUNT', 'restricted']) {
      expect(validate(definition(A, name)), name).toEqual([
        { target: 'name', message: `"${name}" is a reserved word.` },
      ]);
    }
  });
});

describe('validateDataModel: display names', () => {
  it('accepts display names of 1 and of 128 characters', () => {
    expect(validate({ ...definition(A, 'M'), displayName: 'M' })).toEqual([]);
    expect(validate({ ...definition(A, 'M'), displayName: 'é'.repeat(128) })).toEqual([]);
  });

  it('refuses an empty, blank or over-long display name', () => {
    for (const displayName of ['', '   ', 'x'.repeat(129)]) {
      expect(targets({ ...definition(A, 'M'), displayName })).toEqual(['displayName']);
    }
  });
});

describe('validateDataModel: attributes', () => {
  it('refuses attribute names that break the name pattern, pointing at the attribute', () => {
    expect(targets(definition(A, 'M', [attribute('ok'), attribute('not ok')]))).toEqual([
      'attributes[1].name',
    ]);
  });

  it('allows attribute names that are type names or reserved words', () => {
    expect(validate(definition(A, 'M', [attribute('count'), attribute('File')]))).toEqual([]);
  });

  it('refuses attribute names repeated in another case, naming the first use', () => {
    expect(
      validate(definition(A, 'M', [attribute('city'), attribute('x'), attribute('City')])),
    ).toEqual([
      {
        target: 'attributes[2].name',
        message: 'Attribute name "City" is already used by attributes[0].',
      },
    ]);
  });

  it('accepts attributes typed with primitives, built-in models and known custom models', () => {
    const model = definition(A, 'M', [
      attribute('a', DataTypeIds.Guid),
      attribute('b', DataTypeIds.File.toUpperCase()),
      attribute('c', B),
    ]);
    expect(validate(model, [definition(B, 'Other')])).toEqual([]);
  });

  it('refuses attributes typed with unknown ids, the designer-only Date type included', () => {
    const model = definition(A, 'M', [
      attribute('a', C),
      attribute('b', '0317bfee-b2f5-4bde-bfe8-121212121215'),
      attribute('c', ''),
    ]);
    expect(validate(model)).toEqual([
      { target: 'attributes[0].dataTypeId', message: `Unknown data type ${C}.` },
      {
        target: 'attributes[1].dataTypeId',
        message: 'Unknown data type 0317bfee-b2f5-4bde-bfe8-121212121215.',
      },
      { target: 'attributes[2].dataTypeId', message: 'Unknown data type .' },
    ]);
  });

  it('refuses an attribute display name over 128 characters but allows none', () => {
    const long = { ...attribute('a'), displayName: 'x'.repeat(129) };
    expect(targets(definition(A, 'M', [long, attribute('b')]))).toEqual([
      'attributes[0].displayName',
    ]);
  });

  it('reports every problem of a definition at once', () => {
    const model = {
      ...definition(A, '9bad', [attribute('bad name'), attribute('x', C)]),
      displayName: '',
    };
    expect(targets(model)).toEqual([
      'name',
      'displayName',
      'attributes[0].name',
      'attributes[1].dataTypeId',
    ]);
  });
});

describe('validateDataModel: containment', () => {
  it('refuses a model that contains itself directly', () => {
    expect(validate(definition(A, 'Tree', [attribute('child', A.toUpperCase())]))).toEqual([
      {
        target: 'attributes[0].dataTypeId',
        message: 'A model may not contain itself: Tree → Tree.',
      },
    ]);
  });

  it('refuses a model that contains itself as a list', () => {
    const child = { ...attribute('children', A), isList: true };
    expect(targets(definition(A, 'Tree', [child]))).toEqual(['attributes[0].dataTypeId']);
  });

  it('refuses a model that contains itself through other models, naming the chain', () => {
    const others = [
      definition(B, 'Order', [attribute('line', C)]),
      definition(C, 'Line', [attribute('back', A)]),
    ];
    expect(
      validate(definition(A, 'Customer', [attribute('x'), attribute('order', B)]), others),
    ).toEqual([
      {
        target: 'attributes[1].dataTypeId',
        message: 'A model may not contain itself: Customer → Order → Line → Customer.',
      },
    ]);
  });

  it('judges the definition given, not the stored version of the same model', () => {
    const stored = definition(A, 'Customer', [attribute('order', B)]);
    const others = [stored, definition(B, 'Order', [attribute('back', A)])];
    expect(targets(definition(A, 'Customer', [attribute('name')]), others)).toEqual([]);
    expect(targets(definition(A, 'Customer', [attribute('order', B)]), others)).toEqual([
      'attributes[0].dataTypeId',
    ]);
  });

  it('accepts a model used twice without a cycle and ends on cycles among other models', () => {
    const others = [
      definition(B, 'Order', [attribute('c1', C), attribute('c2', C)]),
      definition(C, 'Line', [attribute('loop', C)]),
    ];
    expect(
      validate(definition(A, 'Customer', [attribute('o', B), attribute('l', C)]), others),
    ).toEqual([]);
  });

  it('does not treat a model still without an id as its own attribute type', () => {
    expect(validate(definition('', 'Fresh', [attribute('x', '')]))).toEqual([
      { target: 'attributes[0].dataTypeId', message: 'Unknown data type .' },
    ]);
    expect(validate(definition('', 'Fresh', [attribute('x')]))).toEqual([]);
  });
});

describe('modelsUsing', () => {
  const models = [
    definition(A, 'Customer', [attribute('order', B), attribute('again', B)]),
    definition(B, 'Order', [attribute('self', B)]),
    definition(C, 'Line', [attribute('file', DataTypeIds.File)]),
  ];

  it('lists each model whose attributes use the given one directly, once', () => {
    expect(modelsUsing(B.toUpperCase(), models)).toEqual([A]);
    expect(modelsUsing(DataTypeIds.File, models)).toEqual([C]);
  });

  it('does not count a model using itself or indirect use', () => {
    expect(modelsUsing(A, models)).toEqual([]);
    expect(modelsUsing(C, [definition(A, 'X', [attribute('o', B)]), ...models.slice(1)])).toEqual(
      [],
    );
  });
});
