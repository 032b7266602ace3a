import { describe, expect, it } from 'vitest';
import { failureOf, MemoryFiles, runAction } from '../testing/run-action.js';
import { BASE64_TO_FILE_IDS as IDS, base64ToFileAction } from './base64-to-file.action.js';

describe('Base64 To File', () => {
  it('is effectful, under PROCESIO template 6fad5599-5b46-5a4d-99a5-681c7ab818b7', () => {
    expect(base64ToFileAction.effectful).toBe(true);
    expect(base64ToFileAction.template.id).toBe('6fad5599-5b46-5a4d-99a5-681c7ab818b7');
  });

  it('stores the decoded bytes as a new file and answers its File value', async () => {
    const files = new MemoryFiles();
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    const result = await runAction(
      base64ToFileAction,
      { [IDS.Base64]: bytes.toString('base64'), [IDS.FileName]: ' report.pdf ' },
      { files },
    );
    const file = result[IDS.File] as { name: string; path: string; size: number; mimeType: string };
    expect(file).toMatchObject({ name: 'report.pdf', size: 6, mimeType: 'application/pdf' });
    expect((await files.read(file)).bytes.equals(bytes)).toBe(true);
  });

  it('gives unknown extensions application/octet-stream', async () => {
    const files = new MemoryFiles();
    const result = await runAction(
      base64ToFileAction,
      { [IDS.Base64]: 'AAEC', [IDS.FileName]: 'blob.xyz' },
      { files },
    );
    expect(result[IDS.File]).toMatchObject({ mimeType: 'application/octet-stream', size: 3 });
  });

  it('refuses text that is not Base64 and names with folders, storing nothing', async () => {
    const files = new MemoryFiles();
    expect(
      await failureOf(
        base64ToFileAction,
        { [IDS.Base64]: 'not base64!', [IDS.FileName]: 'a.bin' },
        { files },
      ),
    ).toMatchObject({ type: 'validation', message: '"Base64 content" is not Base64.' });
    expect(
      await failureOf(
        base64ToFileAction,
        { [IDS.Base64]: 'AAEC', [IDS.FileName]: '../etc/passwd' },
        { files },
      ),
    ).toMatchObject({
      type: 'validation',
      message: '"File name" must be a plain file name without folders; got "../etc/passwd".',
    });
    expect(files.blobs.size).toBe(0);
  });
});
