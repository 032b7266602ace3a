import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { failureOf, MemoryFiles, runAction } from '../testing/run-action.js';
import { HASH_IDS as IDS, hashAction } from './hash.action.js';

describe('Hash', () => {
  it('is pure, under PROCESIO template 0b6d0100-75ad-4606-b4b8-d2c724313f3e', () => {
    expect(hashAction.effectful).toBe(false);
    expect(hashAction.template.id).toBe('0b6d0100-75ad-4606-b4b8-d2c724313f3e');
  });

  it('hashes the text with every algorithm offered, as lower-case hex', async () => {
    const expected: Record<string, string> = {
      MD5: '5d41402abc4b2a76b9719d911017c592',
      SHA1: 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d',
      SHA256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      SHA3_256: '3338be694f50c5f338814986cdf0686453a888b84f424d792af4b9202398f392',
    };
    for (const [algorithm, digest] of Object.entries(expected)) {
      const result = await runAction(hashAction, {
        [IDS.Text]: 'hello',
        [IDS.Algorithm]: algorithm,
      });
      expect(result[IDS.Result], algorithm).toBe(digest);
    }
    for (const algorithm of ['SHA384', 'SHA512', 'SHA3_384', 'SHA3_512']) {
      const result = await runAction(hashAction, {
        [IDS.Text]: 'hello',
        [IDS.Algorithm]: algorithm,
      });
      expect(String(result[IDS.Result]).length, algorithm).toBe(
        algorithm.endsWith('384') ? 96 : 128,
      );
    }
  });

  it('hashes the file when one is given, whatever the text says', async () => {
    const files = new MemoryFiles();
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    const file = files.put('data.bin', 'application/octet-stream', bytes);
    const result = await runAction(
      hashAction,
      { [IDS.File]: file, [IDS.Text]: 'ignored', [IDS.Algorithm]: 'SHA256' },
      { files },
    );
    expect(result[IDS.Result]).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('takes an empty file value as no file and hashes the text', async () => {
    const result = await runAction(hashAction, {
      [IDS.File]: { name: '' },
      [IDS.Text]: '',
      [IDS.Algorithm]: 'MD5',
    });
    expect(result[IDS.Result]).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('refuses an unknown algorithm, a missing input and a file of another workspace', async () => {
    expect(
      await failureOf(hashAction, { [IDS.Text]: 'x', [IDS.Algorithm]: 'CRC32' }),
    ).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Algorithm },
    });
    expect(await failureOf(hashAction, { [IDS.Algorithm]: 'MD5' })).toMatchObject({
      type: 'validation',
      message: '"Text (used when no file is given)" is required when no file is given ("File").',
    });
    expect(
      await failureOf(hashAction, { [IDS.File]: { path: 'elsewhere/x' }, [IDS.Algorithm]: 'MD5' }),
    ).toMatchObject({ type: 'file.not_found' });
  });
});
