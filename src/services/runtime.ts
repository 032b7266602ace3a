// Owns the run-time assembly shared by every shape: the engine, the instance service, the plan
// cache and the dispatch queue consumer, over one storage.
import type { ActionServices } from '../actions/action.js';
import type { ActionRegistry } from '../actions/registry.js';
import type { DataTypeResolver } from '../domain/data-types/types.js';
import { newId } from '../domain/ids.js';
import { Engine, type EngineOptions } from '../engine/engine.js';
import type { EngineLog } from '../engine/ports.js';
import type { Clock } from '../ports/clock.js';
import type { WorkQueue } from '../ports/work-queue.js';
import type { Storage } from '../storage/storage.js';
import { InstanceEventBus } from './instance-events.js';
import {
  InstanceService,
  subprocessLauncher,
  type LocalWorker,
  type ProcessHeads,
} from './instance.service.js';
import { PlanCache, type ProcessVersions } from './plan-cache.js';

/** How long a worker's hold on an instance lasts without renewal. */
const DEFAULT_LEASE_MS = 10_000;

export interface RuntimeOptions {
  storage: Storage;
  processes: ProcessHeads & ProcessVersions;
  registry: ActionRegistry;
  queue: WorkQueue;
  clock: Clock;
  log: EngineLog;
  /** Instances one process advances at once. */
  concurrency: number;
  engine?: Partial<EngineOptions>;
  /** Credentials, files and egress for the actions of one instance. */
  services: (instance: { id: string; processId: string; workspaceId: string }) => ActionServices;
  /** The data types of a workspace for compiling plans. Default: the built-in types. */
  dataTypes?: (workspaceId: string) => Promise<DataTypeResolver>;
}

export interface Runtime {
  engine: Engine;
  instances: InstanceService;
  plans: PlanCache;
  events: InstanceEventBus;
  /** Starts consuming the queue and re-enqueues instances a previous process left unfinished. */
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const { storage, queue, clock, log } = options;
  const plans = new PlanCache(options.processes, options.registry, options.dataTypes);
  const events = new InstanceEventBus(storage.instances);
  const instances = new InstanceService({
    instances: storage.instances,
    processes: options.processes,
    plans,
    queue,
    events,
    clock,
  });
  const engine = new Engine({
    instances: storage.instances,
    plans,
    actions: options.registry,
    queue,
    subprocesses: subprocessLauncher(instances),
    events,
    clock,
    log,
    services: options.services,
    options: {
      owner: newId(),
      leaseMs: DEFAULT_LEASE_MS,
      actionTimeoutMs: 300_000,
      maxAttempts: 3,
      retryBaseMs: 500,
      ...options.engine,
    },
  });
  instances.signalStop = (id) => engine.signalStop(id);
  return {
    engine,
    instances,
    plans,
    events,
    async startWorker() {
      const local: LocalWorker = {
        owner: engine.owner,
        leaseMs: options.engine?.leaseMs ?? DEFAULT_LEASE_MS,
        hasRoom: () => engine.hasRoom(options.concurrency),
        run: async (instance, stored) => {
          await engine.whenRoom(options.concurrency);
          // A stored instance waited: it is claimed afresh, as its lease may have lapsed meanwhile.
          const run = stored ? engine.advance(instance.id) : engine.runClaimed(instance, false);
          return run.catch((error: unknown) => {
            log.error('running an instance failed; it is resumed if it was stored', {
              instanceId: instance.id,
              err: error instanceof Error ? error.message : String(error),
            });
            throw error;
          });
        },
      };
      instances.localWorker = () => local;
      queue.consume(async (job) => void (await engine.advance(job.instanceId)), {
        concurrency: options.concurrency,
        onError: (job, error) =>
          log.error('advancing an instance failed; it will be retried', {
            instanceId: job.instanceId,
            err: error instanceof Error ? error.message : String(error),
          }),
      });
      // A process killed mid-run leaves launched instances behind; their jobs are in the same
      // database, but an instance whose job was lost (or never written) is queued again here.
      // (A Redis queue is reconciled against the database instead, without the held ones.)
      if (queue.adapter === 'inline')
        for (const id of await storage.instances.unfinished(100_000)) await queue.enqueue(id);
    },
    stop: () => {
      instances.localWorker = () => null;
      return queue.stop();
    },
  };
}
