// Owns the vocabulary of the script sandbox: what a caller asks it to run, the limits a run gets
// and what comes back. Values crossing into and out of the sandbox are JSON, nothing else.

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * User code as the sandbox runs it.
 * - `body`: the source is the body of an async function, so `await` and a top-level `return`
 *   work; its parameters are `parameters`, called with `args`. The result is what it returns.
 * - `module`: an ES module without imports; its export `entry` is called with `args` and the
 *   result is what that returns (awaited).
 */
export type SandboxProgram =
  | {
      kind: 'body';
      source: string;
      /** Shown in error locations and stack traces. */
      filename: string;
      /** Names of the function's parameters (JavaScript identifiers). */
      parameters?: readonly string[];
      args?: readonly unknown[];
    }
  | {
      kind: 'module';
      source: string;
      filename: string;
      /** The exported function to call. */
      entry: string;
      args?: readonly unknown[];
    };

export interface SandboxLimits {
  /**
   * Heap of one run's isolate, in MiB (isolated-vm counts large array buffers in it too).
   * @default 64
   */
  memoryMb: number;
  /**
   * Wall-clock time of one run, from its isolate's creation to its result, in milliseconds;
   * time spent awaiting timers counts.
   * @default 5000
   */
  timeoutMs: number;
}

/** What the operator allows: the limits a run gets when it asks for none, and the ceilings. */
export interface SandboxSettings {
  defaults: SandboxLimits;
  /** No run gets more time than this, whatever it asks for. @default 300000 */
  maxTimeoutMs: number;
  /** No run gets a larger heap than this. @default 512 */
  maxMemoryMb: number;
  /**
   * Sandbox processes running scripts at the same time; further runs wait for one to be free.
   * Each process runs one script at a time. @default 4
   */
  maxProcesses: number;
}

export const DEFAULT_SANDBOX_SETTINGS: Readonly<SandboxSettings> = Object.freeze({
  defaults: Object.freeze({ memoryMb: 64, timeoutMs: 5_000 }),
  maxTimeoutMs: 300_000,
  maxMemoryMb: 512,
  maxProcesses: 4,
});

/** The bounds the sandbox keeps whatever the settings: isolated-vm's smallest heap, and output caps. */
export const SANDBOX_BOUNDS = Object.freeze({
  minMemoryMb: 8,
  minTimeoutMs: 10,
  /** Console lines kept per run; later lines are counted, not kept. */
  maxLogLines: 200,
  /** Longer console lines are cut. */
  maxLogLineLength: 2_000,
  /** Timers a run may have pending at once. */
  maxTimers: 1_000,
  /** The result (and output) of a run as JSON text, in characters. */
  maxResultLength: 16 * 1024 * 1024,
});

export interface SandboxRunOptions {
  /** Overrides of the default limits, kept within the ceilings of the settings. */
  limits?: Partial<SandboxLimits>;
  /** Aborting stops the run at once (its sandbox process is ended). */
  signal?: AbortSignal;
  /** Offers `setOutput(value)` to the code; the last value it was given comes back as `output`. */
  setOutput?: boolean;
  /** Compile only (syntax and imports), run nothing; the result is null. */
  compileOnly?: boolean;
}

export interface SandboxResult {
  /** What the code returned, through JSON (`undefined` reads as null). */
  value: JsonValue;
  /** Present when `setOutput` was offered and called: the last value given, through JSON. */
  output?: { value: JsonValue };
  /** Lines written with `console.*`, at most `SANDBOX_BOUNDS.maxLogLines`. */
  logs: string[];
  /** Console lines written beyond the cap. */
  droppedLogLines: number;
}
