// Owns process definitions (API.md §3.1): saving flow documents as drafts with a computed
// `isValid` and a new version per save, reading, listing, activation, duplication, the example
// payload, sub-process callers and validation, all within the caller's workspace and role.
import { builtinResolver, emptyValue, type DataTypeResolver } from '../domain/data-types/index.js';
import { roleAllows, type Permission } from '../domain/identity.js';
import { newId, normalizeGuid } from '../domain/ids.js';
import type { Principal, WorkspaceContext } from '../domain/principal.js';
import { SluiceError, invalidInput, type ErrorCode } from '../errors/catalogue.js';
import {
  compileFlow,
  type CompileResult,
  type CatalogSource,
  type FlowRequestDto,
  type ValidationProblem,
  VariableOrientations,
} from '../flow/index.js';
import type { Clock } from '../ports/clock.js';
import type { IdentityStore } from '../ports/identity.store.js';
import type {
  FlowDocument,
  ProcessChange,
  ProcessContent,
  ProcessListQuery,
  ProcessRecord,
  ProcessStore,
  ProcessSummary,
  ProcessVersionRecord,
} from '../ports/process.store.js';
import {
  copyDocument,
  copyTitle,
  malformed,
  subprocessTargets,
  toFlowDocument,
  unstorable,
} from './process-document.js';

/** FlowStatus of a definition (API.md §3.10, §16.4 #21). */
export const DefinitionStatus = { Active: 1, Inactive: 5 } as const;

/** Who asks, in which workspace with which role. */
export interface Caller {
  principal: Principal;
  workspace: WorkspaceContext;
}

interface AuditView {
  workspaceId: string;
  createdBy: string | null;
  createdById: string | null;
  createdOn: string;
  updatedBy: string | null;
  updatedById: string | null;
  updatedOn: string;
}

/** `Flow` in answers: the stored document plus the server's fields. */
export type FlowView = FlowDocument &
  AuditView & {
    status: number;
    isValid: boolean;
    active: boolean;
    version: number;
    currentActionId: null;
    workspaceName: string;
    firstName: string | null;
    lastName: string | null;
  };

/** A row of `GET /api/Projects`. */
export interface FlowSummaryView extends AuditView {
  id: string;
  parentId: string | null;
  /** Always null: the display name is `title`. */
  name: null;
  status: number;
  title: string;
  description: string | null;
  isValid: boolean;
  active: boolean;
  timeout: number;
  currentActionId: null;
  debugMode: boolean;
  isNotification: boolean;
  version: number;
}

export interface ProcessReference {
  id: string;
  title: string;
  workspaceId: string;
}

export interface ProcessServiceOptions {
  /** The data types a workspace's variables may use. Default: the built-in types. */
  dataTypes?: (workspaceId: string) => Promise<DataTypeResolver>;
  /**
   * Runs after a process and its versions are deleted, for what hangs off it elsewhere (its
   * schedules, webhook bindings, running instances).
   */
  onDeleted?: (workspaceId: string, processId: string) => Promise<void>;
}

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  383: 'FLOW_TOO_MANY_INPUTS',
  390: 'FLOW_TOO_FEW_INPUTS',
  391: 'FLOW_TOO_FEW_OUTPUTS',
};

/** The 400 answer listing every validation problem (API.md §3.9), each with its own code. */
function invalidFlow(problems: readonly ValidationProblem[]): SluiceError {
  const [first, ...rest] = problems;
  if (!first) return new SluiceError('INVALID_INPUT', 'flow');
  return new SluiceError(CODE_BY_STATUS[first.statusCode] ?? 'INVALID_INPUT', first.target, {
    value: first.value,
    extra: rest.map(({ statusCode, value, target }) => ({ statusCode, value, target })),
  });
}

const notFound = () => new SluiceError('NOT_FOUND', 'flow');

function statusOf(active: boolean): number {
  return active ? DefinitionStatus.Active : DefinitionStatus.Inactive;
}

function audit(process: ProcessSummary): AuditView {
  return {
    workspaceId: process.workspaceId,
    createdBy: process.createdBy,
    createdById: process.createdById,
    createdOn: process.createdOn.toISOString(),
    updatedBy: process.updatedBy,
    updatedById: process.updatedById,
    updatedOn: process.updatedOn.toISOString(),
  };
}

export class ProcessService {
  private readonly dataTypes: (workspaceId: string) => Promise<DataTypeResolver>;

  constructor(
    private readonly processes: ProcessStore,
    private readonly users: Pick<IdentityStore, 'findUserById'>,
    private readonly catalogs: CatalogSource,
    private readonly clock: Clock,
    private readonly options: ProcessServiceOptions = {},
  ) {
    const builtins = builtinResolver();
    this.dataTypes = options.dataTypes ?? (async () => builtins);
  }

