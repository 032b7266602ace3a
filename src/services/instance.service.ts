// Owns instances as the API sees them (API.md §4): publish with typed inputs, launch, run (sync
// or async), status and result envelopes, stop, lists; and starting sub-process instances for
// the engine. Nothing is half-written: an instance row exists only once its inputs are valid.
import { ActionError } from '../actions/action.js';
import { checkValue } from '../domain/data-types/check-value.js';
import { DataTypeIds } from '../domain/data-types/types.js';
import { newId, newTimeOrderedId, normalizeGuid } from '../domain/ids.js';
import type { SubprocessLauncher, SubprocessRequest } from '../engine/ports.js';
import { FlowStatus, isTerminal } from '../engine/statuses.js';
import type { ExecutablePlan, PlanVariable } from '../flow/plan.js';
import { resolveBoundValue } from '../flow/placeholders.js';
import { BareStringError, SluiceError, invalidInput } from '../errors/catalogue.js';
import type { Clock } from '../ports/clock.js';
import type {
  ActionRunRecord,
  InstanceRecord,
  InstanceStore,
  InstanceTrigger,
} from '../ports/instance.store.js';
import type { WorkQueue } from '../ports/work-queue.js';
import type { InstanceEventBus } from './instance-events.js';
import { PlanNotRunnable, type PlanCache } from './plan-cache.js';
import { TimeSpan, timeSpan } from './time-span.js';

/** The current definition of a process, as far as starting it needs. */
export interface ProcessHead {
  id: string;
  workspaceId: string;
  title: string;
  active: boolean;
  version: number;
}

export interface ProcessHeads {
  head(workspaceId: string, processId: string): Promise<ProcessHead | null>;
}

export interface Caller {
  workspaceId: string;
  userId: string | null;
}

export interface ResultEnvelope {
  instanceId: string;
  status: number;
  variable: Record<string, unknown>;
  error: { actionId: string | null; actionName: string | null; message: string }[];
}

const SYNC_DEFAULT_SECONDS = 60;
const SYNC_MAX_SECONDS = 3600;

export class InstanceService {
  /** Set by the composition root: interrupts a run held by this process at once. */
  signalStop: (instanceId: string) => void = () => undefined;
  /**
   * Set by the runtime when this process runs instances: its worker, which a synchronous run
   * uses instead of the queue round trip; null when this process runs none.
   */
  localWorker: () => LocalWorker | null = () => null;
  /** Synchronous runs in progress in this process, by instance id. */
  private readonly localRuns = new Map<string, Promise<InstanceRecord | null>>();

  constructor(
    private readonly deps: {
      instances: InstanceStore;
      processes: ProcessHeads;
      plans: PlanCache;
      queue: WorkQueue;
      events: InstanceEventBus;
      clock: Clock;
    },
  ) {}

  /** The process's current version and plan; 404 when unknown, 400 when not runnable. */
  private async runnable(
    workspaceId: string,
    processId: string,
  ): Promise<{ head: ProcessHead; plan: ExecutablePlan }> {
    const id = normalizeGuid(processId);
    const head = id ? await this.deps.processes.head(workspaceId, id) : null;
    if (!head) throw new SluiceError('NOT_FOUND', 'flow');
    let plan: ExecutablePlan;
    try {
      plan = (await this.deps.plans.load(workspaceId, head.id, head.version)).plan;
    } catch (error) {
      if (error instanceof PlanNotRunnable)
        throw invalidInput(error.problems.map((p) => ({ target: p.target, value: p.value })));
      throw error;
    }
    if (!head.active) throw new SluiceError('PROCESS_INACTIVE', 'active');
    return { head, plan };
  }

