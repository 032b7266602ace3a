// Owns the contract between the engine and the actions it runs: what an action declares (its
// template) and what it gets when it runs (its context). Failures are data: `ActionError`
// carries `{type, message, retryable, details}` and the engine's retry policy reads it.
import type { ActionTemplate } from '../flow/template-catalog.js';

export interface ActionFailure {
  /** A stable, machine-readable kind, e.g. `timeout`, `http.status`, `validation`. */
  type: string;
  message: string;
  /** Whether running the same action again may succeed (network blips, 5xx, timeouts). */
  retryable: boolean;
  details?: unknown;
}

export class ActionError extends Error {
  constructor(readonly failure: ActionFailure) {
    super(failure.message);
    this.name = 'ActionError';
  }

  static of(
    type: string,
    message: string,
    options: { retryable?: boolean; details?: unknown } = {},
  ): ActionError {
    return new ActionError({
      type,
      message,
      retryable: options.retryable ?? false,
      details: options.details,
    });
  }
}

/** What a running action may see and use. */
export interface ActionContext {
  /** Input values by setting id (tabPropertyId), placeholders already resolved. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Aborted when the instance is stopped or the action's time is up. */
  readonly signal: AbortSignal;
  /** The same for every attempt of this action in this instance (and loop iteration). */
  readonly idempotencyKey: string;
  /** 1 on the first attempt. */
  readonly attempt: number;
  readonly instance: {
    readonly id: string;
    readonly processId: string;
    readonly workspaceId: string;
  };
  readonly log: (message: string, fields?: Record<string, unknown>) => void;
}

/** An action the engine can run: its template and its behaviour. */
export interface ActionDefinition {
  readonly template: ActionTemplate;
  /**
   * True when running it changes something outside the engine (HTTP, mail, SQL, files): the
   * engine records its result durably before the next action starts. Pure actions are
   * replayed after a crash instead.
   */
  readonly effectful: boolean;
  /** Returns output values by setting id; throws ActionError (or any error) to fail. */
  execute(context: ActionContext): Promise<Record<string, unknown>>;
}
