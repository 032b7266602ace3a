// Owns webhooks (API.md §5): their definitions within a workspace, and the inbound calls that
// start one instance per bound, runnable process — with the call's body, headers and query mapped
// onto input variables, binding filters, Sluice's dedupe rule and the answer modes.
import { createHash } from 'node:crypto';
import type * as JsonPathPlus from 'jsonpath-plus';
import { requireOnce } from '../connectors/load-once.js';
import { roleAllows, type Permission } from '../domain/identity.js';
import { newId, normalizeGuid } from '../domain/ids.js';
import type { DataTypeResolver } from '../domain/data-types/types.js';
import { SluiceError, invalidInput } from '../errors/catalogue.js';
import type { FileValue } from '../files/file-value.js';
import type { FlowRequestDto, WebhookBindingDto } from '../flow/flow.schema.js';
import { BlobTooLargeError, type BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { InstanceStore } from '../ports/instance.store.js';
import type {
  BindingCandidate,
  CustomResponseConfig,
  DedupeRule,
  WebhookChange,
  WebhookContent,
  WebhookRecord,
  WebhookStore,
} from '../ports/webhook.store.js';
import type { TickTask } from '../scheduler/ticker.js';
import { flowFilePath, type IncomingFile } from './file.service.js';
import type { InstanceService } from './instance.service.js';
import type { Caller, ProcessReference } from './process.service.js';
import { passesFilter } from './webhook-filter.js';

/** Loaded with the first JSONPath query. */
const jsonPath = requireOnce<typeof JsonPathPlus>('jsonpath-plus');

/** `variableType` of a binding's variables (API.md §5.3). */
export const WebhookPart = { Header: 1, Query: 2, Body: 3 } as const;
/** `customResponseConfig.configType` (API.md §5.1). */
export const ResponseConfigType = { StaticJson: 1, Javascript: 2, JsonPath: 3 } as const;
/** `dedupe.source` (API.md §5.1, Sluice addition). */
export const DedupeSource = { Header: 1, Body: 2 } as const;

const MAX_NAME = 32;
const MAX_DEDUPE_PATH = 512;
/** Thirty days: longer windows would keep delivery rows for little benefit. */
const MAX_DEDUPE_WINDOW = 30 * 24 * 3600;
const PRUNE_EVERY_MS = 60_000;

export interface WebhookInput {
  id?: string | null;
  name?: string | null;
  payloadIsList?: boolean | null;
  hasHeader?: boolean | null;
  hasQuery?: boolean | null;
  dataModelId?: string | null;
  type?: number | null;
  definition?: unknown;
  isEdited?: boolean | null;
  dataModel?: unknown;
  customResponseConfig?: { configType?: number | null; config?: unknown } | null;
  dedupe?: { source?: number | null; path?: string | null; windowSeconds?: number | null } | null;
}

/** `WebhookDto` in answers. */
export interface WebhookView {
  id: string;
  name: string;
  payloadIsList: boolean;
  hasHeader: boolean;
  hasQuery: boolean;
  dataModelId: string | null;
  type: number;
  definition: unknown;
  isEdited: boolean;
  dataModel: unknown;
  customResponseConfig: CustomResponseConfig | null;
  dedupe: DedupeRule | null;
  workspaceId: string;
  createdBy: string | null;
  createdById: string | null;
  createdOn: string;
  updatedBy: string | null;
  updatedById: string | null;
  updatedOn: string;
}

/** A file part of an inbound call, stored until the instances that receive it have their copy. */
export interface StagedFile {
  key: string;
  value: FileValue;
}

/** An inbound call as the transport read it (API.md §5.2). */
export interface WebhookCall {
  body: unknown;
  /** Lower-case header names. */
  headers: Record<string, string>;
  query: Record<string, unknown>;
  /** The `respondOk` query: true, false, or null when absent. */
  respondOk: boolean | null;
  files: StagedFile[];
}

export type WebhookAnswer =
  { kind: 'empty' } | { kind: 'page'; html: string } | { kind: 'json'; value: unknown };

export interface WebhookServiceDeps {
  store: WebhookStore;
  instances: Pick<InstanceService, 'run' | 'publish' | 'launch'>;
  instanceStore: Pick<InstanceStore, 'updateVariables'>;
  blobs: BlobStore;
  fileLimitBytes: number;
  /** The data types a workspace's flows see (binding filters, data model checks). */
  dataTypes: (workspaceId: string) => Promise<DataTypeResolver>;
  clock: Clock;
  log: (message: string, fields: Record<string, unknown>) => void;
}

const notFound = () => new SluiceError('NOT_FOUND', 'webhook');

const REQUEST_SENT_PAGE =
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Request sent</title></head>' +
  '<body><p>Request sent</p></body></html>';

function view(record: WebhookRecord): WebhookView {
  return {
    id: record.id,
    name: record.name,
    payloadIsList: record.payloadIsList,
    hasHeader: record.hasHeader,
    hasQuery: record.hasQuery,
    dataModelId: record.dataModelId,
    type: record.type,
    definition: record.definition,
    isEdited: record.isEdited,
    dataModel: record.dataModel,
    customResponseConfig: record.customResponseConfig,
    dedupe: record.dedupe,
    workspaceId: record.workspaceId,
    createdBy: record.createdBy,
    createdById: record.createdById,
    createdOn: record.createdOn.toISOString(),
    updatedBy: record.updatedBy,
    updatedById: record.updatedById,
    updatedOn: record.updatedOn.toISOString(),
  };
}

/** A binding of the webhook in a process's flow, read from the stored document. */
interface Binding {
  process: BindingCandidate;
  document: FlowRequestDto;
  /** Variable id → the part of the call it receives. */
  targets: Map<string, number>;
  filterRules: unknown;
}

function bindingsIn(candidate: BindingCandidate, webhookId: string): Binding[] {
  const document = candidate.document as FlowRequestDto;
  const found: Binding[] = [];
  for (const binding of (document.webhooks ?? []) as WebhookBindingDto[]) {
    if (binding.webhookId?.toLowerCase() !== webhookId || binding.isObsoleted === true) continue;
    const targets = new Map<string, number>();
    for (const v of binding.webhookVariables ?? [])
      targets.set(v.variableId.toLowerCase(), v.variableType);
    // 2023 bundles name a single variable, which receives the body.
    if (binding.variableId && targets.size === 0)
      targets.set(binding.variableId.toLowerCase(), WebhookPart.Body);
    found.push({ process: candidate, document, targets, filterRules: binding.filterRules });
  }
  return found;
}

/** Every value JSONPath `path` matches in `json` (the safe evaluator: no script). */
function jsonPathValues(json: unknown, path: string): unknown[] {
  const matches: unknown = jsonPath().JSONPath({
    path,
    json: json as object,
    wrap: true,
    eval: 'safe',
  });
  return Array.isArray(matches) ? matches : [];
}

function isJsonPath(path: string): boolean {
  try {
    jsonPathValues({}, path);
    return true;
  } catch {
    return false;
  }
}

/** File values of a call, wherever they sit in a value, with the staged key they name. */
function replaceFiles(value: unknown, swap: (file: FileValue) => FileValue | null): unknown {
  if (Array.isArray(value)) return value.map((item) => replaceFiles(item, swap));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof record.path === 'string' && typeof record.id === 'string') {
    const replaced = swap(record as unknown as FileValue);
    if (replaced) return { ...record, ...replaced };
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, replaceFiles(v, swap)]));
}

