// Owns running an instance: a worker takes the instance's lease, walks its plan from the stored
// state, records every action, checkpoints after each action with outside effects, and leaves
// the instance finished, parked (Delay, waiting for a child) or stopped. Guarantees: at-least-
// once per action (an action in flight when a worker dies runs again with the same idempotency
// key); one record per action and For Each item; every accepted instance reaches a terminal
// status.
import {
  ActionError,
  type ActionDefinition,
  type ActionFailure,
  type ActionServices,
} from '../actions/action.js';
import { SLUICE_SETTING_IDS } from '../actions/control/control-templates.js';
import { checkValue } from '../domain/data-types/check-value.js';
import type { DataTypeResolver } from '../domain/data-types/types.js';
import type { ExecutablePlan, PlanEdge, PlanNode, PlanParameter } from '../flow/plan.js';
import {
  resolveBoundValue,
  writeReference,
  type BoundValue,
  type VariableReference,
} from '../flow/placeholders.js';
import { CONTROL_SETTING_IDS } from '../flow/template-catalog.js';
import type { Clock } from '../ports/clock.js';
import type {
  ActionRunRecord,
  InstanceError,
  InstanceRecord,
  InstanceStore,
} from '../ports/instance.store.js';
import type { WorkQueue } from '../ports/work-queue.js';
import { evaluateConditions } from './conditions.js';
import { delayWakeTime } from './delay.js';
import type {
  ActionLookup,
  EngineLog,
  InstanceEvents,
  PlanSource,
  SubprocessLauncher,
} from './ports.js';
import { initialState, joinKey, TOP_LEVEL, type ExecutionState, type Token } from './state.js';
import { ActionStatus, FlowStatus, isTerminal } from './statuses.js';

export interface EngineOptions {
  /** Identifies this worker in leases. */
  owner: string;
  leaseMs: number;
  /** Attempts of an action whose failure is retryable, the first included. */
  maxAttempts: number;
  /** First retry back-off; doubles per attempt. */
  retryBaseMs: number;
  /** Time limit of one attempt of a platform action. */
  actionTimeoutMs: number;
}

export interface EngineDeps {
  instances: InstanceStore;
  plans: PlanSource;
  actions: ActionLookup;
  queue: Pick<WorkQueue, 'enqueue'>;
  subprocesses: SubprocessLauncher;
  events: InstanceEvents;
  clock: Clock;
  log: EngineLog;
  /** Credentials, files and egress for the actions of one instance. */
  services: (instance: { id: string; processId: string; workspaceId: string }) => ActionServices;
  options: EngineOptions;
}

const UNCOUNTED_KINDS = new Set(['start', 'stop', 'join']);

/** Longest stretch a run executes without letting the event loop take a turn. */
const SLICE_MS = 20;
/** An instance not stored yet (Engine.runClaimed) is stored once it has run this long. */
const STORE_UNSTORED_AFTER_MS = 1000;

type StepResult = { kind: 'next'; edges: readonly PlanEdge[] } | { kind: 'wait' } | { kind: 'end' };

class Unhandled extends Error {
  constructor(
    readonly node: PlanNode,
    readonly failure: ActionFailure,
  ) {
    super(failure.message);
  }
}

/** The failure of an action abandoned at its time limit: retryable, as a slow peer may recover. */
function timeLimitPassed(limitMs: number): ActionError {
  return ActionError.of(
    'timeout',
    `The action did not finish within ${Math.round(limitMs / 1000)} s.`,
    { retryable: true },
  );
}

/** Why a run stops early. */
type Interruption = 'stop' | 'timeout' | 'lease-lost' | null;

export class Engine {
  private readonly running = new Map<string, Run>();
  /** Runs waiting for room (whenRoom); each run that ends lets the first one start. */
  private readonly roomWaiters: (() => void)[] = [];

  constructor(private readonly deps: EngineDeps) {}

  /**
   * The queue handler: advance the instance as far as it can go now. Answers the instance as the
   * run left it, or null when it was not this worker's to run.
   */
  async advance(instanceId: string): Promise<InstanceRecord | null> {
    const { instances, clock, options } = this.deps;
    const now = clock.now();
    const instance = await instances.claim(
      instanceId,
      options.owner,
      new Date(now.getTime() + options.leaseMs),
      now,
    );
    if (!instance) {
      // Held by another worker's lease. If that worker is gone, nobody would wake the instance:
      // look again once the lease could have lapsed.
      const held = await instances.get(instanceId);
      if (held && !isTerminal(held.status) && held.status !== FlowStatus.None)
        await this.deps.queue.enqueue(instanceId, new Date(now.getTime() + options.leaseMs));
      return null;
    }
    if (isTerminal(instance.status) || instance.status === FlowStatus.None) {
      await instances.release(instanceId, options.owner);
      return null;
    }
    return this.execute(instance);
  }

  /**
   * Runs an instance claimed for this worker (status 30) without the queue round trip: the
   * synchronous path. With `stored: false` the instance exists only here until its first
   * checkpoint stores it — before its first action with outside effects, when it parks or ends,
   * or once it has run for a second — so a short run of pure actions costs one write.
   * Answers the instance as the run left it (finished, or parked and continued through the queue).
   */
  async runClaimed(instance: InstanceRecord, stored = true): Promise<InstanceRecord> {
    return this.execute(instance, stored);
  }