  /**
   * Reads a payload — an object keyed by input-variable name (any case) or `[{id, value}]` — into
   * input values by variable id, typed and complete. Unknown names and ids are ignored.
   */
  private async inputs(
    workspaceId: string,
    head: ProcessHead,
    plan: ExecutablePlan,
    payload: unknown,
    files: 'placeholders' | 'stored',
  ): Promise<Record<string, unknown>> {
    const given = new Map<string, unknown>();
    if (Array.isArray(payload)) {
      for (const entry of payload) {
        if (typeof entry !== 'object' || entry === null) continue;
        const record = entry as Record<string, unknown>;
        const idKey = Object.keys(record).find((k) => k.toLowerCase() === 'id');
        const valueKey = Object.keys(record).find((k) => k.toLowerCase() === 'value');
        const id = idKey ? normalizeGuid(String(record[idKey])) : null;
        const variable = id ? plan.variables.get(id) : undefined;
        if (variable) given.set(variable.id, valueKey ? record[valueKey] : null);
      }
    } else if (payload !== null && payload !== undefined) {
      if (typeof payload !== 'object')
        throw invalidInput([
          {
            target: 'payload',
            value: 'The payload must be an object keyed by input name or a list of {id, value}.',
          },
        ]);
      for (const [name, value] of Object.entries(payload)) {
        const variable = plan.variablesByName.get(name.toLowerCase());
        if (variable) given.set(variable.id, value);
      }
    }
    const { types } = await this.deps.plans.load(workspaceId, head.id, head.version);
    const problems: { target: string; value: string }[] = [];
    const values: Record<string, unknown> = {};
    for (const variable of plan.variables.values()) {
      if (variable.orientation !== 10) continue;
      const raw = given.has(variable.id) ? given.get(variable.id) : variable.defaultValue;
      if (raw === null || raw === undefined) {
        if (variable.isRequired)
          problems.push({
            target: variable.name,
            value: `The input "${variable.name}" is required.`,
          });
        values[variable.id] = null;
        continue;
      }
      const checked = checkValue(variable.type, raw, types, variable.name);
      if (!checked.ok) {
        for (const e of checked.errors) problems.push({ target: e.path, value: e.message });
        continue;
      }
      values[variable.id] = isFile(variable)
        ? this.fileValues(variable, checked.value, files, problems)
        : checked.value;
    }
    if (problems.length > 0) throw invalidInput(problems);
    return values;
  }

  /** File inputs: placeholders with ids for publish; references to stored files for run. */
  private fileValues(
    variable: PlanVariable,
    value: unknown,
    mode: 'placeholders' | 'stored',
    problems: { target: string; value: string }[],
  ): unknown {
    const one = (file: unknown): unknown => {
      const f = (file ?? {}) as Record<string, unknown>;
      if (mode === 'stored') {
        if (!f.path)
          problems.push({
            target: variable.name,
            value: `The file input "${variable.name}" must reference a stored file; publish the instance and upload its bytes instead.`,
          });
        return f;
      }
      return {
        name: typeof f.name === 'string' ? f.name : '',
        id: typeof f.id === 'string' && f.id !== '' ? f.id : newId(),
        path: '',
        size: 0,
        mimeType: '',
        hash: '',
      };
    };
    return Array.isArray(value) ? value.map(one) : one(value);
  }

  private async create(
    caller: Caller,
    head: ProcessHead,
    plan: ExecutablePlan,
    inputs: Record<string, unknown>,
    trigger: InstanceTrigger,
    parent: { instanceId: string; actionId: string } | null,
    launch = false,
    here = false,
  ): Promise<InstanceRecord> {
    const instance = this.record(caller, head, plan, inputs, trigger, parent, launch);
    const id = instance.id;
    const worker = launch && here ? this.localWorker() : null;
    if (worker) {
      // Claimed by this process's worker. With room to start now it is not stored yet: the worker
      // stores it at its first checkpoint, before any effect outside the engine
      // (Engine.runClaimed); until then nobody but this caller knows its id, and should this
      // process die first, the caller gets no answer and no instance, as if the request had not
      // arrived. Without room it is stored first and waits here for a run to end: cheaper than
      // the queue round trip, and resumed like any other if this process dies.
      instance.status = FlowStatus.Running;
      const stored = !worker.hasRoom();
      if (stored)
        await this.deps.instances.create(instance, {
          owner: worker.owner,
          until: new Date(instance.createdOn.getTime() + worker.leaseMs),
        });
      const run = worker.run(instance, stored).finally(() => this.localRuns.delete(id));
      this.localRuns.set(id, run);
      // A failure is logged by the runtime and answered to the waiting caller (localResult).
      run.catch(() => undefined);
      return instance;
    }
    await this.deps.instances.create(instance);
    if (launch) await this.deps.queue.enqueue(instance.id);
    return instance;
  }

