import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { failureOf, MemoryFiles, runAction } from '../testing/run-action.js';
import { FILE_TO_BASE64_IDS as IDS, fileToBase64Action } from './file-to-base64.action.js';

describe('File To Base64', () => {
  it('is pure, under PROCESIO template 1d121372-765c-5a43-9f1a-076fe747d05b', () => {
    expect(fileToBase64Action.effectful).toBe(false);
    expect(fileToBase64Action.template.id).toBe('1d121372-765c-5a43-9f1a-076fe747d05b');
  });

  it("answers the file's bytes as Base64", async () => {
    const files = new MemoryFiles();
    const bytes = randomBytes(1000);
    const file = files.put('x.bin', 'application/octet-stream', bytes);
    const result = await runAction(fileToBase64Action, { [IDS.File]: file }, { files });
    expect(Buffer.from(result[IDS.Base64] as string, 'base64').equals(bytes)).toBe(true);
  });

  it('refuses a value that is not a file and a file it cannot find', async () => {
    expect(await failureOf(fileToBase64Action, { [IDS.File]: 'hello' })).toMatchObject({
      type: 'validation',
      message: '"File" must be a file (a File value with a path).',
    });
    expect(
      await failureOf(fileToBase64Action, { [IDS.File]: { name: 'a', path: 'test/none' } }),
    ).toMatchObject({ type: 'file.not_found' });
  });
});
