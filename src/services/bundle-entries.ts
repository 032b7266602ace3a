// Owns the entities of a `.procesio` bundle (API.md §13.2) as Sluice reads and writes them: data
// models (the current form and the 2023 form with a stringified `Data` field), credentials,
// webhooks and flows, each read into a plain entry or answered as problems with their place.
import type * as TypeboxValue from '@sinclair/typebox/value';
import type { ValueError } from '@sinclair/typebox/value';
import { requireOnce } from '../connectors/load-once.js';
import { isBuiltinModel, isPrimitive } from '../domain/data-types/index.js';
import { newId, normalizeGuid } from '../domain/ids.js';
import { FlowRequest, type FlowRequestDto } from '../flow/flow.schema.js';
import type { DataModelContent, StoredDataModel } from '../ports/data-type.store.js';
import type { WebhookContent, WebhookRecord } from '../ports/webhook.store.js';
import { isRecord, prop, toPascalKeys, toSchemaKeys } from './bundle-format.js';
import { malformed, unstorable } from './process-document.js';

/** Checks imported flows against the save schema; loaded with the first import. */
const typeboxValue = requireOnce<typeof TypeboxValue>('@sinclair/typebox/value');

export interface Problem {
  target: string;
  value: string;
}

export interface Skipped {
  type: string;
  id: string | null;
  reason: string;
}

export interface DataTypeEntry {
  id: string;
  content: DataModelContent;
}

export interface CredentialEntry {
  id: string;
  templateId: string;
  name: string;
  description: string | null;
  properties: { id: string; value: unknown }[];
}

export interface WebhookEntry {
  id: string;
  content: WebhookContent;
}

export interface FlowEntry {
  id: string;
  dto: FlowRequestDto;
}

/** At most this many schema problems are reported per flow; the rest repeat the same fault. */
const MAX_FLOW_PROBLEMS = 10;

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** An entry with its content in a stringified `Data` field (older bundles) read as one object. */
export function unwrapData(entry: unknown): unknown {
  const data = prop(entry, 'Data');
  if (typeof data !== 'string' || !isRecord(entry)) return entry;
  try {
    const parsed: unknown = JSON.parse(data);
    if (!isRecord(parsed)) return entry;
    const rest = Object.fromEntries(
      Object.entries(entry).filter(([k]) => k.toLowerCase() !== 'data'),
    );
    return { ...rest, ...parsed };
  } catch {
    return entry;
  }
}

function idOf(entry: unknown, names: string[]): string | null {
  for (const name of names) {
    const value = prop(entry, name);
    if (typeof value === 'string') return normalizeGuid(value);
  }
  return null;
}

/** A data model entry; built-in types come back as `builtin` (nothing to import). */
export function readDataType(
  raw: unknown,
  at: string,
  problems: Problem[],
): DataTypeEntry | 'builtin' | null {
  const entry = unwrapData(raw);
  if (!isRecord(entry)) {
    problems.push({ target: at, value: 'A data type must be an object.' });
    return null;
  }
  const id = idOf(entry, ['Id', 'Gid']);
  if (!id) {
    problems.push({ target: `${at}.Id`, value: 'A data type needs an id (a GUID).' });
    return null;
  }
  if (isPrimitive(id) || isBuiltinModel(id) || prop(entry, 'IsProcesio') === true) return 'builtin';
  const name = text(prop(entry, 'Name'));
  if (name === null) problems.push({ target: `${at}.Name`, value: 'A data type needs a name.' });
  const rawAttributes = prop(entry, 'Attributes') ?? prop(entry, 'DataPropertyList') ?? [];
  if (!Array.isArray(rawAttributes)) {
    problems.push({ target: `${at}.Attributes`, value: 'Attributes must be a list.' });
    return null;
  }
  const attributes: DataModelContent['attributes'] = [];
  rawAttributes.forEach((attribute, i) => {
    const where = `${at}.Attributes[${i}]`;
    // The 2023 form may list the attributes of nested models with their owner's id.
    const owner = idOf(attribute, ['ParentDataTypeGid', 'ParentDataTypeId']);
    if (owner && owner !== id) return;
    const attributeId = idOf(attribute, ['Id', 'Gid']);
    const attributeName = text(prop(attribute, 'Name'));
    const dataTypeId = idOf(attribute, ['DataTypeId', 'DataTypeGid']);
    if (!attributeId || attributeName === null || !dataTypeId) {
      problems.push({
        target: where,
        value: 'An attribute needs an id, a name and a data type id (GUIDs).',
      });
      return;
    }
    attributes.push({
      id: attributeId,
      name: attributeName,
      displayName: text(prop(attribute, 'DisplayName')) || attributeName,
      dataTypeId,
      isList: bool(prop(attribute, 'IsList'), false),
      jsonProperty:
        text(prop(attribute, 'JsonProperty')) ??
        text(prop(attribute, 'JsonPropertyName')) ??
        attributeName,
    });
  });
  if (name === null) return null;
  return {
    id,
    content: {
      name,
      displayName: text(prop(entry, 'DisplayName')) || name,
      isPublic: bool(prop(entry, 'IsPublic'), false),
      attributes,
    },
  };
}

