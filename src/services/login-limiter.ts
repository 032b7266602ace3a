// Owns the failed-login limit: per user name and per client address, in fixed windows. Kept in
// process memory: each server process limits what it sees (documented in docs/compatibility.md).

interface Window {
  startedAt: number;
  failures: number;
}

export interface LoginLimits {
  maxPerUser: number;
  maxPerAddress: number;
  windowSeconds: number;
}

export class LoginLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: LoginLimits,
    private readonly now: () => number = Date.now,
  ) {}

  private keys(user: string, address: string): [string, number][] {
    return [
      [`u:${user}`, this.limits.maxPerUser],
      [`a:${address}`, this.limits.maxPerAddress],
    ];
  }

  private live(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && this.now() - window.startedAt >= this.limits.windowSeconds * 1000) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Seconds until another attempt is allowed, or 0 when one is allowed now. */
  retryAfter(user: string, address: string): number {
    let wait = 0;
    for (const [key, max] of this.keys(user, address)) {
      const window = this.live(key);
      if (window && window.failures >= max) {
        const remaining = Math.ceil(
          (window.startedAt + this.limits.windowSeconds * 1000 - this.now()) / 1000,
        );
        wait = Math.max(wait, remaining, 1);
      }
    }
    return wait;
  }

  recordFailure(user: string, address: string): void {
    for (const [key] of this.keys(user, address)) {
      const window = this.live(key);
      if (window) window.failures += 1;
      else this.windows.set(key, { startedAt: this.now(), failures: 1 });
    }
    if (this.windows.size > 100_000) this.sweep();
  }

  /** A successful login clears its user name's failures (not the address's). */
  recordSuccess(user: string): void {
    this.windows.delete(`u:${user}`);
  }

  private sweep(): void {
    for (const key of [...this.windows.keys()]) this.live(key);
  }
}
