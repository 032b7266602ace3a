// Owns what an action gets beyond its inputs (DESIGN.md §6): its workspace's credentials with
// secrets in clear, the files of its workspace's instances, new files of its own instance, and
// the egress policy. One factory serves the engine and single-action test runs.
import { ActionError, type ActionServices, type FileAccess } from '../actions/action.js';
import { Readable } from 'node:stream';
import type { FileValue } from '../files/file-value.js';
import { newId } from '../domain/ids.js';
import type { EgressPolicy } from '../net/egress.js';
import { BlobTooLargeError, isValidBlobKey, type BlobStore } from '../ports/blob-store.js';
import type { InstanceStore } from '../ports/instance.store.js';
import type { CredentialService } from './credential.service.js';
import type { CredentialFiles } from './credential-files.js';
import { flowFilePath, parseFlowPath } from './file.service.js';

export interface ActionOwner {
  /** The instance the action runs in; its files are made under it. */
  id: string;
  processId: string;
  workspaceId: string;
}

export interface ActionServiceDeps {
  credentials: Pick<CredentialService, 'resolve'>;
  instances: Pick<InstanceStore, 'get'>;
  blobs: BlobStore;
  fileLimitBytes: number;
  egress: EgressPolicy;
  /** The files credentials name (certificates); without it actions cannot read them. */
  credentialFiles?: Pick<CredentialFiles, 'read'>;
}

const fileNotFound = () =>
  ActionError.of('file.not_found', 'The file does not exist or is not one of this workspace.');

export class ActionServiceFactory {
  constructor(private readonly deps: ActionServiceDeps) {}

  for(owner: ActionOwner): ActionServices {
    const { deps } = this;
    return {
      egress: deps.egress,
      credentials: {
        async get(credentialId) {
          const credential =
            typeof credentialId === 'string'
              ? await deps.credentials.resolve(owner.workspaceId, credentialId)
              : null;
          if (!credential)
            throw ActionError.of(
              'credential.not_found',
              `The credential ${JSON.stringify(String(credentialId ?? ''))} does not exist in this workspace.`,
            );
          return credential;
        },
        ...(deps.credentialFiles
          ? { readFile: (path: string) => deps.credentialFiles!.read(owner.workspaceId, path) }
          : {}),
      },
      files: this.files(owner),
    };
  }

  private files(owner: ActionOwner): FileAccess {
    const { deps } = this;
    const open: FileAccess['open'] = async (value) => {
      const file = asFileValue(value);
      const path = file?.path;
      const parsed = path ? parseFlowPath(path) : null;
      if (!file || !path || !parsed || !isValidBlobKey(path)) throw fileNotFound();
      if (parsed.instanceId !== owner.id) {
        const holder = await deps.instances.get(parsed.instanceId);
        if (!holder || holder.workspaceId !== owner.workspaceId) throw fileNotFound();
      }
      const opened = await deps.blobs.open(path);
      if (!opened) throw fileNotFound();
      return {
        name: file.name || parsed.fileId,
        mimeType: file.mimeType || 'application/octet-stream',
        size: opened.size,
        stream: opened.stream,
      };
    };
    return {
      open,
      async read(value, maxBytes = deps.fileLimitBytes) {
        const opened = await open(value);
        if (opened.size > maxBytes) {
          opened.stream.destroy();
          throw tooLarge(maxBytes);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of opened.stream) {
          size += (chunk as Buffer).length;
          if (size > maxBytes) {
            opened.stream.destroy();
            throw tooLarge(maxBytes);
          }
          chunks.push(chunk as Buffer);
        }
        return { name: opened.name, mimeType: opened.mimeType, bytes: Buffer.concat(chunks) };
      },
      async create(file) {
        const id = newId();
        // The variable segment names no variable yet: the engine decides where the value goes.
        const path = flowFilePath(owner.processId, owner.id, newId(), id);
        const content = Buffer.isBuffer(file.content)
          ? Readable.from([file.content])
          : file.content;
        try {
          const stored = await deps.blobs.put(path, content, { maxBytes: deps.fileLimitBytes });
          const value: FileValue = {
            name: file.name,
            id,
            path,
            size: stored.size,
            mimeType: file.mimeType || 'application/octet-stream',
            hash: stored.sha256,
          };
          return value;
        } catch (error) {
          if (error instanceof BlobTooLargeError) throw tooLarge(deps.fileLimitBytes);
          throw error;
        }
      },
    };
  }
}

function tooLarge(maxBytes: number): ActionError {
  return ActionError.of(
    'file.too_large',
    `The file is larger than the limit of ${maxBytes} bytes.`,
  );
}

function asFileValue(value: unknown): Partial<FileValue> | null {
  let candidate = value;
  if (typeof candidate === 'string' && candidate.trim().startsWith('{')) {
    try {
      candidate = JSON.parse(candidate);
    } catch {
      return null;
    }
  }
  if (!candidate || typeof candidate !== 'object' || Array.isArray(candidate)) return null;
  const file = candidate as Record<string, unknown>;
  if (typeof file.path !== 'string') return null;
  return {
    path: file.path,
    name: typeof file.name === 'string' ? file.name : '',
    mimeType: typeof file.mimeType === 'string' ? file.mimeType : '',
  };
}
