// The engine's per-action time limit and signal, over stub ports: an action that ignores its
// signal is abandoned with a retryable timeout, the signal an action reads aborts with the limit
// ("timeout") or with the run ("stop"), and an action that never reads it just runs.
import { describe, expect, it } from 'vitest';
import type { ActionDefinition, ActionServices } from '../actions/action.js';
import { createActionRegistry } from '../actions/catalogue.js';
import { actionTemplate } from '../actions/template-builders.js';
import { builtinResolver } from '../domain/data-types/builtin-models.js';
import { compileFlow } from '../flow/compile.js';
import type {
  ActionRunRecord,
  InstanceProgress,
  InstanceRecord,
  InstanceStore,
} from '../ports/instance.store.js';
import { systemClock } from '../ports/clock.js';
import { FlowBuilder } from '../testing/flow-builder.js';
import { Engine } from './engine.js';
import { FlowStatus } from './statuses.js';

const TEMPLATE_ID = '6b0a3a52-9a59-4a8e-9d4c-1e4f2b7d0c11';

interface Checkpoint {
  progress: InstanceProgress;
  runs: ActionRunRecord[];
}

/** Runs Start → the given action → Stop once and answers what the engine wrote. */
async function runWith(
  execute: ActionDefinition['execute'],
  options: { timeoutMs?: number; stopAfterMs?: number } = {},
) {
  const registry = createActionRegistry().add({
    template: actionTemplate(TEMPLATE_ID, 'Under test', []),
    effectful: false,
    execute,
  });
  const flow = new FlowBuilder('Signals');
  flow.chain(flow.start(), flow.node(TEMPLATE_ID, 'Under test'), flow.stop());
  const types = builtinResolver();
  const document = flow.build();
  const { plan, problems } = compileFlow(document, registry, types);
  if (!plan) throw new Error(JSON.stringify(problems));
  const checkpoints: Checkpoint[] = [];
  const instances = {
    checkpoint: async (_id: string, _owner: string, progress: InstanceProgress, runs) => {
      checkpoints.push({ progress, runs: runs.map((run) => ({ ...run })) });
      return true;
    },
    renewLease: async () => true,
    get: async () => null,
    requestStop: async () => undefined,
  } as Pick<InstanceStore, 'checkpoint' | 'renewLease' | 'get' | 'requestStop'>;
  const engine = new Engine({
    instances: instances as InstanceStore,
    plans: { load: async () => ({ plan, types }) },
    actions: registry,
    queue: { enqueue: async () => undefined },
    subprocesses: { start: async () => 'child' },
    events: { emit: () => undefined },
    clock: systemClock,
    log: { warn: () => undefined, error: () => undefined },
    services: () => ({}) as ActionServices,
    options: {
      owner: 'worker',
      leaseMs: 60_000,
      maxAttempts: 3,
      retryBaseMs: 60_000,
      actionTimeoutMs: options.timeoutMs ?? 60_000,
    },
  });
  const now = new Date();
  const instance: InstanceRecord = {
    id: 'instance-1',
    workspaceId: 'workspace-1',
    processId: flow.id,
    version: 1,
    title: 'Signals',
    status: FlowStatus.Running,
    variables: {},
    state: null,
    errors: [],
    currentActionId: null,
    parentInstanceId: null,
    parentActionId: null,
    trigger: { kind: 'api', name: null },
    createdById: null,
    createdOn: now,
    updatedOn: now,
    launchedOn: now,
    finishedOn: null,
    timeoutAt: null,
    stopRequested: false,
    timeConsumed: 0,
    actionsConsumed: 0,
  };
  if (options.stopAfterMs !== undefined)
    setTimeout(() => engine.signalStop(instance.id), options.stopAfterMs);
  const finished = await engine.runClaimed(instance);
  const last = checkpoints[checkpoints.length - 1]!;
  const actionId = document.actions!.find((a) => a.templateId === TEMPLATE_ID)!.id;
  const run = last.runs.find((r) => r.actionId === actionId);
  return { finished, last, run };
}

const abortReason = (signal: AbortSignal) =>
  new Promise<unknown>((resolve) => signal.addEventListener('abort', () => resolve(signal.reason)));

describe('an action’s time limit and signal', () => {
  it('runs an action that never reads its signal', async () => {
    const { finished, run } = await runWith(async () => ({}));
    expect(finished.status).toBe(FlowStatus.Finished);
    expect(run?.error).toBeNull();
  });

  it('abandons an action that ignores its signal with a retryable timeout', async () => {
    const { last, run } = await runWith(() => new Promise(() => undefined), { timeoutMs: 50 });
    expect(run?.error).toMatchObject({ code: 'timeout', attempt: 1 });
    expect((run?.error as { message: string }).message).toMatch(/did not finish within/);
    // A retryable failure parks the instance for its next attempt.
    expect(last.progress.state?.tokens.some((t) => t.wait?.kind === 'retry')).toBe(true);
  });

  it('aborts the signal an action reads when its time is up', async () => {
    let reason: unknown;
    await runWith(
      async ({ signal }) => {
        reason = await abortReason(signal);
        return {};
      },
      { timeoutMs: 50 },
    );
    expect(reason).toBe('timeout');
  });

  it('gives a signal read after the time is up already aborted', async () => {
    let seen: (signal: { aborted: boolean; reason: unknown }) => void = () => undefined;
    const observed = new Promise<{ aborted: boolean; reason: unknown }>(
      (resolve) => (seen = resolve),
    );
    await runWith(
      async (context) => {
        // Still running after the engine abandoned it, then it looks.
        await new Promise((resolve) => setTimeout(resolve, 100));
        seen({ aborted: context.signal.aborted, reason: context.signal.reason });
        return {};
      },
      { timeoutMs: 20 },
    );
    expect(await observed).toEqual({ aborted: true, reason: 'timeout' });
  });

  it('aborts the signal an action reads when the instance is stopped', async () => {
    let reason: unknown;
    const { run } = await runWith(
      async ({ signal }) => {
        reason = await abortReason(signal);
        throw new Error('stopped');
      },
      { stopAfterMs: 30 },
    );
    expect(reason).toBe('stop');
    expect(run?.error).toMatchObject({ message: 'Interrupted: stop' });
  });
});
