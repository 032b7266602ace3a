// Owns the files of instances (API.md §4.3, §4.9): the bytes of a published instance's File
// inputs, streamed into the blob store and recorded in the variable's value, and downloads of any
// file value of an instance by its path, within the caller's workspace.
import type { Readable } from 'node:stream';
import { DataTypeIds } from '../domain/data-types/types.js';
import { isGuid, normalizeGuid } from '../domain/ids.js';
import { FlowStatus } from '../engine/statuses.js';
import { SluiceError, invalidInput } from '../errors/catalogue.js';
import { BlobTooLargeError, isValidBlobKey, type BlobStore } from '../ports/blob-store.js';
import type { FileValue } from '../files/file-value.js';
import type { InstanceRecord, InstanceStore } from '../ports/instance.store.js';
import type { Caller, InstanceService } from './instance.service.js';

/** One uploaded file as the transport hands it over; `content` is consumed exactly once. */
export interface IncomingFile {
  /** The part's file name; empty when it had none. */
  filename: string;
  mimeType: string;
  content: Readable | AsyncIterable<Uint8Array>;
}

/** The ids of an upload to a published instance, as the client sent them (headers). */
export interface FlowUploadRequest {
  instanceId?: string | undefined;
  variableName?: string | undefined;
  fileId?: string | undefined;
  /** flowTemplateId or its alias processId; optional. */
  processId?: string | undefined;
}

/** Where an upload goes, checked before any byte is read. */
export interface FlowUploadTarget {
  instanceId: string;
  variableId: string;
  /** The id as it is in the variable's value. */
  fileId: string;
  path: string;
}

export interface DownloadRequest {
  path?: string | undefined;
  variableId?: string | undefined;
  instanceId?: string | undefined;
  processId?: string | undefined;
}

export interface FileDownload {
  name: string;
  mimeType: string;
  size: number;
  stream: Readable;
}

export type { FileValue } from '../files/file-value.js';

const FLOW_PATH =
  /^flow\/flow-([0-9a-f-]{36})\/flow-instance-([0-9a-f-]{36})\/variable-([0-9a-f-]{36})\/([^/]+)$/i;
/** How deep a download looks for file values inside models and lists. */
const MAX_VALUE_DEPTH = 16;

/** Where the bytes of a File input of a published instance live (API.md §4.3). */
export function flowFilePath(
  processId: string,
  instanceId: string,
  variableId: string,
  fileId: string,
): string {
  return `flow/flow-${processId}/flow-instance-${instanceId}/variable-${variableId}/${fileId}`;
}

export class FileService {
  private readonly fileLocks = new KeyedLock();
  private readonly instanceLocks = new KeyedLock();

  constructor(
    private readonly deps: {
      instances: InstanceService;
      store: InstanceStore;
      blobs: BlobStore;
      /** Largest file accepted, in bytes. */
      fileLimitBytes: number;
      /**
       * Holders of files other than instances (single-action test runs), asked when a path names
       * no instance: their process id and values, or null when the workspace has none.
       */
      otherHolders?: (
        workspaceId: string,
        holderId: string,
      ) => Promise<{ processId: string; variables: Record<string, unknown> } | null>;
    },
  ) {}

  get fileLimitBytes(): number {
    return this.deps.fileLimitBytes;
  }

  /**
   * Checks an upload's ids before its bytes are read: the instance (404 unless in the caller's
   * workspace), its process, its status (still 1), the File input by name and the file id.
   */
  async prepareFlowUpload(caller: Caller, request: FlowUploadRequest): Promise<FlowUploadTarget> {
    const instanceId = required(request.instanceId, 'flowInstanceId');
    const variableName = required(request.variableName, 'variableName');
    const fileId = required(request.fileId, 'fileId');
    const instance = await this.deps.instances.get(caller, instanceId);
    if (request.processId && normalizeGuid(request.processId) !== instance.processId)
      throw new SluiceError('INSTANCE_PROCESS_MISMATCH', 'flow');
    if (instance.status !== FlowStatus.None)
      throw new SluiceError('INSTANCE_ALREADY_LAUNCHED', 'flowInstanceId');
    const plan = await this.deps.instances.planOf(instance);
    const variable = plan.variablesByName.get(variableName.toLowerCase());
    if (!variable || variable.orientation !== 10 || variable.type.dataTypeId !== DataTypeIds.File) {
      throw new SluiceError('UPLOAD_ACTION_NOT_FOUND', 'variableName');
    }
    const entry = findEntry(instance.variables[variable.id], fileId);
    // PROCESIO's symbol is the whole value (API.md §0.6); clients compare it as it is.
    if (!entry) throw new SluiceError('UPLOAD_FILE_NOT_FOUND', 'fileId');
    const path = flowFilePath(instance.processId, instance.id, variable.id, entry.id);
    // Client-chosen ids end up in the path; ones the store cannot hold are refused here.
    if (!isValidBlobKey(path))
      throw invalidInput([
        {
          target: 'fileId',
          value:
            'The file id may hold only letters, digits, ".", "_" and "-", and not start with ".".',
        },
      ]);
    return {
      instanceId: instance.id,
      variableId: variable.id,
      fileId: entry.id,
      path,
    };
  }

