// Owns the identity of data types (API.md §6.1): PROCESIO's stable GUIDs for the primitives
// and built-in models, how a variable or setting refers to a type, and which bindings are
// allowed (§6.2: same type, Integer → Float/Double, any primitive → String, list ≠ single).

/** PROCESIO's built-in data type GUIDs. */
export const DataTypeIds = {
  Boolean: '0317bfee-b2f5-4bde-bfe8-121212121210',
  Integer: '0317bfee-b2f5-4bde-bfe8-121212121211',
  Float: '0317bfee-b2f5-4bde-bfe8-121212121212',
  Double: '0317bfee-b2f5-4bde-bfe8-121212121213',
  String: '0317bfee-b2f5-4bde-bfe8-121212121214',
  DateTime: '0317bfee-b2f5-4bde-bfe8-121212121218',
  Json: '0317bfee-b2f5-4bde-bfe8-121212121220',
  Object: '0317bfee-b2f5-4bde-bfe8-121212121221',
  Guid: '0317bfee-b2f5-4bde-bfe8-121212121222',
  File: '10c6ac59-3929-49e6-99dc-121212121219',
  Error: '10c6ac59-3929-49e6-99dc-121212121220',
  System: '10c6ac59-3929-49e6-99dc-121212121221',
  InboundEmailInformation: '7bd4db6d-42c6-4ee3-bd9e-b906c1d93e23',
  Correlation: '62808178-eae9-4916-9ead-c1ba3e4d8281',
  FileContent: 'a09d55c4-c26a-40b3-951d-77c3d4fffe18',
  SftpFilesInformation: 'a09d55c4-c26a-40b3-951d-77c3d4fffe19',
} as const;

/** The nine primitives served by /api/DataTypes/primary, with PROCESIO's csharpCorrespondent. */
export const PRIMITIVES: readonly { id: string; name: string; csharpCorrespondent: number }[] = [
  { id: DataTypeIds.Boolean, name: 'Boolean', csharpCorrespondent: 10 },
  { id: DataTypeIds.Integer, name: 'Integer', csharpCorrespondent: 20 },
  { id: DataTypeIds.Float, name: 'Float', csharpCorrespondent: 30 },
  { id: DataTypeIds.Double, name: 'Double', csharpCorrespondent: 40 },
  { id: DataTypeIds.String, name: 'String', csharpCorrespondent: 50 },
  { id: DataTypeIds.DateTime, name: 'DateTime', csharpCorrespondent: 90 },
  { id: DataTypeIds.Guid, name: 'Guid', csharpCorrespondent: 100 },
  { id: DataTypeIds.Json, name: 'Json', csharpCorrespondent: 120 },
  { id: DataTypeIds.Object, name: 'Object', csharpCorrespondent: 140 },
];

const PRIMITIVE_IDS = new Set(PRIMITIVES.map((p) => p.id));

export function isPrimitive(dataTypeId: string): boolean {
  return PRIMITIVE_IDS.has(dataTypeId.toLowerCase());
}

/** How a variable, attribute or action setting refers to a type. */
export interface TypeRef {
  dataTypeId: string;
  isList: boolean;
}

/** One field of a data model; identified by `id` in flow bindings, by `name` in values. */
export interface DataModelAttribute {
  id: string;
  name: string;
  displayName?: string;
  dataTypeId: string;
  isList: boolean;
}

/** A data model: a built-in one (File, Error, System, …) or a workspace's custom model. */
export interface DataModelDefinition {
  id: string;
  name: string;
  displayName: string;
  attributes: DataModelAttribute[];
}

/** Looks up data models by id: the built-ins plus the models visible in one workspace. */
export interface DataTypeResolver {
  model(id: string): DataModelDefinition | undefined;
}

/** Whether a type id names a primitive or a model the resolver knows. */
export function isKnownType(dataTypeId: string, resolver: DataTypeResolver): boolean {
  return isPrimitive(dataTypeId) || resolver.model(dataTypeId.toLowerCase()) !== undefined;
}

/**
 * Whether a value of type `from` may be bound where `to` is expected: the same type; Integer
 * into Float or Double; any primitive into String; Json and Object accept any single value of
 * a model or Json/Object. A list never binds to a single value or the reverse.
 */
export function isAssignable(from: TypeRef, to: TypeRef): boolean {
  if (from.isList !== to.isList) return false;
  const source = from.dataTypeId.toLowerCase();
  const target = to.dataTypeId.toLowerCase();
  if (source === target) return true;
  if (
    source === DataTypeIds.Integer &&
    (target === DataTypeIds.Float || target === DataTypeIds.Double)
  )
    return true;
  if (target === DataTypeIds.String && isPrimitive(source)) return true;
  if (target === DataTypeIds.Json) return true;
  if (target === DataTypeIds.Object && (source === DataTypeIds.Json || !isPrimitive(source)))
    return true;
  if ((source === DataTypeIds.Json || source === DataTypeIds.Object) && !isPrimitive(target))
    return true;
  return false;
}
