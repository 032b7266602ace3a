// Owns how a sandboxed run fails: one typed error whose `kind` says whether the user's code threw,
// ran out of time or memory, was stopped, or could not run at all. Actions turn it into an
// ActionError of the same type.

export type ScriptFailureKind =
  /** The code threw, did not compile, or returned something that is not JSON. */
  | 'script.error'
  /** The run took longer than its time limit. */
  | 'script.timeout'
  /** The run needed more memory than its limit. */
  | 'script.memory'
  /** The caller's signal stopped the run. */
  | 'script.aborted'
  /** The sandbox itself could not run the code (it failed to start or stopped unexpectedly). */
  | 'script.unavailable';

export interface ScriptErrorDetails {
  /** The error's class in the user's code (`TypeError`, `SyntaxError`…), for `script.error`. */
  errorName?: string;
  /** 1-based position in the user's source where the error was raised, when known. */
  line?: number;
  column?: number;
  /** Console lines written before the failure, when they could be recovered. */
  logs?: string[];
}

export class ScriptError extends Error {
  constructor(
    readonly kind: ScriptFailureKind,
    message: string,
    readonly details: ScriptErrorDetails = {},
  ) {
    super(message);
    this.name = 'ScriptError';
  }
}
