import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LIST_GET_INDEX_IDS as IDS, listGetIndexAction } from './get-index.action.js';

describe('Get Index (list)', () => {
  it('is pure, under PROCESIO template 0d73f472-6956-4f5f-b79b-c3eb870941b8', () => {
    expect(listGetIndexAction.effectful).toBe(false);
    expect(listGetIndexAction.template.id).toBe('0d73f472-6956-4f5f-b79b-c3eb870941b8');
  });

  it('answers the position of the first equal element, or -1', async () => {
    const run = async (item: unknown) =>
      (
        await runAction(listGetIndexAction, {
          [IDS.List]: ['x', 7, 'x', { k: 1 }],
          [IDS.Item]: item,
        })
      )[IDS.Result];
    expect(await run('x')).toBe(0);
    expect(await run(7.0)).toBe(1);
    expect(await run({ k: 1 })).toBe(3);
    expect(await run('y')).toBe(-1);
  });

  it('fails when the element to look for was never given', async () => {
    expect(await failureOf(listGetIndexAction, { [IDS.List]: [1] })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Item },
    });
  });
});
