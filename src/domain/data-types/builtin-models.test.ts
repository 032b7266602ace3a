// Behaviour of the built-in models and the resolver (API.md §6.1, §6.2).
import { describe, it, expect } from 'vitest';
import { BUILTIN_MODELS, builtinResolver, isBuiltinModel } from './builtin-models.js';
import { DataTypeIds, isKnownType } from './types.js';
import type { DataModelDefinition } from './types.js';

const attributeNames = (id: string): string[] =>
  builtinResolver()
    .model(id)
    ?.attributes.map((a) => a.name) ?? [];

describe('BUILTIN_MODELS', () => {
  it('carries the ids, names and display names of PROCESIO’s /api/DataTypes/procesio models', () => {
    expect(BUILTIN_MODELS.map(({ id, name, displayName }) => [id, name, displayName])).toEqual([
      ['10c6ac59-3929-49e6-99dc-121212121219', 'FileDataModel', 'File'],
      ['10c6ac59-3929-49e6-99dc-121212121220', 'ErrorDataModel', 'Error'],
      ['10c6ac59-3929-49e6-99dc-121212121221', 'SystemDataModel', 'System variable model'],
      [
        '7bd4db6d-42c6-4ee3-bd9e-b906c1d93e23',
        'inboundEmailInformation',
        'InboundEmailInformation',
      ],
      ['62808178-eae9-4916-9ead-c1ba3e4d8281', 'correlation', 'Correlation'],
      ['a09d55c4-c26a-40b3-951d-77c3d4fffe18', 'FileContent', 'FileContent'],
      ['a09d55c4-c26a-40b3-951d-77c3d4fffe19', 'FTPFilesInformations', 'SFTPFilesInformation'],
    ]);
  });

  it('leaves the models whose attributes come with their actions without attributes', () => {
    expect(BUILTIN_MODELS.slice(3).map((m) => m.attributes.length)).toEqual([0, 0, 0, 0]);
  });

  it('gives File the attributes path, name, mimeType, size, hash and id', () => {
    expect(attributeNames(DataTypeIds.File)).toEqual([
      'path',
      'name',
      'mimeType',
      'size',
      'hash',
      'id',
    ]);
  });

  it('gives Error the attributes message, code, actionId, actionName, templateId and details', () => {
    expect(attributeNames(DataTypeIds.Error)).toEqual([
      'message',
      'code',
      'actionId',
      'actionName',
      'templateId',
      'details',
    ]);
  });

  it('gives SystemDataModel the attributes processId, instanceId, processName and workspaceId', () => {
    expect(attributeNames(DataTypeIds.System)).toEqual([
      'processId',
      'instanceId',
      'processName',
      'workspaceId',
    ]);
  });

  it('uses unique lower-case GUIDs for every attribute, fixed in the 5a1cda7a range', () => {
    const ids = BUILTIN_MODELS.flatMap((m) => m.attributes.map((a) => a.id));
    expect(ids).toHaveLength(16);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^5a1cda7a-[0-9a-f]{4}-0000-0000-[0-9a-f]{12}$/);
    expect(ids[0]).toBe('5a1cda7a-0001-0000-0000-000000000001');
  });

  it('types every attribute with a type the resolver knows', () => {
    const resolver = builtinResolver();
    for (const model of BUILTIN_MODELS) {
      for (const attribute of model.attributes) {
        expect(isKnownType(attribute.dataTypeId, resolver), attribute.name).toBe(true);
      }
    }
  });

  it('cannot be changed by a caller', () => {
    const file = BUILTIN_MODELS[0]!;
    expect(() => {
      file.attributes.push({ id: 'x', name: 'x', dataTypeId: DataTypeIds.String, isList: false });
    }).toThrow(TypeError);
    expect(() => {
      file.name = 'Changed';
    }).toThrow(TypeError);
    expect(file.attributes).toHaveLength(6);
  });
});

describe('isBuiltinModel', () => {
  it('recognises built-in model ids in any case but not primitives or custom ids', () => {
    expect(isBuiltinModel(DataTypeIds.SftpFilesInformation.toUpperCase())).toBe(true);
    expect(isBuiltinModel(DataTypeIds.String)).toBe(false);
    expect(isBuiltinModel('9d0c1a52-0000-4000-8000-000000000001')).toBe(false);
  });
});

describe('builtinResolver', () => {
  const custom: DataModelDefinition = {
    id: '9D0C1A52-0000-4000-8000-0000000000AA',
    name: 'Address',
    displayName: 'Address',
    attributes: [],
  };

  it('finds built-in and custom models by id in any case', () => {
    const resolver = builtinResolver([custom]);
    expect(resolver.model(DataTypeIds.Correlation.toUpperCase())?.displayName).toBe('Correlation');
    expect(resolver.model('9d0c1a52-0000-4000-8000-0000000000aa')).toBe(custom);
  });

  it('answers undefined for ids it does not know, primitives included', () => {
    const resolver = builtinResolver();
    expect(resolver.model(custom.id)).toBeUndefined();
    expect(resolver.model(DataTypeIds.String)).toBeUndefined();
  });

  it('never lets a custom model shadow a built-in one', () => {
    const impostor = { ...custom, id: DataTypeIds.File, name: 'Impostor' };
    expect(builtinResolver([impostor]).model(DataTypeIds.File)?.name).toBe('FileDataModel');
  });
});
