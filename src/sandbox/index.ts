// The script sandbox: the one place user code runs. Each run gets a fresh isolated-vm isolate
// with a memory and a time limit, in a separate sandbox process, with JSON copied in and out and
// nothing of the host reachable (no process, require, imports, file system, network or lasting
// timers). Actions call `runInSandbox`; the composition root may call `configureSandbox` once
// with the operator's limits and `closeSandbox` on shutdown.
import { SandboxPool } from './sandbox-pool.js';
import {
  DEFAULT_SANDBOX_SETTINGS,
  type SandboxProgram,
  type SandboxResult,
  type SandboxRunOptions,
  type SandboxSettings,
} from './types.js';

export { ScriptError, type ScriptErrorDetails, type ScriptFailureKind } from './script-error.js';
export { SandboxPool, type SandboxPoolOptions } from './sandbox-pool.js';
export * from './types.js';

let pool: SandboxPool | null = null;

function shared(): SandboxPool {
  pool ??= new SandboxPool();
  return pool;
}

/** Runs user code in the shared sandbox (see `SandboxPool.run`). */
export function runInSandbox(
  program: SandboxProgram,
  options: SandboxRunOptions = {},
): Promise<SandboxResult> {
  return shared().run(program, options);
}

/** Replaces the shared sandbox's settings; processes of the previous settings are ended. */
export function configureSandbox(settings: Partial<SandboxSettings>): void {
  pool?.close();
  pool = new SandboxPool({ ...DEFAULT_SANDBOX_SETTINGS, ...settings });
}

/** Ends the shared sandbox's processes (a later run starts new ones). */
export function closeSandbox(): void {
  pool?.close();
}