  /** Stores a new process (version 1). The client may choose its id; a taken id is refused. */
  async create(caller: Caller, dto: FlowRequestDto): Promise<FlowView> {
    this.require(caller, 'create');
    const id = dto.id ? dto.id.toLowerCase() : newId();
    const content = await this.content(caller.workspace.workspace.id, dto, id);
    const created = await this.processes.create({
      ...content,
      id,
      workspaceId: caller.workspace.workspace.id,
      active: dto.active ?? true,
      change: this.change(caller),
    });
    // Taken here or in another workspace: the answer is the same, so it reveals nothing.
    if (!created) throw new SluiceError('PROCESS_ID_TAKEN', 'id');
    return this.get(caller, id);
  }

  /** Replaces the whole document as a new version; `active` stays unless the body sets it. */
  async update(caller: Caller, dto: FlowRequestDto): Promise<FlowView> {
    this.require(caller, 'update');
    if (!dto.id) throw invalidInput([{ target: 'id', value: 'The process id is required.' }]);
    const id = dto.id.toLowerCase();
    const workspaceId = caller.workspace.workspace.id;
    const content = await this.content(workspaceId, dto, id);
    const saved = await this.processes.save(workspaceId, id, {
      ...content,
      active: dto.active ?? null,
      change: this.change(caller),
    });
    if (!saved) throw notFound();
    return this.view(caller, saved);
  }

  async get(caller: Caller, rawId: string): Promise<FlowView> {
    return this.view(caller, await this.load(caller, rawId));
  }

  async list(
    caller: Caller,
    query: ProcessListQuery,
  ): Promise<{ total: number; items: FlowSummaryView[] }> {
    this.require(caller, 'read');
    const { total, items } = await this.processes.list(caller.workspace.workspace.id, query);
    return { total, items: items.map((p) => this.summary(p)) };
  }

  count(caller: Caller): Promise<number> {
    this.require(caller, 'read');
    return this.processes.count(caller.workspace.workspace.id);
  }

  /** Refused while another process of the workspace calls this one as a sub-process. */
  async delete(caller: Caller, rawId: string): Promise<{ id: string }> {
    this.require(caller, 'delete');
    const id = normalizeGuid(rawId);
    if (!id) throw notFound();
    const workspaceId = caller.workspace.workspace.id;
    const result = await this.processes.delete(workspaceId, id);
    if (result.outcome === 'missing') throw notFound();
    if (result.outcome === 'in-use') {
      const names = result.callers.map((p) => `"${p.title}" (${p.id})`).join(', ');
      throw new SluiceError('PROCESS_IN_USE', 'usedIn', {
        value: `The process is called as a sub-process by ${names}.`,
      });
    }
    await this.options.onDeleted?.(workspaceId, id);
    return { id };
  }

  /** Checks a flow against every rule of API.md §3.9 without storing it. */
  async validate(caller: Caller, dto: FlowRequestDto): Promise<{ isValid: true }> {
    this.require(caller, 'read');
    const problem = unstorable(dto);
    if (problem) throw invalidInput([problem]);
    const self = dto.id ? dto.id.toLowerCase() : null;
    const { problems } = await this.compile(caller.workspace.workspace.id, dto, self);
    if (problems.length > 0) throw invalidFlow(problems);
    return { isValid: true };
  }

  /** One key per input variable: its default value, else the empty value of its type. */
  async payload(caller: Caller, rawId: string): Promise<Record<string, unknown>> {
    const process = await this.load(caller, rawId);
    const types = await this.dataTypes(process.workspaceId);
    const payload: Record<string, unknown> = {};
    for (const variable of process.document.variables ?? []) {
      if (variable.type !== VariableOrientations.Input) continue;
      const given = variable.defaultValue;
      payload[variable.name] =
        given !== null && given !== undefined
          ? given
          : emptyValue({ dataTypeId: variable.dataType, isList: variable.isList === true }, types);
    }
    return payload;
  }

  /** The processes of the workspace that call this one as a sub-process. */
  async usedBy(caller: Caller, rawId: string): Promise<ProcessReference[]> {
    const process = await this.load(caller, rawId);
    const callers = await this.processes.callers(process.workspaceId, process.id);
    return callers.map(({ id, title, workspaceId }) => ({ id, title, workspaceId }));
  }

  /** Sets the active flag; not a save, so no new version. */
  async setActive(
    caller: Caller,
    rawId: string,
    active: boolean,
  ): Promise<{ id: string; active: boolean }> {
    this.require(caller, 'update');
    const id = normalizeGuid(rawId);
    if (!id) throw notFound();
    const updated = await this.processes.setActive(
      caller.workspace.workspace.id,
      id,
      active,
      this.change(caller),
    );
    if (!updated) throw notFound();
    return { id, active: updated.active };
  }