export class WebhookService {
  private lastPrune = 0;

  constructor(private readonly deps: WebhookServiceDeps) {}

  // --- definitions ---------------------------------------------------------------------------

  async list(
    caller: Caller,
    query: { search: string | null; offset: number; limit: number | null },
  ): Promise<{ total: number; items: WebhookView[] }> {
    this.require(caller, 'read');
    const { total, items } = await this.deps.store.list(this.workspaceOf(caller), query);
    return { total, items: items.map(view) };
  }

  async get(caller: Caller, rawId: string): Promise<WebhookView> {
    this.require(caller, 'read');
    return view(await this.load(caller, rawId));
  }

  /** Creates a webhook; a client-chosen `id` is kept when no workspace has it yet. */
  async create(caller: Caller, input: WebhookInput): Promise<WebhookView> {
    this.require(caller, 'create');
    const workspaceId = this.workspaceOf(caller);
    let id = newId();
    if (input.id) {
      const given = normalizeGuid(input.id);
      if (!given) throw invalidInput([{ target: 'id', value: 'id must be a GUID.' }]);
      id = given;
    }
    const content = await this.content(workspaceId, input, null);
    const outcome = await this.deps.store.create(workspaceId, id, content, this.change(caller));
    if (outcome === 'id-taken')
      throw invalidInput([{ target: 'id', value: 'A webhook with this id already exists.' }]);
    if (outcome === 'name-taken') throw nameTaken(content.name);
    return this.get(caller, id);
  }

