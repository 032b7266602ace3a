// Owns waiting for an instance to change status: in-process notifications from the engine, with
// a database poll as the fallback for instances another process runs.
import { EventEmitter } from 'node:events';
import { isTerminal } from '../engine/statuses.js';
import type { InstanceEvents } from '../engine/ports.js';
import type { InstanceRecord, InstanceStore } from '../ports/instance.store.js';
import type { InstanceSignalRelay } from '../queue/bullmq/redis-instance-signals.js';

const POLL_MS = 500;

export class InstanceEventBus implements InstanceEvents {
  private readonly emitter = new EventEmitter();

  constructor(private readonly instances: InstanceStore) {
    this.emitter.setMaxListeners(0);
  }

  private relay: InstanceSignalRelay | null = null;

  emit(instanceId: string, status: number): void {
    this.emitter.emit(instanceId, status);
    this.relay?.publish(instanceId, status);
  }

  /** Shares status changes with the other server processes (cluster mode). */
  async connect(relay: InstanceSignalRelay): Promise<void> {
    this.relay = relay;
    await relay.subscribe((instanceId, status) => this.emitter.emit(instanceId, status));
  }

  /** Resolves with the instance once it is terminal, or with its current state after `timeoutMs`. */
  async waitForEnd(instanceId: string, timeoutMs: number): Promise<InstanceRecord | null> {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    let wake: (() => void) | null = null;
    // Listen before reading, so an end between the read and the wait is not missed.
    const onStatus = (status: number) => {
      if (!isTerminal(status)) return;
      ended = true;
      wake?.();
    };
    this.emitter.on(instanceId, onStatus);
    try {
      for (;;) {
        const instance = await this.instances.get(instanceId);
        if (!instance || isTerminal(instance.status) || Date.now() >= deadline) return instance;
        if (ended) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
          function done() {
            clearTimeout(timer);
            resolve();
          }
          wake = done;
        });
        wake = null;
      }
    } finally {
      this.emitter.off(instanceId, onStatus);
    }
  }
}
