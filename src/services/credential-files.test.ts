import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { SluiceError } from '../errors/catalogue.js';
import { LocalBlobStore } from '../files/local.blob-store.js';
import { CredentialFiles, TEST_FILE_LIFETIME_MS } from './credential-files.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-credential-files-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let now = new Date('2026-03-01T10:00:00Z');
const files = new CredentialFiles({ blobs: new LocalBlobStore(root), clock: { now: () => now } });
const incoming = (filename: string, bytes: string) => ({
  filename,
  mimeType: 'application/octet-stream',
  content: Readable.from([Buffer.from(bytes)]),
});
const WORKSPACE = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const CREDENTIAL = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

describe('credential files', () => {
  it('stores under credentials/<id>/<fileId>/<name> and reads the bytes back in any case of the ids', async () => {
    const stored = await files.store(
      WORKSPACE,
      files.owner(CREDENTIAL.toUpperCase()),
      incoming('../my key.pem', 'key'),
    );
    expect(stored).toMatch(new RegExp(`^credentials/${CREDENTIAL}/[0-9a-f-]{36}/my_key\\.pem$`));
    expect((await files.read(WORKSPACE, stored))?.toString()).toBe('key');
    const [, , fileId] = stored.split('/');
    expect(
      (await files.read(WORKSPACE, stored.replace(fileId!, fileId!.toUpperCase())))?.toString(),
    ).toBe('key');
  });

  it('never reads another workspace’s file, nor a path it did not answer', async () => {
    const stored = await files.store(WORKSPACE, CREDENTIAL, incoming('c.pem', 'cert'));
    expect(await files.read(OTHER, stored)).toBeNull();
    expect(await files.read(WORKSPACE, 'credentials/../../etc/passwd')).toBeNull();
    expect(await files.read(WORKSPACE, `flow/${stored}`)).toBeNull();
  });

  it('keeps a test upload for an hour', async () => {
    const stored = await files.store(
      WORKSPACE,
      files.owner('TEST'),
      incoming('t.pem', 'temporary'),
    );
    expect(stored).toMatch(/^credentials\/test\//);
    now = new Date(now.getTime() + TEST_FILE_LIFETIME_MS);
    expect((await files.read(WORKSPACE, stored))?.toString()).toBe('temporary');
    now = new Date(now.getTime() + 1);
    expect(await files.read(WORKSPACE, stored)).toBeNull();
  });

  it('refuses an owner that is neither a GUID nor test, and a file over the limit', async () => {
    expect(() => files.owner('../x')).toThrow(SluiceError);
    const small = new CredentialFiles(
      { blobs: new LocalBlobStore(root), clock: { now: () => now } },
      4,
    );
    const error = await small
      .store(WORKSPACE, CREDENTIAL, incoming('big.pem', '12345'))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FILE_TOO_LARGE', http: 413 });
  });
});