  /** Replaces a webhook; fields left out of the body keep their stored values. */
  async update(caller: Caller, input: WebhookInput): Promise<WebhookView> {
    this.require(caller, 'update');
    if (!input.id) throw invalidInput([{ target: 'id', value: 'The webhook id is required.' }]);
    const current = await this.load(caller, input.id);
    const content = await this.content(current.workspaceId, input, current);
    const outcome = await this.deps.store.update(
      current.workspaceId,
      current.id,
      content,
      this.change(caller),
    );
    if (outcome === 'missing') throw notFound();
    if (outcome === 'name-taken') throw nameTaken(content.name);
    return this.get(caller, current.id);
  }

  /** Refused while the flow of a process of the workspace binds the webhook. */
  async delete(caller: Caller, rawId: string): Promise<{ id: string }> {
    this.require(caller, 'delete');
    const webhook = await this.load(caller, rawId);
    const users = await this.usersOf(webhook);
    if (users.length > 0) {
      const names = users.map((p) => `"${p.title}" (${p.id})`).join(', ');
      throw new SluiceError('WEBHOOK_IN_USE', 'usedIn', {
        value: `The webhook is bound to ${names}.`,
      });
    }
    if (!(await this.deps.store.delete(webhook.workspaceId, webhook.id))) throw notFound();
    return { id: webhook.id };
  }

  /** The processes of the workspace whose flow binds the webhook. */
  async usedBy(caller: Caller, rawId: string): Promise<ProcessReference[]> {
    this.require(caller, 'read');
    return this.usersOf(await this.load(caller, rawId));
  }

  /** The webhook's payload data model: the stored model it names, else the designer's copy. */
  async dataModelOf(
    caller: Caller,
    rawId: string,
    stored: (dataModelId: string) => Promise<unknown>,
  ): Promise<unknown> {
    this.require(caller, 'read');
    const webhook = await this.load(caller, rawId);
    if (webhook.dataModelId) {
      try {
        return await stored(webhook.dataModelId);
      } catch (error) {
        if (!(error instanceof SluiceError) || error.http !== 404) throw error;
      }
    }
    if (webhook.dataModel !== null && webhook.dataModel !== undefined) return webhook.dataModel;
    throw new SluiceError('NOT_FOUND', 'dataModel');
  }

  private async usersOf(webhook: WebhookRecord): Promise<ProcessReference[]> {
    const candidates = await this.deps.store.bindingCandidates(webhook.workspaceId, webhook.id);
    return candidates
      .filter((c) => bindingsIn(c, webhook.id).length > 0)
      .map(({ id, title, workspaceId }) => ({ id, title, workspaceId }));
  }

