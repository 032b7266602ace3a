// The blob store on the local disk (or a shared mount): one file per key under a root directory,
// written to a temporary file and renamed into place, so a key only ever holds complete bytes.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  BlobTooLargeError,
  assertBlobKey,
  type BlobStore,
  type OpenedBlob,
  type StoredBlob,
} from '../ports/blob-store.js';

/** Where partial writes live; keys cannot start with `.`, so it never collides with a blob. */
const PARTIAL_DIR = '.partial';

/** Hashes and counts the bytes passing through, and fails once they exceed the limit. */
class Measure extends Transform {
  readonly hash = createHash('sha256');
  size = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(new BlobTooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }
}

export class LocalBlobStore implements BlobStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private file(key: string): string {
    assertBlobKey(key);
    const file = path.join(this.root, ...key.split('/'));
    // The key rules already exclude escapes; this keeps a future rule change from opening one.
    if (!file.startsWith(this.root + path.sep)) throw new Error(`blob key escapes the store`);
    return file;
  }

  async put(
    key: string,
    source: Readable | AsyncIterable<Uint8Array>,
    options: { maxBytes?: number } = {},
  ): Promise<StoredBlob> {
    const target = this.file(key);
    const partialDir = path.join(this.root, PARTIAL_DIR);
    await fs.promises.mkdir(partialDir, { recursive: true });
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const partial = path.join(partialDir, `${randomUUID()}.part`);
    const measure = new Measure(options.maxBytes ?? Number.POSITIVE_INFINITY);
    try {
      // `flush` makes the bytes durable before the rename publishes them.
      await pipeline(source, measure, fs.createWriteStream(partial, { flags: 'wx', flush: true }));
      await fs.promises.rename(partial, target);
    } catch (error) {
      await fs.promises.rm(partial, { force: true });
      throw error;
    }
    return { size: measure.size, sha256: measure.hash.digest('hex') };
  }

  async open(key: string): Promise<OpenedBlob | null> {
    const file = this.file(key);
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) {
        await handle.close();
        return null;
      }
      if (stat.size === 0) {
        await handle.close();
        return { size: 0, stream: Readable.from([]) };
      }
      // Reading from the open handle keeps a concurrent replace from mixing two versions. The
      // stream is bounded by the size, so it ends with its last byte instead of one read later
      // (a response then finishes as its last byte goes out, not after the client has it all).
      return {
        size: stat.size,
        stream: handle.createReadStream({ start: 0, end: stat.size - 1, autoClose: true }),
      };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      await fs.promises.unlink(this.file(key));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async deleteFolder(folder: string): Promise<void> {
    await fs.promises.rm(this.file(folder), { recursive: true, force: true });
  }

  async deleteOlderThan(
    folder: string,
    before: Date,
    select: (key: string) => boolean = () => true,
  ): Promise<number> {
    const base = this.file(folder);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(base, { recursive: true, withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    let removed = 0;
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      const key = [folder, ...path.relative(base, file).split(path.sep)].join('/');
      if (!select(key)) continue;
      const stat = await fs.promises.stat(file).catch(() => null);
      if (!stat || stat.mtime >= before) continue;
      if (await this.delete(key)) removed++;
    }
    return removed;
  }

  /**
   * Removes partial writes older than `before`: a process that died mid-upload leaves its
   * partial file behind, and no blob ever names it.
   */
  async sweepPartials(before: Date): Promise<number> {
    const dir = path.join(this.root, PARTIAL_DIR);
    let names: string[];
    try {
      names = await fs.promises.readdir(dir);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(dir, name);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (!stat || stat.mtime >= before) continue;
      await fs.promises.rm(file, { force: true });
      removed++;
    }
    return removed;
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await fs.promises.stat(this.file(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