  /**
   * Streams the bytes into the blob store, then records them in the variable's value in one
   * write. Uploads of one file run one after another, and writes to one instance too, so
   * concurrent uploads to a file list never lose each other's update. When the record cannot be
   * written the bytes of a first upload are removed again. Returns the file id.
   */
  async storeFlowUpload(target: FlowUploadTarget, file: IncomingFile): Promise<string> {
    return this.fileLocks.run(`${target.instanceId}/${target.fileId}`, async () => {
      const replaces = await this.deps.blobs.exists(target.path);
      let stored;
      try {
        stored = await this.deps.blobs.put(target.path, file.content, {
          maxBytes: this.deps.fileLimitBytes,
        });
      } catch (error) {
        if (error instanceof BlobTooLargeError)
          throw new SluiceError('FILE_TOO_LARGE', 'package', {
            value: `The file is larger than the limit of ${this.deps.fileLimitBytes} bytes.`,
          });
        throw error;
      }
      const value: FileValue = {
        name: file.filename,
        id: target.fileId,
        path: target.path,
        size: stored.size,
        mimeType: file.mimeType,
        hash: stored.sha256,
      };
      try {
        await this.instanceLocks.run(target.instanceId, () => this.record(target, value));
      } catch (error) {
        if (!replaces) await this.deps.blobs.delete(target.path).catch(() => false);
        throw error;
      }
      return target.fileId;
    });
  }

  /**
   * Writes the file value into the instance's variables with a compare-and-set, re-reading on a
   * conflict, so concurrent uploads (from any server process) keep each other's values and an
   * upload racing a launch is refused.
   */
  private async record(target: FlowUploadTarget, value: FileValue): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const instance = await this.deps.store.get(target.instanceId);
      if (!instance) throw new SluiceError('NOT_FOUND', 'instance');
      if (instance.status !== FlowStatus.None)
        throw new SluiceError('INSTANCE_ALREADY_LAUNCHED', 'flowInstanceId');
      const current = instance.variables[target.variableId];
      const replace = (entry: unknown): unknown => {
        if (!isFileEntry(entry) || !sameId(entry.id, target.fileId)) return entry;
        // A part without a file name keeps the name given at publish.
        return { ...value, name: value.name || (typeof entry.name === 'string' ? entry.name : '') };
      };
      const updated = Array.isArray(current) ? current.map(replace) : replace(current);
      const written = await this.deps.store.updateVariables(instance.id, instance.variables, {
        ...instance.variables,
        [target.variableId]: updated,
      });
      if (written) return;
    }
    throw new SluiceError('INVALID_INPUT', 'flowInstanceId', {
      value: 'The instance kept changing during the upload; try again.',
    });
  }

  /** Deletes the stored bytes of every file value an instance holds that belongs to it. */
  async deleteInstanceFiles(instance: InstanceRecord): Promise<void> {
    const paths = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(collect);
      if (!isFileEntry(value) || typeof value.path !== 'string') return;
      const owner = parseFlowPath(value.path);
      if (owner?.instanceId === instance.id) paths.add(value.path);
    };
    Object.values(instance.variables).forEach(collect);
    for (const key of paths) await this.deps.blobs.delete(key).catch(() => false);
  }

  /**
   * Opens a file value of an instance by its path. The instance named in the path must be in the
   * caller's workspace and hold a file value with that path; given ids must name the same owner.
   * Anything else answers 404 FILE_NOT_FOUND, so another workspace's files are indistinguishable
   * from missing ones.
   */
  async download(caller: Caller, request: DownloadRequest): Promise<FileDownload> {
    const path = required(request.path, 'uploadFilePath').trim();
    const owner = parseFlowPath(path);
    if (!owner) throw notFound();
    const instance =
      (await this.deps.store.get(owner.instanceId)) ??
      (await this.otherHolder(caller.workspaceId, owner.instanceId));
    if (!instance || instance.workspaceId !== caller.workspaceId) throw notFound();
    if (instance.processId !== owner.processId) throw notFound();
    const found = findByPath(instance, owner);
    if (!found) throw notFound();
    const differs = (given: string | undefined, ...owners: string[]) =>
      given !== undefined && given.trim() !== '' && !owners.includes(normalizeGuid(given) ?? '');
    if (
      differs(request.instanceId, owner.instanceId) ||
      differs(request.processId, owner.processId) ||
      differs(request.variableId, owner.variableId, ...found.holders) ||
      !isValidBlobKey(found.file.path)
    )
      throw notFound();
    const opened = await this.deps.blobs.open(found.file.path);
    if (!opened) throw notFound();
    return {
      name: found.file.name || owner.fileId,
      mimeType: found.file.mimeType || 'application/octet-stream',
      size: opened.size,
      stream: opened.stream,
    };
  }

  private async otherHolder(workspaceId: string, holderId: string): Promise<FileHolder | null> {
    const holder = await this.deps.otherHolders?.(workspaceId, holderId);
    return holder ? { workspaceId, ...holder } : null;
  }
}