  /** What a create (no `current`) or an update stores; every problem is answered at once. */
  private async content(
    workspaceId: string,
    input: WebhookInput,
    current: WebhookRecord | null,
  ): Promise<WebhookContent> {
    const problems: { target: string; value: string }[] = [];
    const name = (input.name ?? current?.name ?? '').trim();
    if (name === '' || [...name].length > MAX_NAME)
      problems.push({ target: 'name', value: `The name must be 1 to ${MAX_NAME} characters.` });
    const type = input.type ?? current?.type ?? 0;
    if (type !== 0 && type !== 1)
      problems.push({ target: 'type', value: 'type must be 0 (AUTO) or 1 (MANUAL).' });
    let dataModelId = input.dataModelId === undefined ? (current?.dataModelId ?? null) : null;
    if (input.dataModelId) {
      dataModelId = normalizeGuid(input.dataModelId);
      if (!dataModelId)
        problems.push({ target: 'dataModelId', value: 'dataModelId must be a GUID.' });
      else if (!(await this.deps.dataTypes(workspaceId)).model(dataModelId))
        problems.push({
          target: 'dataModelId',
          value: `The data model ${dataModelId} does not exist in this workspace.`,
        });
    }
    const customResponseConfig =
      input.customResponseConfig === undefined
        ? (current?.customResponseConfig ?? null)
        : checkResponseConfig(input.customResponseConfig, problems);
    const dedupe =
      input.dedupe === undefined ? (current?.dedupe ?? null) : checkDedupe(input.dedupe, problems);
    if (problems.length > 0) throw invalidInput(problems);
    const kept = <T>(given: T | null | undefined, stored: T | undefined, fallback: T): T =>
      given ?? stored ?? fallback;
    return {
      name,
      payloadIsList: kept(input.payloadIsList, current?.payloadIsList, false),
      hasHeader: kept(input.hasHeader, current?.hasHeader, false),
      hasQuery: kept(input.hasQuery, current?.hasQuery, false),
      dataModelId,
      type,
      definition: input.definition === undefined ? (current?.definition ?? null) : input.definition,
      isEdited: kept(input.isEdited, current?.isEdited, false),
      dataModel: input.dataModel === undefined ? (current?.dataModel ?? null) : input.dataModel,
      customResponseConfig,
      dedupe,
    };
  }

  // --- inbound calls -------------------------------------------------------------------------

  /** The webhook a call names, in any workspace (the route is anonymous); 404 when unknown. */
  async find(rawId: string): Promise<WebhookRecord> {
    const id = normalizeGuid(rawId);
    const webhook = id ? await this.deps.store.find(id) : null;
    if (!webhook) throw notFound();
    return webhook;
  }

  /**
   * Streams one file part of a call into the blob store, until the instances that receive it
   * get their own copies; the value names the staged bytes. Over the file limit → 413.
   */
  async stageFile(webhook: WebhookRecord, file: IncomingFile): Promise<StagedFile> {
    const fileId = newId();
    const key = `webhooks/${webhook.id}/${newId()}/${fileId}`;
    let stored;
    try {
      stored = await this.deps.blobs.put(key, file.content, {
        maxBytes: this.deps.fileLimitBytes,
      });
    } catch (error) {
      if (error instanceof BlobTooLargeError) throw tooLarge(this.deps.fileLimitBytes);
      throw error;
    }
    return {
      key,
      value: {
        name: file.filename,
        id: fileId,
        path: key,
        size: stored.size,
        mimeType: file.mimeType,
        hash: stored.sha256,
      },
    };
  }

  /** Removes staged files; a call that ends in any way leaves none behind. */
  async discard(files: readonly StagedFile[]): Promise<void> {
    for (const file of files) await this.deps.blobs.delete(file.key).catch(() => false);
  }

  /**
   * Starts one instance per bound, runnable process whose filter passes (API.md §5.2), unless the
   * dedupe rule has seen the call's key within its window. Staged files are discarded at the end.
   */
  async deliver(webhook: WebhookRecord, call: WebhookCall): Promise<WebhookAnswer> {
    try {
      const candidates = await this.deps.store.bindingCandidates(webhook.workspaceId, webhook.id);
      const runnable = candidates
        .flatMap((c) => bindingsIn(c, webhook.id))
        .filter((b) => b.process.active && b.process.isValid);
      if (runnable.length === 0) throw new SluiceError('PROCESS_INACTIVE', 'active');

      const dedupeKey = this.dedupeKey(webhook.dedupe, call);
      if (dedupeKey !== null) {
        const now = this.deps.clock.now();
        const until = new Date(now.getTime() + webhook.dedupe!.windowSeconds * 1000);
        if (!(await this.deps.store.claimDelivery(webhook.id, dedupeKey, now, until)))
          return this.answer(webhook, call, [], true);
      }

      const started: string[] = [];
      const failures: unknown[] = [];
      for (const binding of runnable) {
        try {
          const instanceId = await this.start(webhook, binding, call);
          if (instanceId) started.push(instanceId);
        } catch (error) {
          failures.push(error);
          this.deps.log('webhook call did not start a process', {
            webhookId: webhook.id,
            processId: binding.process.id,
            err: error,
          });
        }
      }
      if (started.length === 0 && failures.length > 0) {
        // Nothing started: the sender may try again once the cause is fixed.
        if (dedupeKey !== null) await this.deps.store.releaseDelivery(webhook.id, dedupeKey);
        throw failures[0];
      }
      return this.answer(webhook, call, started, false);
    } finally {
      await this.discard(call.files);
    }
  }