  /** A new instance of the process's version with its inputs, not yet stored. */
  private record(
    caller: Caller,
    head: ProcessHead,
    plan: ExecutablePlan,
    inputs: Record<string, unknown>,
    trigger: InstanceTrigger,
    parent: { instanceId: string; actionId: string } | null,
    launch: boolean,
  ): InstanceRecord {
    const now = this.deps.clock.now();
    const id = newTimeOrderedId(now.getTime());
    const variables: Record<string, unknown> = {};
    for (const variable of plan.variables.values()) {
      if (variable.orientation === 10) variables[variable.id] = inputs[variable.id] ?? null;
      else if (variable.type.dataTypeId === DataTypeIds.System && !variable.type.isList) {
        variables[variable.id] = {
          processId: head.id,
          instanceId: id,
          processName: head.title,
          workspaceId: head.workspaceId,
        };
      } else variables[variable.id] = variable.defaultValue ?? null;
    }
    const instance: InstanceRecord = {
      id,
      workspaceId: caller.workspaceId,
      processId: head.id,
      version: head.version,
      title: head.title,
      // Run and sub-processes create the instance already queued: one write instead of two.
      status: launch ? FlowStatus.Dispatched : FlowStatus.None,
      variables,
      state: null,
      errors: [],
      currentActionId: null,
      parentInstanceId: parent?.instanceId ?? null,
      parentActionId: parent?.actionId ?? null,
      trigger,
      createdById: caller.userId,
      createdOn: now,
      updatedOn: now,
      launchedOn: launch ? now : null,
      finishedOn: null,
      timeoutAt: launch && plan.timeout > 0 ? new Date(now.getTime() + plan.timeout * 1000) : null,
      stopRequested: false,
      timeConsumed: 0,
      actionsConsumed: 0,
    };
    return instance;
  }

  /**
   * A launched instance (queued, status 20) for a trigger that stores it in a write of its own — a
   * schedule fire stores it with its fire record and queue job in one transaction. Nothing is
   * stored here; a process that cannot run answers why instead (API.md §8.5).
   */
  async prepareRun(
    caller: Caller,
    processId: string,
    payload: unknown,
    trigger: InstanceTrigger,
  ): Promise<PreparedRun> {
    const id = normalizeGuid(processId);
    const head = id ? await this.deps.processes.head(caller.workspaceId, id) : null;
    if (!head) return { ok: false, reason: 'missing', detail: 'The process does not exist.' };
    let plan: ExecutablePlan;
    try {
      plan = (await this.deps.plans.load(caller.workspaceId, head.id, head.version)).plan;
    } catch (error) {
      if (!(error instanceof PlanNotRunnable)) throw error;
      return { ok: false, reason: 'invalid', detail: error.message };
    }
    if (!head.active) return { ok: false, reason: 'inactive', detail: 'Process is inactive.' };
    let inputs: Record<string, unknown>;
    try {
      inputs = await this.inputs(caller.workspaceId, head, plan, payload, 'stored');
    } catch (error) {
      if (!(error instanceof SluiceError)) throw error;
      const detail = error.items.map((i) => `${i.target}: ${i.value}`).join('; ');
      return { ok: false, reason: 'inputs', detail };
    }
    return { ok: true, instance: this.record(caller, head, plan, inputs, trigger, null, true) };
  }

