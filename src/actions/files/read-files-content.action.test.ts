import { describe, expect, it } from 'vitest';
import { failureOf, MemoryFiles, runAction } from '../testing/run-action.js';
import {
  READ_FILES_CONTENT_IDS as IDS,
  readFilesContentAction,
} from './read-files-content.action.js';

describe('Read Files Content', () => {
  it('is pure, under PROCESIO template 6aca41ed-90bf-4b5d-8fcd-1c84d3c26d88', () => {
    expect(readFilesContentAction.effectful).toBe(false);
    expect(readFilesContentAction.template.id).toBe('6aca41ed-90bf-4b5d-8fcd-1c84d3c26d88');
  });

  it('reads every file in order and lists the ones it cannot read as errors', async () => {
    const files = new MemoryFiles();
    const one = files.put('one.txt', 'text/plain', Buffer.from('first', 'utf16le'));
    const two = files.put('two.txt', 'text/plain', Buffer.from('second', 'utf16le'));
    const gone = { name: 'gone.txt', path: 'test/missing' };
    const result = await runAction(
      readFilesContentAction,
      { [IDS.Files]: [one, gone, two], [IDS.Encoding]: 4 },
      { files },
    );
    expect(result[IDS.Content]).toEqual([
      { name: 'one.txt', content: 'first' },
      { name: 'two.txt', content: 'second' },
    ]);
    expect(result[IDS.Errors]).toEqual([
      'gone.txt: The file does not exist or is not one of this workspace.',
    ]);
  });

  it('refuses a list item that is not a file at all', async () => {
    expect(
      await failureOf(readFilesContentAction, {
        [IDS.Files]: [{ name: 'no path' }],
        [IDS.Encoding]: 1,
      }),
    ).toMatchObject({
      type: 'validation',
      message: '"Files" item 1 is not a file (a File value with a path).',
    });
  });
});
