import { describe, expect, it } from 'vitest';
import { failureOf, MemoryFiles, runAction } from '../testing/run-action.js';
import { FILE_TO_STRING_IDS as IDS, fileToStringAction } from './file-to-string.action.js';

describe('File To String', () => {
  it('is pure, under PROCESIO template b9ef8ec5-c1c1-a743-951a-2c777ea08e4f', () => {
    expect(fileToStringAction.effectful).toBe(false);
    expect(fileToStringAction.template.id).toBe('b9ef8ec5-c1c1-a743-951a-2c777ea08e4f');
  });

  it('reads the file as text in the chosen encoding', async () => {
    const files = new MemoryFiles();
    const utf8 = files.put('a.txt', 'text/plain', '\uFEFFȘtefan');
    const cyrillic = files.put('b.txt', 'text/plain', Buffer.from([0xcf, 0xf0, 0xe8]));
    expect(
      (await runAction(fileToStringAction, { [IDS.File]: utf8, [IDS.Encoding]: '1' }, { files }))[
        IDS.Content
      ],
    ).toBe('Ștefan');
    expect(
      (
        await runAction(
          fileToStringAction,
          { [IDS.File]: cyrillic, [IDS.Encoding]: 1251 },
          { files },
        )
      )[IDS.Content],
    ).toBe('При');
  });

  it('refuses an encoding that is not offered', async () => {
    const files = new MemoryFiles();
    const file = files.put('a.txt', 'text/plain', 'x');
    expect(
      await failureOf(fileToStringAction, { [IDS.File]: file, [IDS.Encoding]: 65001 }, { files }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Encoding } });
  });
});
