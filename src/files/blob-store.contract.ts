// The blob store contract (see src/ports/blob-store.ts), run against every adapter by its own
// test file.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobTooLargeError, InvalidBlobKeyError, type BlobStore } from '../ports/blob-store.js';

export interface BlobStoreFixture {
  store: BlobStore;
  /** Names of whatever the adapter keeps besides complete blobs (partial writes); [] when none. */
  leftovers(): Promise<string[]>;
  dispose(): Promise<void>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function read(store: BlobStore, key: string): Promise<Buffer | null> {
  const opened = await store.open(key);
  if (!opened) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The bytes as a stream of 64 KiB chunks; when `failAfter` is given it breaks past that offset. */
function source(bytes: Buffer, failAfter?: number): Readable {
  return Readable.from(
    (async function* () {
      for (let at = 0; at < bytes.length; at += 65536) {
        if (failAfter !== undefined && at >= failAfter) throw new Error('source broke');
        yield bytes.subarray(at, at + 65536);
      }
    })(),
  );
}

export function describeBlobStoreContract(
  name: string,
  open: () => Promise<BlobStoreFixture>,
): void {
  describe(`blob store contract: ${name}`, () => {
    let fixture: BlobStoreFixture;
    let store: BlobStore;
    let n = 0;
    const key = () => `flow/flow-a/run-${++n}/file-${n}.bin`;

    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterAll(async () => fixture.dispose());

    it('stores a stream and reads the same bytes back, with their size and SHA-256', async () => {
      const bytes = randomBytes(3 * 1024 * 1024 + 17);
      const k = key();
      const stored = await store.put(k, source(bytes));
      expect(stored).toEqual({ size: bytes.length, sha256: sha256(bytes) });
      expect(await store.exists(k)).toBe(true);
      const opened = await store.open(k);
      expect(opened?.size).toBe(bytes.length);
      opened?.stream.destroy();
      expect((await read(store, k))!.equals(bytes)).toBe(true);
    });

    it('stores an empty blob and accepts an async iterable as the source', async () => {
      const k = key();
      expect(await store.put(k, (async function* () {})())).toEqual({
        size: 0,
        sha256: sha256(Buffer.alloc(0)),
      });
      expect((await read(store, k))!.length).toBe(0);
    });

    it('replaces the bytes of a key on a second put', async () => {
      const k = key();
      await store.put(k, source(Buffer.from('first version')));
      const stored = await store.put(k, source(Buffer.from('second')));
      expect(stored.size).toBe(6);
      expect((await read(store, k))!.toString()).toBe('second');
    });

    it('refuses a source over maxBytes and leaves nothing behind', async () => {
      const k = key();
      const limit = 1024 * 1024;
      await expect(
        store.put(k, source(randomBytes(limit + 1)), { maxBytes: limit }),
      ).rejects.toBeInstanceOf(BlobTooLargeError);
      expect(await store.exists(k)).toBe(false);
      expect(await fixture.leftovers()).toEqual([]);
      const exact = await store.put(k, source(randomBytes(limit)), { maxBytes: limit });
      expect(exact.size).toBe(limit);
    });

    it('keeps the previous bytes when a replacement is too large or its source fails', async () => {
      const k = key();
      await store.put(k, source(Buffer.from('kept')));
      await expect(
        store.put(k, source(randomBytes(2048)), { maxBytes: 1024 }),
      ).rejects.toBeInstanceOf(BlobTooLargeError);
      await expect(store.put(k, source(randomBytes(512 * 1024), 200 * 1024))).rejects.toThrow(
        'source broke',
      );
      expect((await read(store, k))!.toString()).toBe('kept');
      expect(await fixture.leftovers()).toEqual([]);
    });

    it('rethrows the error of a failing source as it is', async () => {
      const k = key();
      const failure = new Error('client went away');
      const broken = Readable.from(
        (async function* () {
          yield Buffer.from('partial');
          throw failure;
        })(),
      );
      await expect(store.put(k, broken)).rejects.toBe(failure);
      expect(await store.exists(k)).toBe(false);
    });

    it('answers null, false and false for a key that holds nothing', async () => {
      const k = key();
      expect(await store.open(k)).toBeNull();
      expect(await store.exists(k)).toBe(false);
      expect(await store.delete(k)).toBe(false);
    });

    it('deletes a blob', async () => {
      const k = key();
      await store.put(k, source(Buffer.from('x')));
      expect(await store.delete(k)).toBe(true);
      expect(await store.exists(k)).toBe(false);
      expect(await store.open(k)).toBeNull();
    });

    it('deletes a folder: every blob under it, none beside it', async () => {
      const folder = `folder/f-${++n}`;
      await store.put(`${folder}/a.bin`, source(Buffer.from('a')));
      await store.put(`${folder}/deep/b.bin`, source(Buffer.from('b')));
      await store.put(`${folder}x/c.bin`, source(Buffer.from('c')));
      await store.deleteFolder(folder);
      expect(await store.exists(`${folder}/a.bin`)).toBe(false);
      expect(await store.exists(`${folder}/deep/b.bin`)).toBe(false);
      expect(await store.exists(`${folder}x/c.bin`)).toBe(true);
      await store.deleteFolder(folder);
      await store.deleteFolder(`folder/never-${n}`);
    });

    it('deletes the blobs of a folder written before a time, as the filter selects', async () => {
      const folder = `aged/f-${++n}`;
      await store.put(`${folder}/old/a.bin`, source(Buffer.from('a')));
      await store.put(`${folder}/old/keep.bin`, source(Buffer.from('k')));
      const cut = new Date(Date.now() + 1000);
      expect(await store.deleteOlderThan(folder, new Date(Date.now() - 60_000))).toBe(0);
      expect(await store.deleteOlderThan(folder, cut, (k) => !k.endsWith('keep.bin'))).toBe(1);
      expect(await store.exists(`${folder}/old/a.bin`)).toBe(false);
      expect(await store.exists(`${folder}/old/keep.bin`)).toBe(true);
      expect(await store.deleteOlderThan(`aged/none-${n}`, cut)).toBe(0);
    });

    it('keeps concurrent puts of one key whole: the bytes are one of the versions', async () => {
      const k = key();
      const versions = [randomBytes(400_000), randomBytes(300_000), randomBytes(500_000)];
      await Promise.all(versions.map((v) => store.put(k, source(v))));
      const stored = await read(store, k);
      expect(versions.some((v) => v.equals(stored!))).toBe(true);
    });

    it('refuses keys that could escape the store or are not plain segments', async () => {
      for (const bad of [
        '',
        '../outside',
        'a/../../outside',
        '/absolute',
        'a//b',
        'a/',
        'a\\b',
        '.hidden',
        'a/./b',
        'a/..',
        'nul\0byte',
        'space here',
        'x'.repeat(256),
        `${'a/'.repeat(600)}b`,
      ]) {
        await expect(store.put(bad, source(Buffer.from('x'))), bad).rejects.toBeInstanceOf(
          InvalidBlobKeyError,
        );
        await expect(store.open(bad), bad).rejects.toBeInstanceOf(InvalidBlobKeyError);
        await expect(store.exists(bad), bad).rejects.toBeInstanceOf(InvalidBlobKeyError);
        await expect(store.delete(bad), bad).rejects.toBeInstanceOf(InvalidBlobKeyError);
      }
      expect(await fixture.leftovers()).toEqual([]);
    });

    it('accepts GUIDs, dots, dashes and underscores inside segments', async () => {
      const k = 'flow/flow-3F25C1D2-0000-4000-8000-000000000001/report_v1.2-final.pdf';
      await store.put(k, source(Buffer.from('ok')));
      expect((await read(store, k))!.toString()).toBe('ok');
    });
  });
}