  /** Whether a run may start now without exceeding `concurrency` or passing one that waits. */
  hasRoom(concurrency: number): boolean {
    return this.running.size < concurrency && this.roomWaiters.length === 0;
  }

  /** Resolves once a run may start within `concurrency`; waiting runs start in arrival order. */
  whenRoom(concurrency: number): Promise<void> {
    if (this.hasRoom(concurrency)) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  get owner(): string {
    return this.deps.options.owner;
  }

  private async execute(instance: InstanceRecord, stored = true): Promise<InstanceRecord> {
    const run = new Run(this.deps, instance, stored);
    this.running.set(instance.id, run);
    try {
      await run.execute();
      return run.snapshot();
    } finally {
      this.running.delete(instance.id);
      this.roomWaiters.shift()?.();
    }
  }

  /** Interrupts a run of this process at once (the stored stop request covers other processes). */
  signalStop(instanceId: string): void {
    this.running.get(instanceId)?.interrupt('stop');
  }
}

class Run {
  private readonly instance: InstanceRecord;
  private plan!: ExecutablePlan;
  private types!: DataTypeResolver;
  private state!: ExecutionState;
  private variables: Record<string, unknown>;
  private errors: InstanceError[];
  private readonly pendingRuns = new Map<string, ActionRunRecord>();
  /** Made when an action first asks for the signal: most runs have no action that does. */
  private controller: AbortController | null = null;
  private aborted: { reason: unknown } | null = null;
  private interruption: Interruption = null;
  private currentActionId: string | null;
  private timeConsumed: number;
  private actionsConsumed: number;
  /** Tokens being executed now. */
  private readonly active = new Map<number, Token>();
  /** Tokens ready to execute. */
  private readonly ready: Token[] = [];
  private failed: Unhandled | null = null;
  private services: ActionServices | null = null;
  private written: Partial<InstanceRecord> = {};
  /** The first write, while the instance is not stored yet (see Engine.runClaimed). */
  private storing: Promise<void> | null = null;
  /** Set when an unstored run has gone on long enough to be stored at the next step. */
  private storeDue = false;
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: EngineDeps,
    instance: InstanceRecord,
    private stored: boolean,
  ) {
    this.instance = instance;
    this.variables = { ...instance.variables };
    this.errors = [...instance.errors];
    this.currentActionId = instance.currentActionId;
    this.timeConsumed = instance.timeConsumed;
    this.actionsConsumed = instance.actionsConsumed;
  }

  /** The instance as the last checkpoint wrote it. */
  snapshot(): InstanceRecord {
    return { ...this.instance, ...this.written };
  }

  interrupt(reason: Exclude<Interruption, null>): void {
    if (this.interruption) return;
    this.interruption = reason;
    this.abort(reason);
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  /** Aborts what actions are doing; the first reason stays. */
  private abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = { reason };
    this.controller?.abort(reason);
  }

