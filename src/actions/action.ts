// Owns the contract between the engine and the actions it runs: what an action declares (its
// template) and what it gets when it runs (its context). Failures are data: `ActionError`
// carries `{type, message, retryable, details}` and the engine's retry policy reads it.
import type { Readable } from 'node:stream';
import type { ResolvedCredential } from '../credentials/resolved.js';
import type { FileValue } from '../files/file-value.js';
import type { ActionTemplate } from '../flow/template-catalog.js';
import type { EgressPolicy } from '../net/egress.js';

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
  /** The credentials of the instance's workspace, secrets in clear, for this action only. */
  readonly credentials: CredentialAccess;
  /** The files the action receives and the ones it makes, within the instance's workspace. */
  readonly files: FileAccess;
  /** Every outbound connection the action opens passes this policy. */
  readonly egress: EgressPolicy;
}

export interface CredentialAccess {
  /**
   * The credential with this id in the instance's workspace. Throws an ActionError of type
   * `credential.not_found` when there is none (deleted, or another workspace's).
   */
  get(credentialId: string): Promise<ResolvedCredential>;
  /**
   * The bytes of a file a credential property names (a path answered by
   * `POST /api/Credentials/upload/…`, e.g. a client certificate), or null when the workspace has
   * no such file. Absent where credential files are not available.
   */
  readFile?(path: string): Promise<Buffer | null>;
}

export interface OpenedFile {
  name: string;
  mimeType: string;
  size: number;
  /** The bytes; the caller consumes or destroys it. */
  stream: Readable;
}

export interface NewFile {
  name: string;
  mimeType: string;
  content: Buffer | Readable | AsyncIterable<Uint8Array>;
}

export interface FileAccess {
  /**
   * Opens a File value the action received. Throws an ActionError of type `file.not_found`
   * when the value is not a file of this workspace's instances or its bytes are gone.
   */
  open(value: unknown): Promise<OpenedFile>;
  /** Reads a File value whole; `file.too_large` above `maxBytes` (default: the file limit). */
  read(
    value: unknown,
    maxBytes?: number,
  ): Promise<{ name: string; mimeType: string; bytes: Buffer }>;
  /** Stores new bytes as a file of this instance and returns the value to put in a variable. */
  create(file: NewFile): Promise<FileValue>;
}

/** The parts of an action's context that reach outside the engine (built by the composition root). */
export type ActionServices = Pick<ActionContext, 'credentials' | 'files' | 'egress'>;

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
