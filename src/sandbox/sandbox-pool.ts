// Owns the sandbox processes of this server and the runs they take: limits resolved within the
// operator's ceilings, inputs reduced to JSON, a free process found (or started, or waited for),
// and every way a run ends turned into a result or a ScriptError with a clear message.
import { createRequire } from 'node:module';
import type { SandboxJob, SandboxReply } from './child-program.js';
import { ScriptError, type ScriptFailureKind } from './script-error.js';
import { SandboxProcess } from './sandbox-process.js';
import {
  DEFAULT_SANDBOX_SETTINGS,
  SANDBOX_BOUNDS,
  type JsonValue,
  type SandboxLimits,
  type SandboxProgram,
  type SandboxResult,
  type SandboxRunOptions,
  type SandboxSettings,
} from './types.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const FILENAME = /^[\w.-]{1,100}$/;
/** Grace given to a sandbox process to report its own time-out before it is ended. */
const BACKSTOP_GRACE_MS = 3_000;
const MAX_ERROR_MESSAGE = 2_000;
const FAILURE_KINDS: readonly ScriptFailureKind[] = [
  'script.error',
  'script.timeout',
  'script.memory',
  'script.aborted',
  'script.unavailable',
];

export interface SandboxPoolOptions {
  /** A spare idle process ends after this long unused; one stays warm. @default 30000 */
  idleMs?: number;
  /** A process is replaced after this many runs. @default 200 */
  runsPerProcess?: number;
}

interface Waiter {
  wake: () => void;
}

export class SandboxPool {
  private readonly idle: SandboxProcess[] = [];
  private readonly idleTimers = new Map<SandboxProcess, NodeJS.Timeout>();
  private readonly all = new Set<SandboxProcess>();
  private readonly waiters: Waiter[] = [];
  private nextJobId = 1;
  private exitHookInstalled = false;
  private readonly idleMs: number;
  private readonly runsPerProcess: number;

  constructor(
    readonly settings: Readonly<SandboxSettings> = DEFAULT_SANDBOX_SETTINGS,
    options: SandboxPoolOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 30_000;
    this.runsPerProcess = options.runsPerProcess ?? 200;
  }

  /** The limits a run asking for `requested` gets: defaults filled in, ceilings applied. */
  limitsFor(requested: Partial<SandboxLimits> = {}): SandboxLimits {
    const { defaults, maxMemoryMb, maxTimeoutMs } = this.settings;
    return {
      memoryMb: clamp(
        requested.memoryMb,
        defaults.memoryMb,
        SANDBOX_BOUNDS.minMemoryMb,
        maxMemoryMb,
      ),
      timeoutMs: clamp(
        requested.timeoutMs,
        defaults.timeoutMs,
        SANDBOX_BOUNDS.minTimeoutMs,
        maxTimeoutMs,
      ),
    };
  }

  /**
   * Runs user code in a fresh isolate of a sandbox process. Resolves with what the code returned;
   * rejects with a ScriptError when the code throws, runs out of time or memory, or is aborted.
   */
  async run(program: SandboxProgram, options: SandboxRunOptions = {}): Promise<SandboxResult> {
    const limits = this.limitsFor(options.limits);
    const job = this.jobFor(program, options, limits);
    if (options.signal?.aborted) throw failureError({ kind: 'script.aborted' }, limits);
    const sandbox = await this.acquire(options.signal, limits);
    let reply: SandboxReply;
    try {
      reply = await sandbox.run(job, limits.timeoutMs + BACKSTOP_GRACE_MS, options.signal);
    } finally {
      this.release(sandbox);
    }
    if (!reply.ok) throw failureError(reply.failure, limits);
    return resultOf(reply.result);
  }

  /** Ends every sandbox process; runs in flight fail as unavailable, later runs start new ones. */
  close(): void {
    for (const sandbox of this.all) sandbox.kill();
  }

  private jobFor(
    program: SandboxProgram,
    options: SandboxRunOptions,
    limits: SandboxLimits,
  ): SandboxJob {
    if (typeof program.source !== 'string') throw new TypeError('program source must be a string');
    if (!FILENAME.test(program.filename))
      throw new TypeError(`program filename "${program.filename}" is not a plain file name`);
    const parameters = program.kind === 'body' ? [...(program.parameters ?? [])] : [];
    const entry = program.kind === 'module' ? program.entry : '';
    for (const name of program.kind === 'body' ? parameters : [entry])
      if (!IDENTIFIER.test(name)) throw new TypeError(`"${name}" is not a JavaScript identifier`);
    return {
      id: this.nextJobId++,
      program: {
        kind: program.kind,
        source: program.source,
        filename: program.filename,
        parameters,
        entry,
      },
      args: toJson(program.args ?? []),
      limits,
      setOutput: options.setOutput ?? false,
      compileOnly: options.compileOnly ?? false,
      bounds: {
        maxLogLines: SANDBOX_BOUNDS.maxLogLines,
        maxLogLineLength: SANDBOX_BOUNDS.maxLogLineLength,
        maxTimers: SANDBOX_BOUNDS.maxTimers,
        maxResultLength: SANDBOX_BOUNDS.maxResultLength,
      },
    };
  }

  private async acquire(
    signal: AbortSignal | undefined,
    limits: SandboxLimits,
  ): Promise<SandboxProcess> {
    for (;;) {
      if (signal?.aborted) throw failureError({ kind: 'script.aborted' }, limits);
      const idle = this.idle.pop();
      if (idle) {
        clearTimeout(this.idleTimers.get(idle));
        this.idleTimers.delete(idle);
        if (!idle.alive) continue;
        idle.setActive(true);
        return idle;
      }
      if (this.all.size < this.settings.maxProcesses) return this.start(limits);
      await this.turn(signal);
    }
  }