/** Values that hold file values, as downloads search them. */
type FileHolder = Pick<InstanceRecord, 'workspaceId' | 'processId' | 'variables'>;

/** Runs the tasks of one key one after another, within this process. */
class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

function required(value: string | undefined, header: string): string {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '')
    throw invalidInput([{ target: header, value: `The ${header} header is required.` }]);
  return trimmed;
}

function notFound(): SluiceError {
  return new SluiceError('FILE_NOT_FOUND', 'uploadFilePath');
}

/** File ids are compared as GUIDs (any case) when they are GUIDs, else exactly. */
function sameId(a: string, b: string): boolean {
  return a === b || (isGuid(a) && isGuid(b) && a.toLowerCase() === b.toLowerCase());
}

interface FileEntry {
  id: string;
  name?: unknown;
  path?: unknown;
}

function isFileEntry(value: unknown): value is FileEntry {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { id?: unknown }).id === 'string'
  );
}

function findEntry(value: unknown, fileId: string): FileEntry | null {
  const entries = Array.isArray(value) ? value : [value];
  return entries.find((e): e is FileEntry => isFileEntry(e) && sameId(e.id, fileId)) ?? null;
}

interface FileOwner {
  processId: string;
  instanceId: string;
  variableId: string;
  fileId: string;
}

export function parseFlowPath(path: string): FileOwner | null {
  const match = FLOW_PATH.exec(path);
  if (!match) return null;
  const [, processId, instanceId, variableId, fileId] = match;
  const ids = [processId, instanceId, variableId].map((id) => normalizeGuid(id ?? ''));
  if (ids.some((id) => id === null) || !fileId) return null;
  return { processId: ids[0]!, instanceId: ids[1]!, variableId: ids[2]!, fileId };
}

function samePath(stored: string, owner: FileOwner): boolean {
  const other = parseFlowPath(stored);
  return (
    other !== null &&
    other.processId === owner.processId &&
    other.instanceId === owner.instanceId &&
    other.variableId === owner.variableId &&
    sameId(other.fileId, owner.fileId)
  );
}

/** The file value with the owner's path among the instance's variables, and who holds it. */
function findByPath(
  instance: FileHolder,
  owner: FileOwner,
): { file: FileValue; holders: string[] } | null {
  let file: FileValue | null = null;
  const holders: string[] = [];
  const visit = (value: unknown, depth: number): boolean => {
    if (depth > MAX_VALUE_DEPTH || typeof value !== 'object' || value === null) return false;
    if (Array.isArray(value)) return value.some((v) => visit(v, depth + 1));
    const record = value as Record<string, unknown>;
    if (typeof record.path === 'string' && samePath(record.path, owner)) {
      file ??= {
        name: typeof record.name === 'string' ? record.name : '',
        id: typeof record.id === 'string' ? record.id : owner.fileId,
        path: record.path,
        size: typeof record.size === 'number' ? record.size : 0,
        mimeType: typeof record.mimeType === 'string' ? record.mimeType : '',
        hash: typeof record.hash === 'string' ? record.hash : '',
      };
      return true;
    }
    return Object.values(record).some((v) => visit(v, depth + 1));
  };
  for (const [variableId, value] of Object.entries(instance.variables))
    if (visit(value, 0)) holders.push(variableId);
  return file ? { file, holders } : null;
}
