import { describe, expect, it } from 'vitest';
import { failureOf, MemoryFiles, runAction } from '../testing/run-action.js';
import { FILE_TO_JSON_IDS as IDS, fileToJsonAction } from './file-to-json.action.js';

describe('File To JSON', () => {
  it('is pure, under PROCESIO template fd9d7d38-7e96-5c43-809e-9b2a7e203441', () => {
    expect(fileToJsonAction.effectful).toBe(false);
    expect(fileToJsonAction.template.id).toBe('fd9d7d38-7e96-5c43-809e-9b2a7e203441');
  });

  it("parses the file's UTF-8 content, a byte-order mark allowed", async () => {
    const files = new MemoryFiles();
    const file = files.put(
      'data.json',
      'application/json',
      '\uFEFF{"city": "Cluj-Napoca", "n": [1, 2]}',
    );
    const result = await runAction(fileToJsonAction, { [IDS.File]: file }, { files });
    expect(result[IDS.Content]).toEqual({ city: 'Cluj-Napoca', n: [1, 2] });
  });

  it('fails for a file that is not JSON, a missing file and a file of another workspace', async () => {
    const files = new MemoryFiles();
    const notJson = files.put('notes.txt', 'text/plain', 'hello');
    const failure = await failureOf(fileToJsonAction, { [IDS.File]: notJson }, { files });
    expect(failure.message).toMatch(/^"JSON file" \("notes.txt"\) is not valid JSON: /);
    expect(await failureOf(fileToJsonAction, {})).toMatchObject({
      type: 'validation',
      message: '"JSON file" is required.',
    });
    expect(
      await failureOf(
        fileToJsonAction,
        { [IDS.File]: { name: 'x', path: 'other/place' } },
        { files },
      ),
    ).toMatchObject({ type: 'file.not_found' });
  });
});
