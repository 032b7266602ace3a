import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeBlobStoreContract } from './blob-store.contract.js';
import { LocalBlobStore } from './local.blob-store.js';

describeBlobStoreContract('local disk', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-blobs-'));
  return {
    store: new LocalBlobStore(path.join(root, 'files')),
    async leftovers() {
      const partial = path.join(root, 'files', '.partial');
      return fs.existsSync(partial) ? fs.readdirSync(partial) : [];
    },
    async dispose() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
});

describe('local blob store', () => {
  it('keeps each blob as a file named by its key under the root, and nothing outside it', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-blobs-'));
    try {
      const store = new LocalBlobStore(path.join(parent, 'files'));
      await store.put('flow/flow-1/a.txt', Readable.from([Buffer.from('hello')]));
      expect(fs.readFileSync(path.join(parent, 'files', 'flow', 'flow-1', 'a.txt'), 'utf8')).toBe(
        'hello',
      );
      await expect(store.put('../escape', Readable.from([Buffer.from('x')]))).rejects.toThrow();
      expect(fs.readdirSync(parent)).toEqual(['files']);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