  private async start(limits: SandboxLimits): Promise<SandboxProcess> {
    const path = isolatedVmPath();
    if (path instanceof Error)
      throw failureError({ kind: 'script.unavailable', errorMessage: path.message }, limits);
    this.installExitHook();
    const sandbox = new SandboxProcess(path);
    this.all.add(sandbox);
    sandbox.onExit(() => {
      this.all.delete(sandbox);
      const at = this.idle.indexOf(sandbox);
      if (at >= 0) this.idle.splice(at, 1);
      clearTimeout(this.idleTimers.get(sandbox));
      this.idleTimers.delete(sandbox);
      this.wakeOne();
    });
    try {
      await sandbox.ready;
    } catch (error) {
      sandbox.kill();
      throw failureError(
        { kind: 'script.unavailable', errorMessage: (error as Error).message },
        limits,
      );
    }
    return sandbox;
  }

  private release(sandbox: SandboxProcess): void {
    if (!sandbox.alive) return;
    if (sandbox.runs >= this.runsPerProcess) {
      sandbox.kill();
      return;
    }
    sandbox.setActive(false);
    this.idle.push(sandbox);
    const timer = setTimeout(() => {
      // One process stays warm; spares end.
      if (this.idle.includes(sandbox) && this.all.size > 1) sandbox.kill();
    }, this.idleMs);
    timer.unref();
    this.idleTimers.set(sandbox, timer);
    this.wakeOne();
  }

  /** Waits until a process is released or ends, or the signal aborts. */
  private turn(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const waiter: Waiter = {
        wake: () => {
          signal?.removeEventListener('abort', waiter.wake);
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          resolve();
        },
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', waiter.wake, { once: true });
    });
  }

  private wakeOne(): void {
    this.waiters[0]?.wake();
  }

  private installExitHook(): void {
    if (this.exitHookInstalled) return;
    this.exitHookInstalled = true;
    // A dead parent also closes the processes' IPC channel, which ends them; this is quicker.
    process.once('exit', () => {
      for (const sandbox of this.all) sandbox.kill();
    });
  }
}

let resolvedPath: string | Error | undefined;

function isolatedVmPath(): string | Error {
  if (resolvedPath === undefined) {
    try {
      resolvedPath = createRequire(import.meta.url).resolve('isolated-vm');
    } catch (error) {
      resolvedPath = new Error(`isolated-vm is not installed (${(error as Error).message})`);
    }
  }
  return resolvedPath;
}

function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  const chosen = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  return Math.min(Math.max(Math.round(chosen), min), Math.max(min, max));
}

/** Inputs cross as JSON: what JSON cannot carry (functions, undefined members) is dropped. */
function toJson(args: readonly unknown[]): unknown[] {
  let text: string;
  try {
    text = JSON.stringify(args);
  } catch (error) {
    throw new TypeError(`sandbox inputs must be JSON values: ${(error as Error).message}`);
  }
  return JSON.parse(text) as unknown[];
}

function resultOf(result: Extract<SandboxReply, { ok: true }>['result']): SandboxResult {
  const logs = Array.isArray(result.logs)
    ? result.logs
        .filter((line): line is string => typeof line === 'string')
        .slice(0, SANDBOX_BOUNDS.maxLogLines)
        .map((line) => line.slice(0, SANDBOX_BOUNDS.maxLogLineLength + 1))
    : [];
  const dropped = typeof result.droppedLines === 'number' ? result.droppedLines : 0;
  const out: SandboxResult = {
    value: (result.value ?? null) as JsonValue,
    logs,
    droppedLogLines: dropped,
  };
  if (result.output) out.output = { value: (result.output.value ?? null) as JsonValue };
  return out;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** The ScriptError for a failure reported by or about a sandbox process. */
function failureError(
  failure: Extract<SandboxReply, { ok: false }>['failure'],
  limits: SandboxLimits,
): ScriptError {
  const kind = FAILURE_KINDS.includes(failure.kind as ScriptFailureKind)
    ? (failure.kind as ScriptFailureKind)
    : 'script.unavailable';
  const logs = Array.isArray(failure.logs)
    ? failure.logs.filter((line): line is string => typeof line === 'string')
    : undefined;
  switch (kind) {
    case 'script.timeout':
      return new ScriptError(
        kind,
        `The script did not finish within ${seconds(limits.timeoutMs)}.`,
      );
    case 'script.memory':
      return new ScriptError(
        kind,
        `The script needed more than its memory limit of ${limits.memoryMb} MB.`,
      );
    case 'script.aborted':
      return new ScriptError(kind, 'The script was stopped before it finished.');
    case 'script.unavailable':
      return new ScriptError(
        kind,
        `The script sandbox is unavailable: ${failure.errorMessage ?? 'unknown cause'}.`,
      );
    case 'script.error': {
      const name = typeof failure.errorName === 'string' ? failure.errorName.slice(0, 100) : '';
      const text =
        typeof failure.errorMessage === 'string'
          ? failure.errorMessage.slice(0, MAX_ERROR_MESSAGE)
          : '';
      const line = typeof failure.line === 'number' ? failure.line : undefined;
      const column = typeof failure.column === 'number' ? failure.column : undefined;
      const described = name && text ? `${name}: ${text}` : name || text || 'The script failed.';
      const message = line !== undefined ? `Line ${line}: ${described}` : described;
      const details: ScriptError['details'] = {};
      if (name) details.errorName = name;
      if (line !== undefined) details.line = line;
      if (column !== undefined) details.column = column;
      if (logs) details.logs = logs;
      return new ScriptError(kind, message, details);
    }
  }
}