export function writeDataType(model: StoredDataModel): Record<string, unknown> {
  return {
    Id: model.id,
    Name: model.name,
    DisplayName: model.displayName,
    IsPublic: model.isPublic,
    IsDataModel: true,
    Type: model.type,
    Attributes: model.attributes.map((a) => ({
      Id: a.id,
      Name: a.name,
      DisplayName: a.displayName,
      DataTypeId: a.dataTypeId,
      IsList: a.isList,
      JsonProperty: a.jsonProperty,
    })),
  };
}

export function readCredential(
  raw: unknown,
  at: string,
  problems: Problem[],
): CredentialEntry | null {
  const entry = unwrapData(raw);
  if (!isRecord(entry)) {
    problems.push({ target: at, value: 'A credential must be an object.' });
    return null;
  }
  const id = idOf(entry, ['gid', 'Id']);
  const templateId = idOf(entry, ['gtid', 'TemplateId']);
  const name = text(prop(entry, 'name'))?.trim() ?? '';
  if (!id) problems.push({ target: `${at}.gid`, value: 'A credential needs a gid (a GUID).' });
  if (!templateId)
    problems.push({ target: `${at}.gtid`, value: 'A credential needs a template id (gtid).' });
  if (name === '') problems.push({ target: `${at}.name`, value: 'A credential needs a name.' });
  const rawProperties = prop(entry, 'properties') ?? [];
  if (!Array.isArray(rawProperties)) {
    problems.push({ target: `${at}.properties`, value: 'properties must be a list.' });
    return null;
  }
  const properties: CredentialEntry['properties'] = [];
  rawProperties.forEach((property, i) => {
    const propertyId = idOf(property, ['id']);
    if (!propertyId) {
      problems.push({ target: `${at}.properties[${i}].id`, value: 'A property id is a GUID.' });
      return;
    }
    properties.push({ id: propertyId, value: prop(property, 'value') ?? null });
  });
  if (!id || !templateId || name === '') return null;
  return {
    id,
    templateId,
    name,
    description: text(prop(entry, 'description')),
    properties,
  };
}

export function readWebhook(raw: unknown, at: string, problems: Problem[]): WebhookEntry | null {
  const entry = unwrapData(raw);
  if (!isRecord(entry)) {
    problems.push({ target: at, value: 'A webhook must be an object.' });
    return null;
  }
  const id = idOf(entry, ['Id', 'Gid']);
  const name = text(prop(entry, 'Name'))?.trim() ?? '';
  if (!id) problems.push({ target: `${at}.Id`, value: 'A webhook needs an id (a GUID).' });
  if (name === '') problems.push({ target: `${at}.Name`, value: 'A webhook needs a name.' });
  const response = prop(entry, 'CustomResponseConfig');
  const dedupe = prop(entry, 'Dedupe');
  const rawModel = prop(entry, 'DataModelId');
  const dataModelId =
    typeof rawModel === 'string' && rawModel !== '' ? normalizeGuid(rawModel) : null;
  if (typeof rawModel === 'string' && rawModel !== '' && !dataModelId)
    problems.push({ target: `${at}.DataModelId`, value: 'DataModelId must be a GUID.' });
  if (!id || name === '') return null;
  return {
    id,
    content: {
      name,
      payloadIsList: bool(prop(entry, 'PayloadIsList'), false),
      hasHeader: bool(prop(entry, 'HasHeader'), false),
      hasQuery: bool(prop(entry, 'HasQuery'), false),
      dataModelId,
      type: typeof prop(entry, 'Type') === 'number' ? (prop(entry, 'Type') as number) : 0,
      definition: prop(entry, 'Definition') ?? null,
      isEdited: bool(prop(entry, 'IsEdited'), false),
      dataModel: prop(entry, 'DataModel') ?? null,
      customResponseConfig: isRecord(response)
        ? {
            configType: Number(prop(response, 'ConfigType') ?? 0),
            config: prop(response, 'Config') ?? null,
          }
        : null,
      dedupe:
        isRecord(dedupe) &&
        (prop(dedupe, 'Source') === 1 || prop(dedupe, 'Source') === 2) &&
        typeof prop(dedupe, 'Path') === 'string' &&
        Number.isInteger(prop(dedupe, 'WindowSeconds'))
          ? {
              source: prop(dedupe, 'Source') as 1 | 2,
              path: prop(dedupe, 'Path') as string,
              windowSeconds: prop(dedupe, 'WindowSeconds') as number,
            }
          : null,
    },
  };
}

