// Test helper: runs one action outside the engine, with a context that has its inputs, the
// credentials given by id, files held in memory and an egress policy that refuses nothing.
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ResolvedCredential } from '../../credentials/resolved.js';
import type { FileValue } from '../../files/file-value.js';
import { EgressPolicy } from '../../net/egress.js';
import {
  ActionError,
  type ActionContext,
  type ActionDefinition,
  type ActionFailure,
  type FileAccess,
} from '../action.js';

export interface TestContextOptions {
  credentials?: Record<string, ResolvedCredential>;
  egress?: EgressPolicy;
  signal?: AbortSignal;
  files?: MemoryFiles;
}

/** Files as a map of path → bytes, with the same rules as the real store. */
export class MemoryFiles implements FileAccess {
  readonly blobs = new Map<string, { value: FileValue; bytes: Buffer }>();

  /** Stores bytes and returns the File value that names them. */
  put(name: string, mimeType: string, bytes: Buffer | string): FileValue {
    const content = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
    const id = randomUUID();
    const value: FileValue = {
      name,
      id,
      path: `test/${id}`,
      size: content.length,
      mimeType,
      hash: createHash('sha256').update(content).digest('hex'),
    };
    this.blobs.set(value.path, { value, bytes: content });
    return value;
  }

  private find(value: unknown) {
    const path =
      value && typeof value === 'object' ? (value as { path?: unknown }).path : undefined;
    const found = typeof path === 'string' ? this.blobs.get(path) : undefined;
    if (!found)
      throw ActionError.of(
        'file.not_found',
        'The file does not exist or is not one of this workspace.',
      );
    return found;
  }

  async open(value: unknown) {
    const { value: file, bytes } = this.find(value);
    return {
      name: file.name,
      mimeType: file.mimeType,
      size: bytes.length,
      stream: Readable.from([bytes]),
    };
  }

  async read(value: unknown) {
    const { value: file, bytes } = this.find(value);
    return { name: file.name, mimeType: file.mimeType, bytes };
  }

  async create(file: {
    name: string;
    mimeType: string;
    content: Buffer | Readable | AsyncIterable<Uint8Array>;
  }) {
    const chunks: Buffer[] = [];
    if (Buffer.isBuffer(file.content)) chunks.push(file.content);
    else for await (const chunk of file.content) chunks.push(Buffer.from(chunk as Uint8Array));
    return this.put(file.name, file.mimeType, Buffer.concat(chunks));
  }
}

export function testContext(
  inputs: Record<string, unknown>,
  options: TestContextOptions = {},
): ActionContext {
  const credentials = options.credentials ?? {};
  return {
    inputs,
    signal: options.signal ?? new AbortController().signal,
    idempotencyKey: 'test',
    attempt: 1,
    instance: { id: 'instance', processId: 'process', workspaceId: 'workspace' },
    log: () => undefined,
    credentials: {
      async get(id) {
        const found = credentials[id];
        if (!found)
          throw ActionError.of(
            'credential.not_found',
            `The credential "${id}" does not exist in this workspace.`,
          );
        return found;
      },
    },
    files: options.files ?? new MemoryFiles(),
    egress: options.egress ?? EgressPolicy.unrestricted(),
  };
}

export function runAction(
  action: ActionDefinition,
  inputs: Record<string, unknown>,
  options: TestContextOptions = {},
): Promise<Record<string, unknown>> {
  return action.execute(testContext(inputs, options));
}

/** The failure the action reports; fails the test when it succeeds or throws something else. */
export async function failureOf(
  action: ActionDefinition,
  inputs: Record<string, unknown>,
  options: TestContextOptions = {},
): Promise<ActionFailure> {
  try {
    await runAction(action, inputs, options);
  } catch (error) {
    if (error instanceof ActionError) return error.failure;
    throw error;
  }
  throw new Error(`${action.template.name} succeeded where it should have failed`);
}
