import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { EXTRACT_LIST_IDS as IDS, extractListAction } from './extract-list.action.js';

const list = async (json: unknown, query: string) =>
  (await runAction(extractListAction, { [IDS.Json]: json, [IDS.Query]: query }))[IDS.Result];

describe('Extract List', () => {
  it('is pure, under PROCESIO template 6c4a47ae-8395-44e6-9ca9-f3fc926d5e97', () => {
    expect(extractListAction.effectful).toBe(false);
    expect(extractListAction.template.id).toBe('6c4a47ae-8395-44e6-9ca9-f3fc926d5e97');
  });

  it('answers every match, and a matched list as its items', async () => {
    const json = {
      users: [
        { name: 'a', tags: ['x'] },
        { name: 'b', tags: ['y', 'z'] },
      ],
    };
    expect(await list(json, '$.users[*].name')).toEqual(['a', 'b']);
    expect(await list(json, '$..tags[*]')).toEqual(['x', 'y', 'z']);
    expect(await list(json, '$.users')).toEqual(json.users);
    expect(await list([3, 1, 2], '$[1:]')).toEqual([1, 2]);
    expect(await list(json, '$.missing')).toEqual([]);
  });

  it('refuses a script-looking filter and an empty query', async () => {
    expect(
      await failureOf(extractListAction, { [IDS.Json]: [1], [IDS.Query]: '$[?(this.x = 1)]' }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Query } });
    expect(
      await failureOf(extractListAction, { [IDS.Json]: [1], [IDS.Query]: '  ' }),
    ).toMatchObject({
      type: 'validation',
      message: '"JSONPath query" is required.',
    });
  });
});
