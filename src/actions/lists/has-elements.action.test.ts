import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { HAS_ELEMENTS_IDS as IDS, hasElementsAction } from './has-elements.action.js';

describe('Has Elements', () => {
  it('is pure, under PROCESIO template c2d7cacb-3fe7-c741-bfe7-188b8dc98998', () => {
    expect(hasElementsAction.effectful).toBe(false);
    expect(hasElementsAction.template.id).toBe('c2d7cacb-3fe7-c741-bfe7-188b8dc98998');
  });

  it('lets the flow go on when the list has an element, even a null one', async () => {
    expect(await runAction(hasElementsAction, { [IDS.List]: [null] })).toEqual({});
  });

  it('fails with check.failed on an empty list and validation on a non-list', async () => {
    expect(await failureOf(hasElementsAction, { [IDS.List]: [] })).toEqual({
      type: 'check.failed',
      message: '"List to check" has no elements.',
      retryable: false,
      details: { settingId: IDS.List },
    });
    expect(await failureOf(hasElementsAction, { [IDS.List]: 'x' })).toMatchObject({
      type: 'validation',
    });
  });
});
