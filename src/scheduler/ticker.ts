// Owns the once-a-second loop every server process runs for its periodic duties (heartbeat,
// and the schedule firing that plugs in here). It measures its own lag: how late each tick ran
// compared with when it was due, the figure GET /api/Status reports.
import type { ComponentHealth, HealthCheck } from '../ports/health.js';

export interface TickTask {
  readonly name: string;
  /** Runs on a tick; a tick waits for the previous run of the same task to finish. */
  run(now: Date): Promise<void>;
}

export class Ticker implements HealthCheck {
  readonly name = 'scheduler';
  private timer: NodeJS.Timeout | undefined;
  private due = 0;
  private lastTickAt = 0;
  private lastLagMs = 0;
  private readonly running = new Set<string>();
  private readonly failures = new Map<string, string>();

  constructor(
    private readonly tasks: TickTask[],
    private readonly intervalMs = 1000,
    private readonly onError: (task: string, error: unknown) => void = () => undefined,
  ) {}

  start(): void {
    if (this.timer) return;
    this.due = Date.now() + this.intervalMs;
    this.lastTickAt = Date.now();
    this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.tick(), Math.max(0, this.due - Date.now()));
    this.timer.unref();
  }

  private tick(): void {
    const now = Date.now();
    this.lastLagMs = Math.max(0, now - this.due);
    this.lastTickAt = now;
    this.due += this.intervalMs;
    if (this.due < now) this.due = now + this.intervalMs;
    for (const task of this.tasks) {
      if (this.running.has(task.name)) continue;
      this.running.add(task.name);
      task
        .run(new Date(now))
        .then(() => this.failures.delete(task.name))
        .catch((error: unknown) => {
          this.failures.set(task.name, error instanceof Error ? error.message : String(error));
          this.onError(task.name, error);
        })
        .finally(() => this.running.delete(task.name));
    }
    this.schedule();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  async check(): Promise<ComponentHealth> {
    if (!this.timer) return { status: 'down', error: 'not running' };
    const sinceTick = Date.now() - this.lastTickAt;
    const stalled = sinceTick > this.intervalMs * 5;
    const failing = [...this.failures.entries()].map(([task, error]) => `${task}: ${error}`);
    return {
      status: stalled || failing.length > 0 ? 'down' : 'ok',
      lagMs: this.lastLagMs,
      ...(stalled ? { error: `no tick for ${sinceTick} ms` } : {}),
      ...(failing.length > 0 ? { failing } : {}),
    };
  }
}
