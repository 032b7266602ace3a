// The blob store port: file bytes by key, streamed in and out, never held whole in memory. The
// local disk under the data dir is one adapter; a shared path or an S3-compatible store are others.
import type { Readable } from 'node:stream';

/**
 * A key is a relative path of segments joined by `/`. Each segment is 1–255 characters of
 * letters, digits, `.`, `_` and `-`, and does not start with `.`; the whole key is at most 1024
 * characters. Anything else (`..`, absolute paths, backslashes, empty segments) is refused with
 * {@link InvalidBlobKeyError}, so a key can never name a place outside the store.
 */
export type BlobKey = string;

export interface StoredBlob {
  /** Bytes written. */
  size: number;
  /** SHA-256 of the bytes, lower-case hex. */
  sha256: string;
}

export interface OpenedBlob {
  size: number;
  /** The bytes; the caller consumes or destroys it. */
  stream: Readable;
}

export interface BlobStore {
  /**
   * Streams `source` under `key`. The blob becomes visible only once every byte arrived: until
   * then readers see the previous blob under that key (or none), and when the source fails or
   * exceeds `maxBytes` nothing is left behind and a previous blob is untouched. Two puts of one
   * key race; the last to finish wins, whole. An error of the source is rethrown as it is.
   * @throws BlobTooLargeError when the source has more than `maxBytes` bytes.
   */
  put(
    key: BlobKey,
    source: Readable | AsyncIterable<Uint8Array>,
    options?: { maxBytes?: number },
  ): Promise<StoredBlob>;
  /** The blob's bytes, or null when there is none under `key`. */
  open(key: BlobKey): Promise<OpenedBlob | null>;
  /** Removes the blob; false when there was none. */
  delete(key: BlobKey): Promise<boolean>;
  /**
   * Removes every blob whose key starts with `folder/` (the folder is a key prefix of whole
   * segments: `a/b` removes `a/b/c` but not `a/bc`); nothing there is no error.
   */
  deleteFolder(folder: BlobKey): Promise<void>;
  /**
   * Removes the blobs under `folder/` last written before `before` whose key `select` accepts
   * (all when absent); answers how many. Writes still in progress are never removed.
   */
  deleteOlderThan(
    folder: BlobKey,
    before: Date,
    select?: (key: BlobKey) => boolean,
  ): Promise<number>;
  exists(key: BlobKey): Promise<boolean>;
}

export class InvalidBlobKeyError extends Error {
  constructor(readonly key: string) {
    super(`Invalid blob key: ${JSON.stringify(key.slice(0, 200))}`);
    this.name = 'InvalidBlobKeyError';
  }
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The blob is larger than ${maxBytes} bytes.`);
    this.name = 'BlobTooLargeError';
  }
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}$/;
const MAX_KEY_LENGTH = 1024;

/** Whether `key` follows the key rules of {@link BlobKey}. */
export function isValidBlobKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  return key.split('/').every((segment) => SEGMENT.test(segment));
}

/** Throws {@link InvalidBlobKeyError} unless `key` is valid; adapters call it first. */
export function assertBlobKey(key: string): void {
  if (!isValidBlobKey(key)) throw new InvalidBlobKeyError(key);
}