export function writeWebhook(webhook: WebhookRecord): Record<string, unknown> {
  const response = webhook.customResponseConfig;
  return {
    Id: webhook.id,
    Name: webhook.name,
    PayloadIsList: webhook.payloadIsList,
    HasHeader: webhook.hasHeader,
    HasQuery: webhook.hasQuery,
    DataModelId: webhook.dataModelId,
    Type: webhook.type,
    Definition: webhook.definition,
    IsEdited: webhook.isEdited,
    DataModel: webhook.dataModel,
    CustomResponseConfig: response
      ? { ConfigType: response.configType, Config: response.config }
      : null,
    Dedupe: webhook.dedupe
      ? {
          Source: webhook.dedupe.source,
          Path: webhook.dedupe.path,
          WindowSeconds: webhook.dedupe.windowSeconds,
        }
      : null,
  };
}

/** `/variables/0/id` → `variables[0].id`. */
function dotted(pointer: string): string {
  return pointer
    .replace(/^\//, '')
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.');
}

/**
 * Where a flow breaks the flow schema. A union (a nullable list, say) reports the branch that got
 * furthest, so the fault names the field inside rather than the union.
 */
function schemaFaults(dto: unknown): { path: string; message: string }[] {
  const faults: { path: string; message: string }[] = [];
  const visit = (errors: Iterable<ValueError>) => {
    for (const error of errors) {
      const branches = (error.errors ?? []).map((branch) => [...branch]);
      const deepest = branches
        .filter((b) => b.length > 0 && !b.every((e) => e.path === error.path))
        .sort((a, b) => b[0]!.path.length - a[0]!.path.length)[0];
      if (deepest) visit(deepest);
      else
        faults.push({
          path: dotted(error.path),
          message: error.schema.pattern ? 'must be a GUID' : error.message,
        });
    }
  };
  visit(typeboxValue().Value.Errors(FlowRequest, dto));
  return faults;
}

/** A flow document in any key case, checked as a save would check it. */
export function readFlow(raw: unknown, at: string, problems: Problem[]): FlowEntry | null {
  const entry = unwrapData(raw);
  if (!isRecord(entry)) {
    problems.push({ target: at, value: 'A flow must be an object.' });
    return null;
  }
  const dto = toSchemaKeys(FlowRequest, entry) as Record<string, unknown>;
  if (typeof dto.id === 'string' && normalizeGuid(dto.id)) dto.id = normalizeGuid(dto.id);
  else if (dto.id === undefined || dto.id === null) dto.id = newId();
  const faults = schemaFaults(dto).slice(0, MAX_FLOW_PROBLEMS);
  for (const fault of faults)
    problems.push({ target: fault.path ? `${at}.${fault.path}` : at, value: fault.message });
  if (faults.length > 0) return null;
  const flow = dto as unknown as FlowRequestDto;
  const unfit = unstorable(flow);
  if (unfit) {
    problems.push({ target: `${at}.${unfit.target}`, value: unfit.value });
    return null;
  }
  const broken = malformed(flow);
  if (broken.length > 0) {
    for (const p of broken) problems.push({ target: `${at}.${p.target}`, value: p.value });
    return null;
  }
  return { id: flow.id!, dto: flow };
}

/** A flow document in the bundle's spelling, with the processes of the bundle that call it. */
export function writeFlow(
  document: FlowRequestDto,
  active: boolean,
  usedIn: { id: string; title: string }[],
): Record<string, unknown> {
  return {
    ...(toPascalKeys(FlowRequest, { ...document, active }) as Record<string, unknown>),
    UsedInFlows: usedIn.map((p) => ({ Id: p.id, Title: p.title })),
  };
}