  /** The periodic task: forgets expired deliveries, at most once a minute. */
  readonly task: TickTask = {
    name: 'webhook-deliveries',
    run: async (now: Date) => {
      if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
      this.lastPrune = now.getTime();
      await this.deps.store.pruneDeliveries(now);
    },
  };

  /** Digest of the call's dedupe value, or null when there is no rule or no value. */
  private dedupeKey(rule: DedupeRule | null, call: WebhookCall): string | null {
    if (!rule) return null;
    let value: unknown;
    if (rule.source === DedupeSource.Header) value = call.headers[rule.path.toLowerCase()];
    else {
      const matches = jsonPathValues(call.body, rule.path);
      value = matches.length === 0 ? undefined : matches.length === 1 ? matches[0] : matches;
    }
    if (value === undefined || value === null || value === '') return null;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return createHash('sha256').update(text).digest('hex');
  }

  /** Starts the binding's process; null when its filter lets the call pass by. */
  private async start(
    webhook: WebhookRecord,
    binding: Binding,
    call: WebhookCall,
  ): Promise<string | null> {
    const part = (kind: number): unknown =>
      kind === WebhookPart.Header
        ? call.headers
        : kind === WebhookPart.Query
          ? call.query
          : call.body;
    const inputs = new Map<string, unknown>();
    for (const [variableId, kind] of binding.targets) inputs.set(variableId, part(kind));
    const types = await this.deps.dataTypes(webhook.workspaceId);
    const verdict = passesFilter(binding.filterRules, inputs, binding.document, types);
    if (!verdict.pass) {
      if (verdict.problems.length > 0)
        this.deps.log('webhook binding filter cannot be read; the process was not started', {
          webhookId: webhook.id,
          processId: binding.process.id,
          problems: verdict.problems,
        });
      return null;
    }
    // The process's creator starts it (API.md §11 counts webhook runs for them).
    const caller = { workspaceId: webhook.workspaceId, userId: binding.process.createdById };
    const payload = [...inputs].map(([id, value]) => ({ id, value }));
    const trigger = { kind: 'webhook' as const, name: webhook.name };
    const bodyTargets = [...binding.targets]
      .filter(([, kind]) => kind === WebhookPart.Body)
      .map(([id]) => id);
    if (call.files.length === 0 || bodyTargets.length === 0)
      return (await this.deps.instances.run(caller, binding.process.id, payload, trigger)).id;

    // File values name the instance that holds them (API.md §4.3), so the instance is published
    // first, given its own copies of the files, then launched.
    const { instance } = await this.deps.instances.publish(
      caller,
      binding.process.id,
      payload,
      trigger,
    );
    const staged = new Map(call.files.map((f) => [f.key, f]));
    const variables = { ...instance.variables };
    for (const variableId of bodyTargets) {
      const copies: Promise<void>[] = [];
      variables[variableId] = replaceFiles(variables[variableId], (file) => {
        const source = staged.get(file.path);
        if (!source) return null;
        const path = flowFilePath(instance.processId, instance.id, variableId, file.id);
        copies.push(this.copy(source.key, path));
        return { ...file, path };
      });
      await Promise.all(copies);
    }
    if (
      !(await this.deps.instanceStore.updateVariables(instance.id, instance.variables, variables))
    )
      throw new SluiceError('INVALID_INPUT', 'instance', {
        value: 'The instance changed before its files were attached.',
      });
    await this.deps.instances.launch(caller, instance.id, instance.processId);
    return instance.id;
  }

  private async copy(from: string, to: string): Promise<void> {
    const opened = await this.deps.blobs.open(from);
    if (!opened) throw new Error(`staged webhook file ${from} is gone`);
    await this.deps.blobs.put(to, opened.stream);
  }

