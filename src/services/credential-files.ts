// Owns the files credentials name (API.md §7.3 uploads): certificates and key files, kept in the
// blob store per workspace under the path the upload answers. Test uploads live for an hour: their
// id is a time-ordered GUID (version 7), so the age of a test file is read from its path.
import { randomBytes } from 'node:crypto';
import { normalizeGuid } from '../domain/ids.js';
import { SluiceError, invalidInput } from '../errors/catalogue.js';
import { BlobTooLargeError, isValidBlobKey, type BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { IncomingFile } from './file.service.js';

/** Certificates and keys are small; a larger upload is a mistake, not a credential file. */
export const CREDENTIAL_FILE_LIMIT_BYTES = 1024 * 1024;
/** How long a `credentials/test/…` path can be used by `POST /api/Credentials/test`. */
export const TEST_FILE_LIFETIME_MS = 60 * 60 * 1000;

const TEST_OWNER = 'test';
const PATH = /^credentials\/([^/]+)\/([0-9a-f-]{36})\/([^/]+)$/i;

/** A name the blob store can hold: other characters become `_`, no leading dot. */
function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[.]+/, '')
    .slice(0, 200);
  return cleaned === '' ? 'file' : cleaned;
}

/** A version 7 GUID: the first 48 bits are the creation time in milliseconds. */
function timeOrderedId(now: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function createdAt(id: string): number | null {
  const hex = id.replace(/-/g, '');
  if (hex[12] !== '7') return null;
  return Number.parseInt(hex.slice(0, 12), 16);
}

export class CredentialFiles {
  constructor(
    private readonly deps: { blobs: BlobStore; clock: Clock },
    private readonly limitBytes = CREDENTIAL_FILE_LIMIT_BYTES,
  ) {}

  get fileLimitBytes(): number {
    return this.limitBytes;
  }

  /**
   * The owner segment of an upload: a credential id (the credential need not be saved yet, since
   * a required certificate must be uploaded before the credential can be created) or `test`.
   */
  owner(raw: string): string {
    if (raw.trim().toLowerCase() === TEST_OWNER) return TEST_OWNER;
    const id = normalizeGuid(raw);
    if (!id)
      throw invalidInput([{ target: 'credentialsId', value: 'credentialsId must be a GUID.' }]);
    return id;
  }

  /** Streams the upload into the store and answers its path `credentials/<owner>/<fileId>/<name>`. */
  async store(workspaceId: string, owner: string, file: IncomingFile): Promise<string> {
    const fileId = timeOrderedId(this.deps.clock.now().getTime());
    const path = `credentials/${owner}/${fileId}/${safeName(file.filename)}`;
    try {
      await this.deps.blobs.put(this.key(workspaceId, path), file.content, {
        maxBytes: this.limitBytes,
      });
    } catch (error) {
      if (error instanceof BlobTooLargeError)
        throw new SluiceError('FILE_TOO_LARGE', 'package', {
          value: `The file is larger than the limit of ${this.limitBytes} bytes.`,
        });
      throw error;
    }
    return path;
  }

  /**
   * The bytes under a path an upload answered, or null when this workspace has none there (or
   * the path is a test upload older than an hour).
   */
  async read(workspaceId: string, path: string): Promise<Buffer | null> {
    const match = PATH.exec(path.trim());
    if (!match) return null;
    const owner = match[1]!.toLowerCase();
    const fileId = match[2]!.toLowerCase();
    const key = this.key(workspaceId, `credentials/${owner}/${fileId}/${match[3]!}`);
    if (!isValidBlobKey(key)) return null;
    if (owner === TEST_OWNER) {
      const created = createdAt(fileId);
      if (created === null || this.deps.clock.now().getTime() - created > TEST_FILE_LIFETIME_MS) {
        await this.deps.blobs.delete(key).catch(() => false);
        return null;
      }
    }
    const opened = await this.deps.blobs.open(key);
    if (!opened) return null;
    if (opened.size > this.limitBytes) {
      opened.stream.destroy();
      return null;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** Removes every file uploaded for a credential (it was deleted). */
  async removeAll(workspaceId: string, credentialId: string): Promise<void> {
    await this.deps.blobs.deleteFolder(this.key(workspaceId, `credentials/${credentialId}`));
  }

  /** Each workspace has its own folder, so a path never reaches another workspace's file. */
  private key(workspaceId: string, path: string): string {
    return `credential-files/${workspaceId}/${path.slice('credentials/'.length)}`;
  }
}
