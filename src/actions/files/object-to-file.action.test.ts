import { describe, expect, it } from 'vitest';
import { failureOf, MemoryFiles, runAction } from '../testing/run-action.js';
import { OBJECT_TO_FILE_IDS as IDS, objectToFileAction } from './object-to-file.action.js';

async function write(inputs: Record<string, unknown>) {
  const files = new MemoryFiles();
  const result = await runAction(objectToFileAction, inputs, { files });
  const file = result[IDS.File] as { name: string; mimeType: string };
  return { file, text: (await files.read(file)).bytes.toString('utf8') };
}

describe('Object To File', () => {
  it('is effectful, under PROCESIO template 447df7bc-c8cc-de47-99a5-c4788df0e3dc', () => {
    expect(objectToFileAction.effectful).toBe(true);
    expect(objectToFileAction.template.id).toBe('447df7bc-c8cc-de47-99a5-c4788df0e3dc');
  });

  it('writes an object as indented JSON with the chosen line ending', async () => {
    const { file, text } = await write({
      [IDS.Value]: { id: 1, tags: ['a'] },
      [IDS.FileName]: 'order.json',
      [IDS.LineEnding]: 1,
      [IDS.Encoding]: 1,
    });
    expect(file).toMatchObject({ name: 'order.json', mimeType: 'application/json' });
    expect(text).toBe('{\r\n  "id": 1,\r\n  "tags": [\r\n    "a"\r\n  ]\r\n}');
  });

  it('writes text as it is, its line breaks normalised', async () => {
    const { text } = await write({
      [IDS.Value]: 'a\r\nb\rc\n',
      [IDS.FileName]: 'notes.txt',
      [IDS.LineEnding]: 2,
      [IDS.Encoding]: 1,
    });
    expect(text).toBe('a\nb\nc\n');
  });

  it('refuses a missing value and an empty file name', async () => {
    const base = { [IDS.LineEnding]: 1, [IDS.Encoding]: 1 };
    expect(await failureOf(objectToFileAction, { ...base, [IDS.FileName]: 'x.txt' })).toMatchObject(
      {
        type: 'validation',
        message: '"Value" is required.',
      },
    );
    expect(
      await failureOf(objectToFileAction, { ...base, [IDS.Value]: {}, [IDS.FileName]: '  ' }),
    ).toMatchObject({ type: 'validation', message: '"File name" is required.' });
  });
});