  private answer(
    webhook: WebhookRecord,
    call: WebhookCall,
    instanceIds: string[],
    duplicate: boolean,
  ): WebhookAnswer {
    if (call.respondOk === true) return { kind: 'empty' };
    if (call.respondOk === false) return { kind: 'page', html: REQUEST_SENT_PAGE };
    if (duplicate) return { kind: 'json', value: { instanceIds, duplicate: true } };
    const custom = webhook.customResponseConfig;
    if (custom?.configType === ResponseConfigType.StaticJson)
      return { kind: 'json', value: staticJson(custom.config) };
    if (custom?.configType === ResponseConfigType.JsonPath && typeof custom.config === 'string') {
      const matches = jsonPathValues(
        { Body: call.body, Header: call.headers, Param: call.query },
        custom.config,
      );
      return {
        kind: 'json',
        value: matches.length === 0 ? null : matches.length === 1 ? matches[0] : matches,
      };
    }
    return { kind: 'json', value: { instanceId: instanceIds[0] ?? null, instanceIds } };
  }

  // --- helpers -------------------------------------------------------------------------------

  private async load(caller: Caller, rawId: string): Promise<WebhookRecord> {
    const id = normalizeGuid(rawId);
    const webhook = id ? await this.deps.store.get(this.workspaceOf(caller), id) : null;
    if (!webhook) throw notFound();
    return webhook;
  }

  private workspaceOf(caller: Caller): string {
    return caller.workspace.workspace.id;
  }

  private require(caller: Caller, permission: Permission): void {
    if (!roleAllows(caller.workspace.role, permission)) throw new SluiceError('FORBIDDEN', 'role');
  }

  private change(caller: Caller): WebhookChange {
    const { user } = caller.principal;
    return { at: this.deps.clock.now(), userId: user.id, userName: user.userName };
  }
}

function nameTaken(name: string): SluiceError {
  return invalidInput([
    { target: 'name', value: `A webhook named "${name}" already exists in this workspace.` },
  ]);
}

function tooLarge(limit: number): SluiceError {
  return new SluiceError('FILE_TOO_LARGE', 'body', {
    value: `A file is larger than the limit of ${limit} bytes.`,
  });
}

/** StaticJson's `config`: JSON text is sent as the value it encodes, anything else as it is. */
function staticJson(config: unknown): unknown {
  if (typeof config !== 'string') return config ?? null;
  try {
    return JSON.parse(config);
  } catch {
    return config;
  }
}

function checkResponseConfig(
  input: NonNullable<WebhookInput['customResponseConfig']> | null,
  problems: { target: string; value: string }[],
): CustomResponseConfig | null {
  if (input === null) return null;
  const configType = input.configType ?? 0;
  if (!Object.values(ResponseConfigType).includes(configType as 1 | 2 | 3)) {
    problems.push({
      target: 'customResponseConfig.configType',
      value: 'configType must be 1 (StaticJson), 2 (Javascript) or 3 (JsonPath).',
    });
    return null;
  }
  if (configType === ResponseConfigType.JsonPath) {
    if (typeof input.config !== 'string' || !isJsonPath(input.config))
      problems.push({
        target: 'customResponseConfig.config',
        value: 'A JsonPath response needs a JSONPath expression as its config.',
      });
  }
  return { configType, config: input.config ?? null };
}

function checkDedupe(
  input: NonNullable<WebhookInput['dedupe']> | null,
  problems: { target: string; value: string }[],
): DedupeRule | null {
  if (input === null) return null;
  const before = problems.length;
  const source = input.source;
  if (source !== DedupeSource.Header && source !== DedupeSource.Body)
    problems.push({ target: 'dedupe.source', value: 'source must be 1 (header) or 2 (body).' });
  const path = input.path?.trim() ?? '';
  if (path === '' || path.length > MAX_DEDUPE_PATH)
    problems.push({
      target: 'dedupe.path',
      value: `path must be a header name or a JSONPath of 1 to ${MAX_DEDUPE_PATH} characters.`,
    });
  else if (source === DedupeSource.Body && !isJsonPath(path))
    problems.push({ target: 'dedupe.path', value: 'path is not a valid JSONPath.' });
  const window = input.windowSeconds;
  if (
    typeof window !== 'number' ||
    !Number.isInteger(window) ||
    window < 1 ||
    window > MAX_DEDUPE_WINDOW
  )
    problems.push({
      target: 'dedupe.windowSeconds',
      value: `windowSeconds must be a whole number from 1 to ${MAX_DEDUPE_WINDOW}.`,
    });
  if (problems.length > before) return null;
  return { source: source as 1 | 2, path, windowSeconds: window! };
}
