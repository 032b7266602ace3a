// Owns the stored form of a flow document (API.md §3.2): what of a client's DTO is kept, the
// checks a save makes beyond the schema, the sub-process targets a flow names, and the copy made
// by duplicate with every id renewed.
import { newId } from '../domain/ids.js';
import {
  Action,
  CONTROL_SETTING_IDS,
  CONTROL_TEMPLATE_IDS,
  DataRetention,
  StructuredSettingTypes,
  Variable,
  WebhookBinding,
  type FlowRequestDto,
  type TemplateCatalog,
} from '../flow/index.js';
import type { FlowDocument } from '../ports/process.store.js';

export interface DocumentProblem {
  target: string;
  value: string;
}

/** Free-form data nests at most this deep; deeper documents are refused before they are walked. */
export const MAX_DOCUMENT_DEPTH = 64;
/** Seconds; the largest value both databases store as an integer. */
export const MAX_TIMEOUT = 2_147_483_647;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

interface Schema {
  type?: string | string[];
  pattern?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value reduced to what the schema names: unknown DTO properties are dropped, GUID fields
 * lower-cased, free-form values (no properties in the schema) kept verbatim.
 */
function pick(schema: Schema, value: unknown): unknown {
  if (schema.anyOf) {
    const variant = schema.anyOf.find((s) =>
      Array.isArray(value) ? s.items : isRecord(value) ? s.properties : s.type === typeof value,
    );
    return variant ? pick(variant, value) : value;
  }
  if (schema.properties && isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(schema.properties))
      if (value[name] !== undefined) out[name] = pick(child, value[name]);
    return out;
  }
  if (schema.items && Array.isArray(value)) return value.map((item) => pick(schema.items!, item));
  if (schema.pattern && typeof value === 'string' && GUID.test(value)) return value.toLowerCase();
  return value;
}

function pickAll<T>(schema: unknown, values: readonly unknown[] | null | undefined): T[] {
  return (values ?? []).map((value) => pick(schema as Schema, value) as T);
}

/**
 * The document stored for a DTO: its own fields with defaults filled in, `id` the process id;
 * server fields (`isValid`, `status`, `version`, audit) and `active`, which the process keeps
 * outside its versions, are left out.
 */
export function toFlowDocument(dto: FlowRequestDto, id: string): FlowDocument {
  // Instance-only fields of an action mean nothing in a definition.
  const actions = pickAll<Record<string, unknown>>(Action, dto.actions).map(
    ({ status: _status, errorMessage: _errorMessage, ...rest }) => rest,
  );
  return {
    id,
    parentId: dto.parentId?.toLowerCase() ?? null,
    title: dto.title,
    description: dto.description ?? null,
    timeout: dto.timeout ?? 0,
    debugMode: dto.debugMode ?? false,
    isNotification: dto.isNotification ?? false,
    variables: pickAll(Variable, dto.variables),
    actions: actions as unknown as FlowDocument['actions'],
    webhooks: pickAll(WebhookBinding, dto.webhooks),
    customResponse: dto.customResponse ?? null,
    dataRetention: dto.dataRetention
      ? (pick(DataRetention as Schema, dto.dataRetention) as FlowDocument['dataRetention'])
      : null,
    canvasData: dto.canvasData ?? null,
  };
}

/**
 * Where the value cannot be stored the same on both databases: nested deeper than
 * MAX_DOCUMENT_DEPTH, or text with a NUL or an unpaired surrogate (PostgreSQL refuses both).
 */