  /**
   * Checks inputs kept for later runs (a schedule's `[{id, value}]`) against the process's current
   * version as publish does, File inputs as placeholders. Null when the process is unknown;
   * `checked: false` when its current version does not compile (each run checks them then).
   */
  async checkKeptInputs(
    workspaceId: string,
    processId: string,
    payload: unknown,
  ): Promise<
    | null
    | { checked: false }
    | { checked: true; values: Record<string, unknown>; fileInputs: Set<string> }
  > {
    const id = normalizeGuid(processId);
    const head = id ? await this.deps.processes.head(workspaceId, id) : null;
    if (!head) return null;
    let plan: ExecutablePlan;
    try {
      plan = (await this.deps.plans.load(workspaceId, head.id, head.version)).plan;
    } catch (error) {
      if (error instanceof PlanNotRunnable) return { checked: false };
      throw error;
    }
    const values = await this.inputs(workspaceId, head, plan, payload, 'placeholders');
    const fileInputs = new Set<string>();
    for (const variable of plan.variables.values())
      if (variable.orientation === 10 && isFile(variable)) fileInputs.add(variable.id);
    return { checked: true, values, fileInputs };
  }

  /** Publish: an instance with its inputs, status 1, not yet running. */
  async publish(
    caller: Caller,
    processId: string,
    payload: unknown,
    trigger: InstanceTrigger = { kind: 'api', name: null },
  ): Promise<{ instance: InstanceRecord; plan: ExecutablePlan }> {
    const { head, plan } = await this.runnable(caller.workspaceId, processId);
    const inputs = await this.inputs(caller.workspaceId, head, plan, payload, 'placeholders');
    const instance = await this.create(caller, head, plan, inputs, trigger, null);
    return { instance, plan };
  }

  /** Launch: a published instance is queued for a worker. */
  async launch(
    caller: Caller,
    instanceId: string,
    processId: string | null,
  ): Promise<InstanceRecord> {
    const instance = await this.get(caller, instanceId);
    if (processId && normalizeGuid(processId) !== instance.processId)
      throw new SluiceError('NOT_FOUND', 'flow', {
        value: 'The instance does not belong to this process.',
      });
    if (instance.status !== FlowStatus.None) throw new BareStringError(400, 'Launch failed!');
    const plan = await this.planOf(instance);
    for (const variable of plan.variables.values()) {
      if (variable.orientation !== 10 || !variable.isRequired || !isFile(variable)) continue;
      const value = instance.variables[variable.id];
      const files = Array.isArray(value) ? value : [value];
      if (files.some((f) => !f || !(f as { path?: string }).path))
        throw invalidInput([
          {
            target: variable.name,
            value: `The file input "${variable.name}" has no uploaded content.`,
          },
        ]);
    }
    await this.start(instance, plan);
    return instance;
  }

  private async start(instance: InstanceRecord, plan: ExecutablePlan): Promise<void> {
    const now = this.deps.clock.now();
    const timeoutAt = plan.timeout > 0 ? new Date(now.getTime() + plan.timeout * 1000) : null;
    if (
      !(await this.deps.instances.transition(
        instance.id,
        [FlowStatus.None],
        FlowStatus.Dispatched,
        { launchedOn: now, timeoutAt },
      ))
    ) {
      throw new BareStringError(400, 'Launch failed!');
    }
    await this.deps.queue.enqueue(instance.id);
  }

  /**
   * Run: publish and launch in one step (file inputs must already be stored). With `wait`, the
   * caller will wait for the end, so the run starts in this process when a worker here has room.
   */
  async run(
    caller: Caller,
    processId: string,
    payload: unknown,
    trigger: InstanceTrigger = { kind: 'api', name: null },
    options: { wait?: boolean } = {},
  ): Promise<InstanceRecord> {
    const { head, plan } = await this.runnable(caller.workspaceId, processId);
    const inputs = await this.inputs(caller.workspaceId, head, plan, payload, 'stored');
    return this.create(caller, head, plan, inputs, trigger, null, true, options.wait ?? false);
  }