  private signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.aborted.reason);
    }
    return this.controller.signal;
  }

  /** Renews the lease of the stored instance while this run holds it. */
  private holdLease(): void {
    const { options, instances } = this.deps;
    this.renewal = setInterval(
      () => {
        const until = new Date(Date.now() + options.leaseMs);
        void instances.renewLease(this.instance.id, options.owner, until).then(
          (held) => held || this.interrupt('lease-lost'),
          () => undefined,
        );
      },
      Math.max(50, Math.floor(options.leaseMs / 3)),
    );
  }

  async execute(): Promise<void> {
    if (this.stored) this.holdLease();
    let timer: NodeJS.Timeout | undefined;
    try {
      if (this.instance.stopRequested) return await this.finish(FlowStatus.StoppedByUser);
      if (this.instance.timeoutAt && this.instance.timeoutAt <= this.now())
        return await this.timedOut();
      if (this.instance.timeoutAt) {
        timer = setTimeout(
          () => this.interrupt('timeout'),
          this.instance.timeoutAt.getTime() - this.now().getTime(),
        );
      }
      try {
        const loaded = await this.deps.plans.load(
          this.instance.workspaceId,
          this.instance.processId,
          this.instance.version,
        );
        this.plan = loaded.plan;
        this.types = loaded.types;
      } catch (error) {
        this.errors.push({
          actionId: null,
          actionName: null,
          message: `The process version cannot run: ${message(error)}`,
        });
        return await this.finish(FlowStatus.FinishedWithErrors);
      }
      this.state = this.instance.state ?? initialState(this.plan.startId);
      await this.walk();
    } catch (error) {
      this.deps.log.error('instance run failed', {
        instanceId: this.instance.id,
        err: message(error),
      });
      throw error;
    } finally {
      clearInterval(this.renewal);
      clearTimeout(timer);
    }
  }

  private async walk(): Promise<void> {
    // Waiting tokens whose wait is over continue first.
    for (const token of this.state.tokens) {
      if (!token.wait) this.ready.push(token);
    }
    await this.resumeWaits();
    this.afterStep();
    const inFlight = new Set<Promise<void>>();
    const begun = performance.now();
    let sliceStart = begun;
    while (!this.interruption && !this.failed) {
      while (this.ready.length > 0 && !this.interruption && !this.failed) {
        const token = this.ready.shift()!;
        this.active.set(token.id, token);
        const work = this.step(token).finally(() => inFlight.delete(work));
        inFlight.add(work);
      }
      if (inFlight.size === 0) break;
      // One branch is the common case: wait on it without building a race.
      await (inFlight.size === 1 ? inFlight.values().next().value : Promise.race(inFlight));
      const now = performance.now();
      if (!this.stored && now - begun >= STORE_UNSTORED_AFTER_MS) this.storeDue = true;
      if (now - sliceStart >= SLICE_MS) {
        // Quick actions resolve as microtasks: without a turn of the event loop now and then, a
        // long run would hold off every request, timer and lease renewal of this process.
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    await Promise.allSettled([...inFlight]);
    if (this.interruption === 'lease-lost') return;
    if (this.interruption === 'stop') return this.finish(FlowStatus.StoppedByUser);
    if (this.interruption === 'timeout') return this.timedOut();
    if (this.failed) return this.finish(FlowStatus.FinishedWithErrors);
    const waiting = this.state.tokens.filter((t) => t.wait);
    if (waiting.length === 0)
      return this.finish(
        this.errors.length > 0 ? FlowStatus.FinishedWithErrors : FlowStatus.Finished,
      );
    return this.park(waiting);
  }

  /** Checks tokens parked on a Delay or a child; the ones whose wait is over become ready. */
  private async resumeWaits(): Promise<void> {
    for (const token of this.state.tokens) {
      const wait = token.wait;
      if (!wait) continue;
      const node = this.plan.nodes.get(token.node)!;
      if (wait.kind === 'retry') {
        if (new Date(wait.until) <= this.now()) {
          delete token.wait;
          token.attempt = wait.attempt + 1;
          this.ready.push(token);
        }
        continue;
      }
      if (wait.kind === 'delay') {
        if (new Date(wait.until) <= this.now()) {
          delete token.wait;
          this.completeRun(node, token, ActionStatus.Done, {
            outputs: { resumedOn: this.now().toISOString() },
          });
          this.advanceFrom(token, node.next);
        }
        continue;
      }
      const child = await this.deps.instances.get(wait.instanceId);
      if (!child || !isTerminal(child.status)) continue;
      delete token.wait;
      if (child.status === FlowStatus.Finished) {
        this.copyChildOutputs(node, token, child);
        this.completeRun(node, token, ActionStatus.Done, {
          outputs: { instanceId: child.id, status: child.status },
        });
        this.advanceFrom(token, node.next);
      } else {
        const failure: ActionFailure = {
          type: 'subprocess.failed',
          message:
            child.status === FlowStatus.StoppedByUser
              ? 'The called process was stopped.'
              : `The called process ended with errors: ${child.errors.map((e) => e.message).join('; ') || 'unknown error'}`,
          retryable: false,
          details: { instanceId: child.id, status: child.status },
        };
        this.handleFailure(node, token, failure);
      }
    }
  }

  private async step(token: Token): Promise<void> {
    const node = this.plan.nodes.get(token.node);
    try {
      if (!node) throw new Error(`node ${token.node} is not in the plan`);
      // An effect outside the engine must find its instance stored, so a resume repeats it.
      if (!this.stored && this.hasOutsideEffects(node)) await this.checkpoint(FlowStatus.Running);
      const result = await this.run(node, token);
      this.active.delete(token.id);
      if (result.kind === 'next') this.advanceFrom(token, result.edges);
      else if (result.kind === 'end') this.removeToken(token);
      if (
        node.kind !== 'start' &&
        node.kind !== 'stop' &&
        (result.kind === 'wait' || this.hasOutsideEffects(node) || (this.storeDue && !this.stored))
      )
        await this.checkpoint(FlowStatus.Running);
    } catch (error) {
      this.active.delete(token.id);
      if (error instanceof Unhandled) {
        this.failed ??= error;
        this.abort('failed');
        return;
      }
      this.failed ??= new Unhandled(node ?? ({ id: token.node, name: token.node } as PlanNode), {
        type: 'internal',
        message: message(error),
        retryable: false,
      });
      this.abort('failed');
    } finally {
      this.afterStep();
    }
  }

  private hasOutsideEffects(node: PlanNode): boolean {
    if (node.disabled) return false;
    if (
      node.kind === 'call-subprocess' ||
      node.kind === 'trigger-subprocess' ||
      node.kind === 'delay'
    )
      return true;
    return (
      node.kind === 'action' &&
      (this.deps.actions.executable(node.templateId, this.instance.workspaceId)?.effectful ?? false)
    );
  }

  /** Executes one node and says where its token goes. */
  private async run(node: PlanNode, token: Token): Promise<StepResult> {
    if (node.disabled) return { kind: 'next', edges: node.skipTo };
    this.currentActionId = node.id;
    this.startRun(node, token);
    switch (node.kind) {
      case 'start':
        this.completeRun(node, token, ActionStatus.Done, {});
        return { kind: 'next', edges: node.next };
      case 'stop':
        this.completeRun(node, token, ActionStatus.Done, {});
        return { kind: 'end' };
      case 'decisional':
        return this.decide(node, token);
      case 'for-each':
        return this.startLoop(node, token);
      case 'map-data':
        return this.mapData(node, token);
      case 'delay':
        return this.delay(node, token);
      case 'call-subprocess':
      case 'trigger-subprocess':
        return this.subprocess(node, token);
      case 'throw':
        return this.fail(node, token, {
          type: 'throw',
          message: String(
            this.input(node, token, CONTROL_SETTING_IDS.Throw.Message) ?? 'An exception occurred.',
          ),
          retryable: false,
        });
      case 'action':
        return this.action(node, token);
      default:
        return this.fail(node, token, {
          type: 'unsupported',
          message: `Actions of kind "${node.kind}" cannot run on this server.`,
          retryable: false,
        });
    }
  }

  // ----- variables -----

  private lookup(token: Token): (variableId: string) => unknown {
    return (variableId) =>
      (token.locals && variableId in token.locals
        ? token.locals[variableId]
        : this.variables[variableId]) ?? null;
  }

  private resolve(bound: BoundValue, token: Token): unknown {
    return resolveBoundValue(bound, this.lookup(token));
  }

  private input(node: PlanNode, token: Token, settingId: string): unknown {
    const parameter = node.parameters.get(settingId);
    return parameter ? this.resolve(parameter.input, token) : null;
  }

  private write(reference: VariableReference, value: unknown, token: Token): void {
    const variable = this.plan.variables.get(reference.variableId);
    let converted = value;
    if (variable && reference.path.length === 0 && value !== null && value !== undefined) {
      const checked = checkValue(variable.type, value, this.types);
      if (checked.ok) converted = checked.value;
    }
    const target =
      token.locals && reference.variableId in token.locals ? token.locals : this.variables;
    target[reference.variableId] = writeReference(
      reference,
      target[reference.variableId],
      converted,
    );
  }

  // ----- records -----

  private runKey(node: PlanNode, token: Token): string {
    return `${node.id}#${token.iteration}`;
  }

  private startRun(node: PlanNode, token: Token): ActionRunRecord {
    const key = this.runKey(node, token);
    const existing = this.pendingRuns.get(key);
    const record: ActionRunRecord = {
      instanceId: this.instance.id,
      actionId: node.id,
      iteration: token.iteration,
      status: ActionStatus.Starting,
      attempts: (existing?.attempts ?? 0) + 1,
      startedOn: this.now(),
      finishedOn: null,
      inputs: null,
      outputs: null,
      error: null,
      counted: !UNCOUNTED_KINDS.has(node.kind),
    };
    this.pendingRuns.set(key, record);
    return record;
  }

  private completeRun(
    node: PlanNode,
    token: Token,
    status: number,
    data: { inputs?: unknown; outputs?: unknown; error?: unknown },
  ): void {
    const key = this.runKey(node, token);
    const record = this.pendingRuns.get(key) ?? this.startRun(node, token);
    record.status = status;
    record.finishedOn = this.now();
    if (data.inputs !== undefined) record.inputs = data.inputs;
    if (data.outputs !== undefined) record.outputs = data.outputs;
    if (data.error !== undefined) record.error = data.error;
    // Intermediate completions (a For Each that started its items, a call that started its
    // child) are counted when the action ends, so each action counts once.
    if (
      record.counted &&
      status !== ActionStatus.ChildStarted &&
      status !== ActionStatus.Executed
    ) {
      this.actionsConsumed += 1;
      this.timeConsumed += record.finishedOn.getTime() - record.startedOn.getTime();
    }
  }

  // ----- tokens -----

  private removeToken(token: Token): void {
    this.state.tokens = this.state.tokens.filter((t) => t.id !== token.id);
  }

  private newToken(from: Token, edge: PlanEdge): Token {
    const target = this.plan.nodes.get(edge.target)!;
    const sameIteration = target.forEachId !== null && from.iteration !== TOP_LEVEL;
    const token: Token = {
      id: this.state.nextTokenId++,
      node: edge.target,
      via: edge.id,
      iteration: sameIteration ? from.iteration : TOP_LEVEL,
    };
    if (sameIteration && from.locals) token.locals = from.locals;
    return token;
  }

  /** Replaces a finished token by tokens on the given edges (loop-backs end the branch). */
  private advanceFrom(from: Token, edges: readonly PlanEdge[]): void {
    const successors: Token[] = [];
    for (const edge of edges) {
      if (this.interruption || this.failed) break;
      if (edge.kind === 'loop-back') continue;
      successors.push(this.newToken(from, edge));
    }
    this.state.tokens = this.state.tokens.filter((t) => t.id !== from.id);
    for (const token of successors) {
      const target = this.plan.nodes.get(token.node)!;
      if (target.kind === 'join' && !target.disabled) {
        const key = joinKey(target.id, token.iteration);
        (this.state.joins[key] ??= []).push(token.via ?? '');
        continue;
      }
      this.state.tokens.push(token);
      this.ready.push(token);
    }
  }

  /** After any step: Joins whose missing inputs can no longer arrive fire; finished loop items advance. */
  private afterStep(): void {
    if (this.interruption || this.failed) return;
    let changed = true;
    while (changed) {
      changed = this.fireJoins() || this.advanceLoops();
    }
  }

  private isLive(nodeIds: ReadonlySet<string>, iteration: number): boolean {
    for (const token of this.state.tokens) {
      if (iteration !== TOP_LEVEL && token.iteration !== iteration) continue;
      const node = this.plan.nodes.get(token.node);
      if (nodeIds.has(token.node) || (node?.forEachId && nodeIds.has(node.forEachId))) return true;
    }
    for (const loopId of Object.keys(this.state.loops))
      if (iteration === TOP_LEVEL && nodeIds.has(loopId)) return true;
    for (const key of Object.keys(this.state.joins)) {
      const [joinId, it] = key.split('#') as [string, string];
      if (nodeIds.has(joinId) && (iteration === TOP_LEVEL || Number(it) === iteration)) return true;
    }
    return false;
  }

  private fireJoins(): boolean {
    let fired = false;
    for (const [key, arrived] of Object.entries(this.state.joins)) {
      const [joinId, it] = key.split('#') as [string, string];
      const iteration = Number(it);
      const node = this.plan.nodes.get(joinId)!;
      const waitingFor = node.join!.inputs.filter((input) => !arrived.includes(input.edge.id));
      const others = { ...this.state.joins };
      delete others[key];
      const saved = this.state.joins;
      this.state.joins = others;
      const blocked = waitingFor.some((input) => this.isLive(input.upstream, iteration));
      this.state.joins = saved;
      if (blocked) continue;
      delete this.state.joins[key];
      const token: Token = { id: this.state.nextTokenId++, node: joinId, via: null, iteration };
      this.startRun(node, token);
      this.completeRun(node, token, ActionStatus.Done, { inputs: { arrived } });
      const successors = node.next;
      this.state.tokens.push(token);
      this.advanceFrom(token, successors);
      fired = true;
    }
    return fired;
  }

  // ----- control actions -----

  private decide(node: PlanNode, token: Token): StepResult {
    const plan = node.decisional!;
    const resolve = (operand: BoundValue) => this.resolve(operand, token);
    const chosen = plan.cases.find((c) => evaluateConditions(c.conditions, resolve));
    const edge = chosen?.edge ?? plan.defaultEdge;
    this.completeRun(node, token, ActionStatus.Done, {
      outputs: { caseId: chosen ? chosen.id : null, target: edge?.target ?? null },
    });
    return edge ? { kind: 'next', edges: [edge] } : { kind: 'end' };
  }

  private startLoop(node: PlanNode, token: Token): StepResult {
    const list = this.input(node, token, CONTROL_SETTING_IDS.ForEach.InList);
    const items = list === null || list === undefined ? [] : Array.isArray(list) ? list : null;
    if (!items)
      return this.fail(node, token, {
        type: 'validation',
        message: 'For Each: "In List" is not a list.',
        retryable: false,
      });
    const concurrencyRaw = Number(
      this.input(node, token, SLUICE_SETTING_IDS.ForEach.Concurrency) ?? 1,
    );
    const concurrency = Number.isInteger(concurrencyRaw) && concurrencyRaw > 1 ? concurrencyRaw : 1;
    const startedOn = this.now().toISOString();
    const timeoutSeconds = Number(
      this.input(node, token, CONTROL_SETTING_IDS.ForEach.Timeout) ?? 0,
    );
    this.state.loops[node.id] = {
      items,
      next: 0,
      concurrency,
      startedOn,
      running: [],
      timeoutSeconds: Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds : 0,
    };
    this.writeOutput(node, token, CONTROL_SETTING_IDS.ForEach.StartTime, startedOn);
    this.removeToken(token);
    this.completeRun(node, token, ActionStatus.Executed, {
      inputs: { items: items.length, concurrency },
    });
    this.advanceLoops();
    return { kind: 'end' };
  }

  /** Starts pending items of every loop with room, and ends loops whose items are all done. */
  private advanceLoops(): boolean {
    let changed = false;
    for (const [loopId, loop] of Object.entries(this.state.loops)) {
      const node = this.plan.nodes.get(loopId)!;
      loop.running = loop.running.filter((index) =>
        this.isLive(new Set(node.forEach!.body), index),
      );
      const overdue =
        loop.timeoutSeconds > 0 &&
        this.now().getTime() - new Date(loop.startedOn).getTime() > loop.timeoutSeconds * 1000;
      if (overdue && loop.next < loop.items.length) {
        // PROCESIO's rule: once the loop's time is used up, the next item stops the loop.
        delete this.state.loops[loopId];
        const token: Token = {
          id: this.state.nextTokenId++,
          node: loopId,
          via: null,
          iteration: TOP_LEVEL,
        };
        this.errors.push({
          actionId: loopId,
          actionName: node.name,
          message: 'Foreach timeout exceeded!',
        });
        this.completeRun(node, token, ActionStatus.Error, {
          error: { message: 'Foreach timeout exceeded!', code: 'timeout' },
        });
        this.failed ??= new Unhandled(node, {
          type: 'timeout',
          message: 'Foreach timeout exceeded!',
          retryable: false,
        });
        this.abort('failed');
        return false;
      }
      while (loop.running.length < loop.concurrency && loop.next < loop.items.length) {
        const index = loop.next++;
        loop.running.push(index);
        this.startItem(node, loop.items[index], index, loop.concurrency > 1);
        changed = true;
      }
      if (loop.running.length === 0 && loop.next >= loop.items.length) {
        delete this.state.loops[loopId];
        const token: Token = {
          id: this.state.nextTokenId++,
          node: loopId,
          via: null,
          iteration: TOP_LEVEL,
        };
        this.completeRun(node, token, ActionStatus.Done, { outputs: { items: loop.items.length } });
        this.state.tokens.push(token);
        this.advanceFrom(token, node.next);
        changed = true;
      }
    }
    return changed;
  }

  private startItem(node: PlanNode, item: unknown, index: number, isolated: boolean): void {
    const carrier: Token = {
      id: this.state.nextTokenId++,
      node: node.id,
      via: null,
      iteration: index,
    };
    if (isolated) {
      carrier.locals = {};
      for (const settingId of [
        CONTROL_SETTING_IDS.ForEach.Item,
        CONTROL_SETTING_IDS.ForEach.Index,
      ]) {
        const output = node.parameters.get(settingId)?.output;
        if (output) carrier.locals[output.variableId] = this.variables[output.variableId] ?? null;
      }
    }
    this.writeOutput(node, carrier, CONTROL_SETTING_IDS.ForEach.Item, item);
    this.writeOutput(node, carrier, CONTROL_SETTING_IDS.ForEach.Index, index);
    const entry = node.forEach!.entry;
    const token: Token = {
      id: this.state.nextTokenId++,
      node: entry.target,
      via: entry.id,
      iteration: index,
    };
    if (carrier.locals) token.locals = carrier.locals;
    this.state.tokens.push(token);
    this.ready.push(token);
  }

  private writeOutput(node: PlanNode, token: Token, settingId: string, value: unknown): void {
    const output = node.parameters.get(settingId)?.output;
    if (output) this.write(output, value, token);
  }

  private mapData(node: PlanNode, token: Token): StepResult {
    const rows = node.parameters.get(CONTROL_SETTING_IDS.MapProcessData.Rows)?.rows ?? [];
    const written: Record<string, unknown> = {};
    for (const row of rows) {
      if (!row.target || !row.source) continue;
      const value = this.resolve(row.source, token);
      this.write(row.target, value, token);
      written[row.target.variableId] = value;
    }
    this.completeRun(node, token, ActionStatus.Done, { outputs: written });
    return { kind: 'next', edges: node.next };
  }

  private delay(node: PlanNode, token: Token): StepResult {
    const ids = CONTROL_SETTING_IDS.Delay;
    let until: Date;
    try {
      until = delayWakeTime(
        {
          type: this.input(node, token, ids.Type),
          value: this.input(node, token, ids.Value),
          runtimeAmount: this.input(node, token, ids.RuntimeAmount),
          runtimeInterval: this.input(node, token, ids.RuntimeInterval),
          until: this.input(node, token, ids.Until),
        },
        this.now(),
      );
    } catch (error) {
      return this.fail(node, token, failureOf(error));
    }
    if (until <= this.now()) {
      this.completeRun(node, token, ActionStatus.Done, { inputs: { until: until.toISOString() } });
      return { kind: 'next', edges: node.next };
    }
    const record = this.pendingRuns.get(this.runKey(node, token));
    if (record) record.inputs = { until: until.toISOString() };
    token.wait = { kind: 'delay', until: until.toISOString() };
    return { kind: 'wait' };
  }

  private async subprocess(node: PlanNode, token: Token): Promise<StepResult> {
    const waits = node.kind === 'call-subprocess';
    const ids = waits ? CONTROL_SETTING_IDS.CallSubprocess : CONTROL_SETTING_IDS.TriggerSubprocess;
    const target = this.input(node, token, ids.Process);
    const processId =
      typeof target === 'string'
        ? target
        : typeof target === 'object' && target !== null
          ? String((target as { id?: unknown }).id ?? '')
          : '';
    const inputs: Record<string, unknown> = {};
    for (const row of node.parameters.get(ids.Inputs)?.rows ?? []) {
      if (!row.childVariable || !row.source) continue;
      inputs[row.childVariable.variableId] = this.resolve(row.source, token);
    }
    let childId: string;
    try {
      childId = await this.deps.subprocesses.start({
        parent: this.instance,
        actionId: node.id,
        processId: processId.toLowerCase(),
        inputs,
        waits,
      });
    } catch (error) {
      return this.fail(node, token, failureOf(error));
    }
    if (!waits) {
      this.writeOutput(node, token, CONTROL_SETTING_IDS.TriggerSubprocess.InstanceId, childId);
      this.completeRun(node, token, ActionStatus.Done, {
        inputs,
        outputs: { instanceId: childId },
      });
      return { kind: 'next', edges: node.next };
    }
    this.writeOutput(node, token, CONTROL_SETTING_IDS.CallSubprocess.StartedInstance, childId);
    this.completeRun(node, token, ActionStatus.ChildStarted, {
      inputs,
      outputs: { instanceId: childId },
    });
    token.wait = { kind: 'child', instanceId: childId };
    return { kind: 'wait' };
  }

  private copyChildOutputs(node: PlanNode, token: Token, child: InstanceRecord): void {
    for (const row of node.parameters.get(CONTROL_SETTING_IDS.CallSubprocess.Outputs)?.rows ?? []) {
      if (!row.childVariable || !row.target) continue;
      let value = child.variables[row.childVariable.variableId] ?? null;
      for (const attributeId of row.childVariable.attributeIds) {
        value =
          typeof value === 'object' && value !== null
            ? ((value as Record<string, unknown>)[attributeId] ?? null)
            : null;
      }
      this.write(row.target, value, token);
    }
  }

  // ----- platform actions -----

  private actionServices(): ActionServices {
    this.services ??= this.deps.services({
      id: this.instance.id,
      processId: this.instance.processId,
      workspaceId: this.instance.workspaceId,
    });
    return this.services;
  }

  private async action(node: PlanNode, token: Token): Promise<StepResult> {
    const definition = this.deps.actions.executable(node.templateId, this.instance.workspaceId);
    if (!definition)
      return this.fail(node, token, {
        type: 'unsupported',
        message: `The action "${node.name}" (${node.templateId}) cannot run on this server.`,
        retryable: false,
      });
    const inputs: Record<string, unknown> = {};
    for (const [settingId, parameter] of node.parameters) {
      if (parameter.setting?.direction === 3) continue;
      inputs[settingId] = this.resolve(parameter.input, token);
    }
    const record = this.pendingRuns.get(this.runKey(node, token))!;
    record.inputs = inputs;
    const { maxAttempts, retryBaseMs } = this.deps.options;
    const attempt = token.attempt ?? 1;
    delete token.attempt;
    record.attempts = attempt;
    try {
      const outputs = await this.withTimeout(definition.execute.bind(definition), {
        inputs,
        signal: this.signal(),
        idempotencyKey: `${this.instance.id}:${node.id}:${token.iteration}`,
        attempt,
        instance: {
          id: this.instance.id,
          processId: this.instance.processId,
          workspaceId: this.instance.workspaceId,
        },
        log: (msg, fields) =>
          this.deps.log.warn(msg, { instanceId: this.instance.id, actionId: node.id, ...fields }),
        ...this.actionServices(),
      });
      for (const [settingId, value] of Object.entries(outputs)) {
        const parameter: PlanParameter | undefined = node.parameters.get(settingId);
        if (parameter?.output) this.write(parameter.output, value, token);
      }
      this.completeRun(node, token, ActionStatus.Done, { outputs });
      return { kind: 'next', edges: node.next };
    } catch (error) {
      const failure = failureOf(error);
      if (this.aborted) {
        this.completeRun(node, token, ActionStatus.Error, {
          error: { ...failure, message: `Interrupted: ${String(this.aborted.reason)}` },
        });
        return { kind: 'end' };
      }
      if (!failure.retryable || attempt >= maxAttempts) return this.fail(node, token, failure);
      // The back-off is a wait like a Delay's: the instance parks and the queue wakes it, so
      // the worker is free meanwhile and any worker may make the next attempt.
      record.error = { message: failure.message, code: failure.type, attempt };
      // Each attempt counts as an action execution (API.md §11); the last one counts when the
      // record completes.
      this.actionsConsumed += 1;
      this.timeConsumed += this.now().getTime() - record.startedOn.getTime();
      const until = new Date(this.now().getTime() + retryBaseMs * 2 ** (attempt - 1));
      token.wait = { kind: 'retry', until: until.toISOString(), attempt };
      return { kind: 'wait' };
    }
  }

  /**
   * Runs an action under the per-action time limit: its signal aborts when the limit passes,
   * and an action that ignores the signal is abandoned with a retryable `timeout` failure.
   * The action's signal (the run's, or the limit's, whichever aborts first) is made when the
   * action first reads it: most actions are quick pure ones that never do, and making an
   * AbortController and an `AbortSignal.any` for every action was a large part of the engine's
   * cost per action.
   */
  private async withTimeout(
    execute: ActionDefinition['execute'],
    context: Parameters<ActionDefinition['execute']>[0],
  ): Promise<Record<string, unknown>> {
    const limit = this.deps.options.actionTimeoutMs;
    const run = context.signal;
    let own: AbortController | null = null;
    let expired = false;
    const forward = () => own?.abort(run.reason);
    let fail: (error: ActionError) => void = () => undefined;
    const timedOut = new Promise<never>((_, reject) => (fail = reject));
    const handle = setTimeout(() => {
      expired = true;
      own?.abort('timeout');
      fail(timeLimitPassed(limit));
    }, limit);
    const signal = (): AbortSignal => {
      if (!own) {
        own = new AbortController();
        if (run.aborted) own.abort(run.reason);
        else if (expired) own.abort('timeout');
        else run.addEventListener('abort', forward, { once: true });
      }
      return own.signal;
    };
    try {
      const actionContext = {
        ...context,
        get signal() {
          return signal();
        },
      };
      return await Promise.race([execute(actionContext), timedOut]);
    } finally {
      clearTimeout(handle);
      run.removeEventListener('abort', forward);
    }
  }

  /** Routes a failure to the node's error edge, or ends the instance with errors. */
  private fail(node: PlanNode, token: Token, failure: ActionFailure): StepResult {
    return this.handleFailure(node, token, failure);
  }

  private handleFailure(node: PlanNode, token: Token, failure: ActionFailure): StepResult {
    const errorValue = {
      message: failure.message,
      code: failure.type,
      actionId: node.id,
      actionName: node.name,
      templateId: node.templateId,
      details: failure.details ?? null,
    };
    this.completeRun(node, token, ActionStatus.Error, { error: errorValue });
    if (node.error) {
      if (node.errorVariableId)
        this.write(
          { variableId: node.errorVariableId, path: [], type: { dataTypeId: '', isList: false } },
          errorValue,
          token,
        );
      return { kind: 'next', edges: [node.error] };
    }
    this.errors.push({ actionId: node.id, actionName: node.name, message: failure.message });
    throw new Unhandled(node, failure);
  }

  // ----- persistence -----

  private snapshotRuns(): ActionRunRecord[] {
    const runs = [...this.pendingRuns.values()];
    for (const [key, run] of this.pendingRuns) if (run.finishedOn) this.pendingRuns.delete(key);
    return runs;
  }

  /** Writes progress; `final` drops the execution state, `release` gives the lease up in the same write. */
  private async checkpoint(
    status: number,
    finishedOn: Date | null = null,
    final = false,
    release = false,
  ): Promise<void> {
    if (!this.stored) {
      if (!this.storing) {
        this.storing = this.store(status, finishedOn, final, release, true);
        await this.storing;
        this.stored = true;
        if (!release) this.holdLease();
        return;
      }
      // Another branch is storing the instance; this write follows it as an update.
      await this.storing;
    }
    await this.store(status, finishedOn, final, release, false);
  }

  private async store(
    status: number,
    finishedOn: Date | null,
    final: boolean,
    release: boolean,
    first: boolean,
  ): Promise<void> {
    const saved = await this.deps.instances.checkpoint(
      this.instance.id,
      this.deps.options.owner,
      {
        status,
        variables: this.variables,
        state: final ? null : structuredClone(this.state),
        errors: this.errors,
        currentActionId: this.currentActionId,
        finishedOn,
        timeConsumed: this.timeConsumed,
        actionsConsumed: this.actionsConsumed,
        releaseLease: release,
      },
      this.snapshotRuns(),
      first
        ? {
            instance: this.instance,
            leaseUntil: new Date(this.now().getTime() + this.deps.options.leaseMs),
          }
        : undefined,
    );
    if (!saved) return this.interrupt('lease-lost');
    this.written = {
      status,
      variables: this.variables,
      errors: this.errors,
      currentActionId: this.currentActionId,
      finishedOn,
      timeConsumed: this.timeConsumed,
      actionsConsumed: this.actionsConsumed,
      updatedOn: this.now(),
    };
  }

  private async timedOut(): Promise<void> {
    this.errors.push({ actionId: null, actionName: null, message: 'Process timeout' });
    await this.finish(FlowStatus.FinishedWithErrors);
  }

  private async finish(status: number): Promise<void> {
    if (status === FlowStatus.StoppedByUser || status === FlowStatus.FinishedWithErrors) {
      // Children a Call Subprocess waits for end with their parent.
      const children = (this.state?.tokens ?? []).flatMap((t) =>
        t.wait?.kind === 'child' ? [t.wait.instanceId] : [],
      );
      for (const childId of children) {
        await this.deps.instances.requestStop(childId);
        await this.deps.queue.enqueue(childId);
      }
    }
    // A resumed run holds only the records it made itself; one its predecessor left open (the
    // Delay or sub-process it waited on) must end with the instance too.
    if (this.instance.state !== null && status !== FlowStatus.Finished) {
      for (const stored of await this.deps.instances.listActionRuns(this.instance.id)) {
        const key = `${stored.actionId}#${stored.iteration}`;
        if (!stored.finishedOn && !this.pendingRuns.has(key)) this.pendingRuns.set(key, stored);
      }
    }
    for (const run of this.pendingRuns.values()) {
      if (!run.finishedOn) {
        run.finishedOn = this.now();
        run.status = ActionStatus.Error;
        run.error ??= { message: status === FlowStatus.StoppedByUser ? 'Stopped' : 'Not finished' };
      }
    }
    await this.checkpoint(status, this.now(), true, true);
    if (this.interruption === 'lease-lost') return;
    this.deps.events.emit(this.instance.id, status);
    if (this.instance.parentInstanceId)
      await this.deps.queue.enqueue(this.instance.parentInstanceId);
  }

  private async park(waiting: Token[]): Promise<void> {
    const delays = waiting.flatMap((t) =>
      t.wait?.kind === 'delay' || t.wait?.kind === 'retry'
        ? [new Date(t.wait.until).getTime()]
        : [],
    );
    const status = delays.length > 0 ? FlowStatus.Waiting : FlowStatus.Running;
    await this.checkpoint(status, null, false, true);
    if (this.interruption === 'lease-lost') return;
    this.deps.events.emit(this.instance.id, status);
    const wakes = [...delays];
    if (this.instance.timeoutAt) wakes.push(this.instance.timeoutAt.getTime());
    if (wakes.length > 0)
      await this.deps.queue.enqueue(this.instance.id, new Date(Math.min(...wakes)));
  }
}

function failureOf(error: unknown): ActionFailure {
  if (error instanceof ActionError) return error.failure;
  if (error instanceof Error && error.name === 'AbortError')
    return { type: 'aborted', message: 'The action was interrupted.', retryable: false };
  return { type: 'internal', message: message(error), retryable: false };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