export function unstorable(value: unknown, path = 'body', depth = 0): DocumentProblem | null {
  if (depth > MAX_DOCUMENT_DEPTH)
    return { target: path, value: `The value nests deeper than ${MAX_DOCUMENT_DEPTH} levels.` };
  if (typeof value === 'string')
    return unstorableText(value)
      ? { target: path, value: 'Text may not contain NUL or unpaired surrogate characters.' }
      : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unstorable(item, `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      const at = path === 'body' ? key : `${path}.${key}`;
      if (unstorableText(key))
        return { target: at, value: 'Names may not contain NUL or unpaired surrogate characters.' };
      const found = unstorable(item, at, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

function unstorableText(text: string): boolean {
  // With the u flag a surrogate class only matches a surrogate that is not part of a pair.
  return text.includes('\u0000') || /[\uD800-\uDFFF]/u.test(text);
}

/**
 * What makes a DTO unfit to save though its schema passed (API.md §3.1 "malformed DTOs"): a
 * blank title, a timeout out of range, ids repeated among variables, actions or ports.
 */
export function malformed(dto: FlowRequestDto): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  if (dto.title.trim() === '') problems.push({ target: 'title', value: 'The title is empty.' });
  if (dto.timeout !== undefined && dto.timeout !== null && dto.timeout > MAX_TIMEOUT)
    problems.push({ target: 'timeout', value: `The timeout is above ${MAX_TIMEOUT} seconds.` });
  const unique = (seen: Set<string>, id: string, target: string) => {
    const key = id.toLowerCase();
    if (seen.has(key)) problems.push({ target, value: `The id ${key} is used more than once.` });
    seen.add(key);
  };
  const variableIds = new Set<string>();
  (dto.variables ?? []).forEach((v, i) => unique(variableIds, v.id, `variables[${i}].id`));
  const actionIds = new Set<string>();
  const portIds = new Set<string>();
  (dto.actions ?? []).forEach((action, i) => {
    unique(actionIds, action.id, `actions[${i}].id`);
    (action.ports ?? []).forEach((port, j) =>
      unique(portIds, port.id, `actions[${i}].ports[${j}].id`),
    );
  });
  return problems;
}

/**
 * The processes a flow calls: the literal targets of its Call and Trigger Subprocess actions
 * (disabled ones included: enabling them must not find the target gone). A target chosen at run
 * time by a placeholder names no process here.
 */
export function subprocessTargets(document: FlowRequestDto, catalog: TemplateCatalog): string[] {
  const targets = new Set<string>();
  for (const action of document.actions ?? []) {
    const templateId = action.templateId.toLowerCase();
    const settingId =
      templateId === CONTROL_TEMPLATE_IDS.CallSubprocess
        ? CONTROL_SETTING_IDS.CallSubprocess.Process
        : templateId === CONTROL_TEMPLATE_IDS.TriggerSubprocess
          ? CONTROL_SETTING_IDS.TriggerSubprocess.Process
          : null;
    if (!settingId) continue;
    const flowList = new Set(
      (catalog.get(templateId)?.settings ?? [])
        .filter((s) => s.type === StructuredSettingTypes.FlowList)
        .map((s) => s.id.toLowerCase()),
    );
    const parameter =
      (action.parameters ?? []).find((p) => p.tabPropertyId.toLowerCase() === settingId) ??
      (action.parameters ?? []).find((p) => flowList.has(p.tabPropertyId.toLowerCase()));
    const value = parameter?.value;
    if (typeof value === 'string' && GUID.test(value.trim()))
      targets.add(value.trim().toLowerCase());
  }
  return [...targets];
}

/** Every string equal (in any case) to a key of `ids` becomes its value, at any depth. */
function renew(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return ids.get(value.toLowerCase()) ?? value;
  if (Array.isArray(value)) return value.map((item) => renew(item, ids));
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renew(v, ids)]));
  return value;
}

/**
 * The copy duplicate stores: new ids for the process, its variables, actions and ports. Inside
 * the actions (edges, parents, error variables, parameter bindings, Decisional targets, designer
 * data) and the custom response, every string equal to one of the old ids becomes the new one;
 * variable default values are user data and stay verbatim. Webhook bindings are not copied.
 */
export function copyDocument(document: FlowDocument, title: string): FlowDocument {
  const id = newId();
  const ids = new Map<string, string>([[document.id.toLowerCase(), id]]);
  for (const variable of document.variables ?? []) ids.set(variable.id.toLowerCase(), newId());
  for (const action of document.actions ?? []) {
    ids.set(action.id.toLowerCase(), newId());
    for (const port of action.ports ?? []) ids.set(port.id.toLowerCase(), newId());
  }
  ids.delete(EMPTY_GUID);
  return {
    ...document,
    id,
    title,
    variables: (document.variables ?? []).map((v) => ({ ...v, id: ids.get(v.id.toLowerCase())! })),
    actions: renew(document.actions ?? [], ids) as FlowDocument['actions'],
    webhooks: [],
    customResponse: renew(document.customResponse ?? null, ids),
  };
}

/** "<title> (copy)", the original title shortened so the copy's stays within 256 characters. */
export function copyTitle(title: string): string {
  const suffix = ' (copy)';
  const characters = Array.from(title);
  return `${characters.slice(0, 256 - suffix.length).join('')}${suffix}`;
}
