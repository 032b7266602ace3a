import { describe, expect, it } from 'vitest';
import { failureOf, MemoryFiles, runAction } from '../testing/run-action.js';
import { LIST_TO_FILE_IDS as IDS, listToFileAction } from './list-to-file.action.js';

async function write(inputs: Record<string, unknown>) {
  const files = new MemoryFiles();
  const result = await runAction(listToFileAction, inputs, { files });
  const file = result[IDS.File] as { name: string; mimeType: string };
  return { file, bytes: (await files.read(file)).bytes };
}

describe('List To File', () => {
  it('is effectful, under PROCESIO template 1629091f-198c-294c-91a7-9b92f9008c99', () => {
    expect(listToFileAction.effectful).toBe(true);
    expect(listToFileAction.template.id).toBe('1629091f-198c-294c-91a7-9b92f9008c99');
  });

  it('writes one item per line, text as it is and other values as JSON', async () => {
    const { file, bytes } = await write({
      [IDS.List]: ['first', 2, { id: 3 }, 'multi\nline'],
      [IDS.FileName]: 'items.txt',
      [IDS.LineEnding]: 1,
      [IDS.Encoding]: 1,
    });
    expect(file).toMatchObject({ name: 'items.txt', mimeType: 'text/plain' });
    expect(bytes.toString('utf8')).toBe('first\r\n2\r\n{"id":3}\r\nmulti\r\nline\r\n');
  });

  it('uses the chosen line ending and encoding', async () => {
    const { bytes } = await write({
      [IDS.List]: ['ä', 'b'],
      [IDS.FileName]: 'x.txt',
      [IDS.LineEnding]: '2',
      [IDS.Encoding]: '5',
    });
    expect(bytes.equals(Buffer.from([0, 0xe4, 0, 0x0a, 0, 0x62, 0, 0x0a]))).toBe(true);
    const cr = await write({
      [IDS.List]: ['a'],
      [IDS.FileName]: 'x.txt',
      [IDS.LineEnding]: 3,
      [IDS.Encoding]: 3,
    });
    expect(cr.bytes.toString('latin1')).toBe('a\r');
  });

  it('refuses a value that is not a list and an unknown line ending', async () => {
    const base = { [IDS.FileName]: 'x.txt', [IDS.LineEnding]: 1, [IDS.Encoding]: 1 };
    expect(await failureOf(listToFileAction, { ...base, [IDS.List]: 'not a list' })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.List },
    });
    expect(
      await failureOf(listToFileAction, { ...base, [IDS.List]: [], [IDS.LineEnding]: 4 }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.LineEnding } });
  });
});