  /** Stores a copy with new ids and "(copy)" in its title; `hasWebhook`: the original had bindings. */
  async duplicate(caller: Caller, rawId: string): Promise<{ hasWebhook: boolean; id: string }> {
    this.require(caller, 'create');
    const original = await this.load(caller, rawId);
    const document = copyDocument(original.document, copyTitle(original.title));
    const content = await this.content(original.workspaceId, document, document.id);
    const created = await this.processes.create({
      ...content,
      id: document.id,
      workspaceId: original.workspaceId,
      active: original.active,
      change: this.change(caller),
    });
    if (!created) throw new Error(`generated process id ${document.id} is already taken`);
    return { hasWebhook: (original.document.webhooks ?? []).length > 0, id: document.id };
  }

  /** The current definition, for publish and run (runnable = `isValid` and `active`). */
  find(workspaceId: string, processId: string): Promise<ProcessRecord | null> {
    const id = normalizeGuid(processId);
    return id ? this.processes.get(workspaceId, id) : Promise.resolve(null);
  }

  /** The current definition without its document (a run reads the document by version). */
  head(workspaceId: string, processId: string): Promise<ProcessSummary | null> {
    const id = normalizeGuid(processId);
    return id ? this.processes.summary(workspaceId, id) : Promise.resolve(null);
  }

  /** One saved version, the document an instance pinned to (process, version) runs. */
  version(
    workspaceId: string,
    processId: string,
    version: number,
  ): Promise<ProcessVersionRecord | null> {
    const id = normalizeGuid(processId);
    return id ? this.processes.getVersion(workspaceId, id, version) : Promise.resolve(null);
  }

  /**
   * Compiles a flow with the workspace's catalogue, data types and processes: what saves,
   * validate and the engine's plans share. `selfId` counts as an existing process.
   */
  async compile(
    workspaceId: string,
    document: FlowRequestDto,
    selfId: string | null = null,
  ): Promise<CompileResult & { calls: string[] }> {
    // A deleted custom action is no longer in the catalogue: flows saved with it are invalid.
    const catalog = await this.catalogs.catalogFor(workspaceId, { includeDeleted: false });
    const calls = subprocessTargets(document, catalog);
    const existing = await this.processes.existing(workspaceId, calls);
    if (selfId) existing.add(selfId);
    const types = await this.dataTypes(workspaceId);
    const result = compileFlow(document, catalog, types, {
      processExists: (processId) => existing.has(processId),
    });
    return { ...result, calls };
  }

  /** What a save stores for a DTO; refuses malformed DTOs, keeps graph problems as a draft. */
  private async content(
    workspaceId: string,
    dto: FlowRequestDto,
    id: string,
  ): Promise<ProcessContent> {
    const problem = unstorable(dto);
    if (problem) throw invalidInput([problem]);
    const problems = malformed(dto);
    if (problems.length > 0) throw invalidInput(problems);
    const document = toFlowDocument(dto, id);
    const { problems: graph, calls } = await this.compile(workspaceId, document, id);
    return {
      title: document.title,
      description: document.description ?? null,
      parentId: document.parentId ?? null,
      timeout: document.timeout ?? 0,
      debugMode: document.debugMode ?? false,
      isNotification: document.isNotification ?? false,
      isValid: graph.length === 0,
      document,
      calls: calls.filter((callee) => callee !== id),
    };
  }

  private async load(caller: Caller, rawId: string): Promise<ProcessRecord> {
    this.require(caller, 'read');
    const id = normalizeGuid(rawId);
    const process = id ? await this.processes.get(caller.workspace.workspace.id, id) : null;
    if (!process) throw notFound();
    return process;
  }

  private require(caller: Caller, permission: Permission): void {
    if (!roleAllows(caller.workspace.role, permission)) throw new SluiceError('FORBIDDEN', 'role');
  }

  private change(caller: Caller): ProcessChange {
    const { user } = caller.principal;
    return { at: this.clock.now(), userId: user.id, userName: user.userName };
  }

  private async view(caller: Caller, process: ProcessRecord): Promise<FlowView> {
    const creator = process.createdById ? await this.users.findUserById(process.createdById) : null;
    return {
      ...process.document,
      id: process.id,
      title: process.title,
      status: statusOf(process.active),
      isValid: process.isValid,
      active: process.active,
      version: process.version,
      currentActionId: null,
      workspaceName: caller.workspace.workspace.name,
      firstName: creator?.firstName ?? null,
      lastName: creator?.lastName ?? null,
      ...audit(process),
    };
  }

  private summary(process: ProcessSummary): FlowSummaryView {
    return {
      id: process.id,
      parentId: process.parentId,
      name: null,
      status: statusOf(process.active),
      title: process.title,
      description: process.description,
      isValid: process.isValid,
      active: process.active,
      timeout: process.timeout,
      currentActionId: null,
      debugMode: process.debugMode,
      isNotification: process.isNotification,
      version: process.version,
      ...audit(process),
    };
  }
}
