// Owns this process's entry in the node registry: registered at start, kept alive by a
// heartbeat on every tick, removed at stop; and the `workers` health built from the registry.
import os from 'node:os';
import { newId } from '../domain/ids.js';
import type { Clock } from '../ports/clock.js';
import type { ComponentHealth, HealthCheck } from '../ports/health.js';
import type { NodeRegistry } from '../ports/node.registry.js';
import { SLUICE_VERSION } from '../version.js';

/** A process whose heartbeat is older than this is considered gone. */
export const NODE_TIMEOUT_MS = 30_000;
const HEARTBEAT_EVERY_MS = 5_000;

export class NodePresence {
  readonly id = newId();
  private lastBeat = 0;

  constructor(
    private readonly registry: NodeRegistry,
    private readonly roles: string[],
    private readonly clock: Clock,
  ) {}

  async register(): Promise<void> {
    const now = this.clock.now();
    await this.registry.prune(new Date(now.getTime() - NODE_TIMEOUT_MS * 10));
    await this.registry.register({
      id: this.id,
      roles: this.roles,
      host: os.hostname(),
      pid: process.pid,
      version: SLUICE_VERSION,
      startedOn: now,
      heartbeatOn: now,
    });
    this.lastBeat = now.getTime();
  }

  /** The heartbeat tick task. */
  readonly heartbeat = {
    name: 'heartbeat',
    run: async (now: Date): Promise<void> => {
      if (now.getTime() - this.lastBeat < HEARTBEAT_EVERY_MS) return;
      await this.registry.heartbeat(this.id, now);
      this.lastBeat = now.getTime();
    },
  };

  async unregister(): Promise<void> {
    await this.registry.remove(this.id);
  }

  /** Health of the worker pool: how many worker processes beat recently. */
  workersHealth(): HealthCheck {
    return {
      name: 'workers',
      check: async (): Promise<ComponentHealth> => {
        const count = await this.registry.countLive(
          'worker',
          new Date(this.clock.now().getTime() - NODE_TIMEOUT_MS),
        );
        return count > 0
          ? { status: 'ok', count }
          : { status: 'down', count, error: 'no worker process is running' };
      },
    };
  }
}
