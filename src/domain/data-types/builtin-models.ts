// Owns the built-in data models of API.md §6.1 with their Sluice-fixed attribute ids (§6.2), and
// the resolver that serves them together with a workspace's custom models.
import { DataTypeIds } from './types.js';
import type { DataModelAttribute, DataModelDefinition, DataTypeResolver } from './types.js';

function attribute(
  id: string,
  name: string,
  displayName: string,
  dataTypeId: string,
  isList = false,
): DataModelAttribute {
  return Object.freeze({ id, name, displayName, dataTypeId, isList });
}

function model(
  id: string,
  name: string,
  displayName: string,
  attributes: DataModelAttribute[],
): DataModelDefinition {
  // Frozen because every workspace shares these objects; a caller mutating one would change
  // the built-in type for everybody.
  Object.freeze(attributes);
  return Object.freeze({ id, name, displayName, attributes });
}

/**
 * The File value (§4.2, §4.3). `id` is a String, not a Guid: the CLI sends ids chosen by the
 * client and a placeholder may carry `""` before the server assigns one.
 */
export const FILE_MODEL = model(DataTypeIds.File, 'FileDataModel', 'File', [
  attribute('5a1cda7a-0001-0000-0000-000000000001', 'path', 'Path', DataTypeIds.String),
  attribute('5a1cda7a-0001-0000-0000-000000000002', 'name', 'Name', DataTypeIds.String),
  attribute('5a1cda7a-0001-0000-0000-000000000003', 'mimeType', 'MIME type', DataTypeIds.String),
  attribute('5a1cda7a-0001-0000-0000-000000000004', 'size', 'Size', DataTypeIds.Integer),
  attribute('5a1cda7a-0001-0000-0000-000000000005', 'hash', 'Hash', DataTypeIds.String),
  attribute('5a1cda7a-0001-0000-0000-000000000006', 'id', 'Id', DataTypeIds.String),
]);

/**
 * The value an error port writes to its error variable (§3.8). `code` is a String so symbolic
 * codes fit as well as numeric ones; `details` is Json because each action reports its own shape.
 */
export const ERROR_MODEL = model(DataTypeIds.Error, 'ErrorDataModel', 'Error', [
  attribute('5a1cda7a-0002-0000-0000-000000000001', 'message', 'Message', DataTypeIds.String),
  attribute('5a1cda7a-0002-0000-0000-000000000002', 'code', 'Code', DataTypeIds.String),
  attribute('5a1cda7a-0002-0000-0000-000000000003', 'actionId', 'Action id', DataTypeIds.Guid),
  attribute(
    '5a1cda7a-0002-0000-0000-000000000004',
    'actionName',
    'Action name',
    DataTypeIds.String,
  ),
  attribute('5a1cda7a-0002-0000-0000-000000000005', 'templateId', 'Template id', DataTypeIds.Guid),
  attribute('5a1cda7a-0002-0000-0000-000000000006', 'details', 'Details', DataTypeIds.Json),
]);

/** Filled at run time for variables of this type (§3.3). */
export const SYSTEM_MODEL = model(DataTypeIds.System, 'SystemDataModel', 'System variable model', [
  attribute('5a1cda7a-0003-0000-0000-000000000001', 'processId', 'Process id', DataTypeIds.Guid),
  attribute('5a1cda7a-0003-0000-0000-000000000002', 'instanceId', 'Instance id', DataTypeIds.Guid),
  attribute(
    '5a1cda7a-0003-0000-0000-000000000003',
    'processName',
    'Process name',
    DataTypeIds.String,
  ),
  attribute(
    '5a1cda7a-0003-0000-0000-000000000004',
    'workspaceId',
    'Workspace id',
    DataTypeIds.Guid,
  ),
]);

/**
 * The built-in models in PROCESIO's catalogue order, with PROCESIO's names and display names.
 * The last four have no attributes yet: §6.2 gives them their attributes together with the
 * actions that produce them, and attribute ids, once served, can never change. Until then their
 * values are objects whose keys are all kept verbatim.
 */
export const BUILTIN_MODELS: readonly DataModelDefinition[] = Object.freeze([
  FILE_MODEL,
  ERROR_MODEL,
  SYSTEM_MODEL,
  model(
    DataTypeIds.InboundEmailInformation,
    'inboundEmailInformation',
    'InboundEmailInformation',
    [],
  ),
  model(DataTypeIds.Correlation, 'correlation', 'Correlation', []),
  model(DataTypeIds.FileContent, 'FileContent', 'FileContent', []),
  model(DataTypeIds.SftpFilesInformation, 'FTPFilesInformations', 'SFTPFilesInformation', []),
]);

const BUILTIN_BY_ID = new Map(BUILTIN_MODELS.map((m) => [m.id.toLowerCase(), m]));

/** Whether the id names a built-in data model (these are read-only, §6.1). */
export function isBuiltinModel(dataTypeId: string): boolean {
  return BUILTIN_BY_ID.has(dataTypeId.toLowerCase());
}

/**
 * A resolver over the built-in models plus `custom` (read once, when called). Ids match in any
 * case. A custom model can never shadow a built-in one: on an id clash the built-in wins.
 */
export function builtinResolver(custom: Iterable<DataModelDefinition> = []): DataTypeResolver {
  const byId = new Map<string, DataModelDefinition>();
  for (const definition of custom) byId.set(definition.id.toLowerCase(), definition);
  for (const [id, definition] of BUILTIN_BY_ID) byId.set(id, definition);
  return { model: (id) => byId.get(id.toLowerCase()) };
}
