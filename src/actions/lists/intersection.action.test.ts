import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LIST_INTERSECTION_IDS as IDS, listIntersectionAction } from './intersection.action.js';

describe('List Intersection', () => {
  it('is pure, under PROCESIO template f77f73e5-24b5-3c43-bd7f-138debe409bc', () => {
    expect(listIntersectionAction.effectful).toBe(false);
    expect(listIntersectionAction.template.id).toBe('f77f73e5-24b5-3c43-bd7f-138debe409bc');
  });

  it('keeps the first list’s elements also in the second, each once, in first-list order', async () => {
    expect(
      await runAction(listIntersectionAction, {
        [IDS.First]: ['c', 'a', 'b', 'a', 1],
        [IDS.Second]: ['a', 'c', '1', 'z'],
      }),
    ).toEqual({ [IDS.Result]: ['c', 'a', 1] });
  });

  it('fails when a list is missing', async () => {
    expect(await failureOf(listIntersectionAction, { [IDS.First]: [] })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Second },
    });
  });
});
