// Owns GET /api/Status: asks every component for its health; any component down makes the
// whole `degraded` (API.md §12).
import type { Clock } from '../ports/clock.js';
import type { ComponentHealth, HealthCheck } from '../ports/health.js';
import { API_VERSION, SLUICE_VERSION } from '../version.js';

export interface StatusReport {
  status: 'ok' | 'degraded';
  version: string;
  apiVersion: string;
  time: string;
  components: Record<string, ComponentHealth>;
}

const CHECK_TIMEOUT_MS = 3000;

async function checkWithTimeout(check: HealthCheck): Promise<ComponentHealth> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check.check(),
      new Promise<ComponentHealth>((resolve) => {
        timer = setTimeout(
          () => resolve({ status: 'down', error: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export class StatusService {
  constructor(
    private readonly checks: readonly HealthCheck[],
    private readonly clock: Clock,
  ) {}

  async report(): Promise<StatusReport> {
    const results = await Promise.all(
      this.checks.map(async (c) => [c.name, await checkWithTimeout(c)] as const),
    );
    const components = Object.fromEntries(results);
    return {
      status: results.every(([, r]) => r.status === 'ok') ? 'ok' : 'degraded',
      version: SLUICE_VERSION,
      apiVersion: API_VERSION,
      time: this.clock.now().toISOString(),
      components,
    };
  }
}