  /** Waits for the end of a run (sync mode) and answers the result envelope or the custom response. */
  async awaitResult(
    instanceId: string,
    secondsTimeOut: number | undefined,
  ): Promise<{ envelope: ResultEnvelope; custom: { value: unknown } | null }> {
    const seconds =
      secondsTimeOut === undefined || secondsTimeOut < 1
        ? SYNC_DEFAULT_SECONDS
        : Math.min(secondsTimeOut, SYNC_MAX_SECONDS);
    const deadline = Date.now() + seconds * 1000;
    let instance = await this.localResult(instanceId, seconds * 1000);
    if (!instance || !isTerminal(instance.status))
      instance = await this.deps.events.waitForEnd(instanceId, Math.max(0, deadline - Date.now()));
    if (!instance) throw new SluiceError('NOT_FOUND', 'instance');
    const plan = await this.planOf(instance);
    const envelope = this.envelope(instance, plan);
    if (instance.status === FlowStatus.Finished && plan.customResponse) {
      const rendered = resolveBoundValue(
        plan.customResponse,
        (id) => instance.variables[id] ?? null,
      );
      return { envelope, custom: { value: renderCustom(rendered) } };
    }
    return { envelope, custom: null };
  }

  /**
   * The end of a run this process started, or null when it is not one or not over in time. A run
   * that failed here before it was stored throws: nothing else would ever end it.
   */
  private async localResult(instanceId: string, timeoutMs: number): Promise<InstanceRecord | null> {
    const run = this.localRuns.get(instanceId);
    if (!run) return null;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(resolve, timeoutMs, null)));
    try {
      return await Promise.race([run, late]);
    } catch (error) {
      // A stored instance is resumed and ends; the caller waits for that as for any other.
      if (await this.deps.instances.get(instanceId)) return null;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  envelope(instance: InstanceRecord, plan: ExecutablePlan): ResultEnvelope {
    const variable: Record<string, unknown> = {};
    for (const v of plan.variables.values())
      if (v.orientation === 30) variable[v.name] = instance.variables[v.id] ?? null;
    return { instanceId: instance.id, status: instance.status, variable, error: instance.errors };
  }

  async get(caller: Caller, instanceId: string): Promise<InstanceRecord> {
    const id = normalizeGuid(instanceId);
    const instance = id ? await this.deps.instances.get(id) : null;
    if (!instance || instance.workspaceId !== caller.workspaceId)
      throw new SluiceError('NOT_FOUND', 'instance');
    return instance;
  }

  list(
    caller: Caller,
    processId: string,
    statuses: number[] | null,
    offset: number,
    limit: number | null,
  ): Promise<{ total: number; items: InstanceRecord[] }> {
    return this.deps.instances.list({
      workspaceId: caller.workspaceId,
      processId: processId.toLowerCase(),
      statuses,
      offset,
      limit,
    });
  }

  /** Instances of a process created within a PROCESIO time span (API.md §4.7), newest first. */
  history(
    caller: Caller,
    processId: string,
    filter: number,
    monthFilter: string | undefined,
    offset: number,
    limit: number | null,
  ): Promise<{ total: number; items: InstanceRecord[] }> {
    const span = timeSpan(filter, this.deps.clock.now(), monthFilter);
    if (!span) {
      throw invalidInput([
        {
          target: filter === TimeSpan.CertainMonth ? 'monthFilter' : 'filter',
          value:
            filter === TimeSpan.CertainMonth
              ? 'monthFilter must be YYYY-MM.'
              : `Unknown time span filter ${filter}.`,
        },
      ]);
    }
    return this.deps.instances.list({
      workspaceId: caller.workspaceId,
      processId: processId.toLowerCase(),
      statuses: null,
      createdFrom: span.from,
      createdTo: span.to,
      offset,
      limit,
    });
  }

  count(caller: Caller, processId: string, statuses: number[] | null): Promise<number> {
    return this.deps.instances.count({
      workspaceId: caller.workspaceId,
      processId: processId.toLowerCase(),
      statuses,
    });
  }

  actionRuns(instanceId: string): Promise<ActionRunRecord[]> {
    return this.deps.instances.listActionRuns(instanceId);
  }

  async planOf(instance: InstanceRecord): Promise<ExecutablePlan> {
    try {
      return (
        await this.deps.plans.load(instance.workspaceId, instance.processId, instance.version)
      ).plan;
    } catch (error) {
      if (!(error instanceof PlanNotRunnable)) throw error;
      throw new SluiceError('INVALID_INPUT', 'flow', {
        value: `The process version this instance ran can no longer be read: ${error.message}`,
      });
    }
  }

  /** Stop: the instance ends with status 6 (its running action aborted, waiting children stopped). */
  async stop(caller: Caller, instanceId: string): Promise<void> {
    const instance = await this.get(caller, instanceId);
    if (isTerminal(instance.status) || instance.status === FlowStatus.None)
      throw new BareStringError(400, 'Stopping process failed.');
    await this.deps.instances.requestStop(instance.id);
    this.signalStop(instance.id);
    await this.deps.queue.enqueue(instance.id);
    await this.deps.events.waitForEnd(instance.id, 5000);
  }

  /** A deleted process's unfinished instances end with status 6; finished ones stay readable. */
  async stopAllOf(workspaceId: string, processId: string): Promise<void> {
    const live = [
      FlowStatus.None,
      FlowStatus.Initializing,
      FlowStatus.Dispatched,
      FlowStatus.Running,
      FlowStatus.Waiting,
    ];
    const { items } = await this.deps.instances.list({
      workspaceId,
      processId,
      statuses: live,
      offset: 0,
      limit: null,
    });
    for (const instance of items) {
      if (
        await this.deps.instances.transition(
          instance.id,
          [FlowStatus.None],
          FlowStatus.StoppedByUser,
        )
      )
        continue;
      await this.deps.instances.requestStop(instance.id);
      this.signalStop(instance.id);
      await this.deps.queue.enqueue(instance.id);
    }
  }

  /** Starts a child instance for Call/Trigger Subprocess. */
  async startChild(request: SubprocessRequest): Promise<string> {
    const caller: Caller = {
      workspaceId: request.parent.workspaceId,
      userId: request.parent.createdById,
    };
    let head: ProcessHead;
    let plan: ExecutablePlan;
    try {
      ({ head, plan } = await this.runnable(caller.workspaceId, request.processId));
    } catch (error) {
      const reason =
        error instanceof SluiceError ? error.items.map((i) => i.value).join(' ') : String(error);
      throw ActionError.of(
        'subprocess.unavailable',
        `The called process ${request.processId} cannot run: ${reason}`,
        { details: { statusCode: 504 } },
      );
    }
    let inputs: Record<string, unknown>;
    try {
      inputs = await this.inputs(
        caller.workspaceId,
        head,
        plan,
        Object.entries(request.inputs).map(([id, value]) => ({ id, value })),
        'stored',
      );
    } catch (error) {
      const reason =
        error instanceof SluiceError
          ? error.items.map((i) => `${i.target}: ${i.value}`).join('; ')
          : String(error);
      throw ActionError.of(
        'subprocess.inputs',
        `The called process's inputs are not valid: ${reason}`,
        { details: { statusCode: 373 } },
      );
    }
    const child = await this.create(
      caller,
      head,
      plan,
      inputs,
      { kind: 'subprocess', name: request.parent.title },
      request.waits ? { instanceId: request.parent.id, actionId: request.actionId } : null,
      true,
    );
    return child.id;
  }
}

/** What {@link InstanceService.prepareRun} answers: the instance, or why the process cannot run. */
export type PreparedRun =
  | { ok: true; instance: InstanceRecord }
  | { ok: false; reason: 'missing' | 'invalid' | 'inactive' | 'inputs'; detail: string };

/** The SubprocessLauncher the engine calls. */
/** A worker of this process that can run an instance at once (see InstanceService.localWorker). */
export interface LocalWorker {
  owner: string;
  leaseMs: number;
  /** Whether a run would start at once rather than wait for another to end. */
  hasRoom(): boolean;
  /**
   * Runs an instance claimed for this worker once there is room; `stored: false` (only when
   * there is room now) when it is not stored yet. Null when another worker took it meanwhile.
   */
  run(instance: InstanceRecord, stored: boolean): Promise<InstanceRecord | null>;
}

export function subprocessLauncher(service: InstanceService): SubprocessLauncher {
  return { start: (request) => service.startChild(request) };
}

function isFile(variable: PlanVariable): boolean {
  return variable.type.dataTypeId === DataTypeIds.File;
}

/** A rendered custom response is sent as JSON when it parses as JSON, else as a JSON string. */
function renderCustom(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
