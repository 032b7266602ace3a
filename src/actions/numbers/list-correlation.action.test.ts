import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { LIST_CORRELATION_IDS as IDS, listCorrelationAction } from './list-correlation.action.js';

const correlate = async (first: unknown[], second: unknown[]) =>
  (await runAction(listCorrelationAction, { [IDS.First]: first, [IDS.Second]: second }))[
    IDS.Result
  ];

describe('List Correlation', () => {
  it('is pure, under PROCESIO template 1c9dacf5-372d-5542-870a-f6daf5f07104', () => {
    expect(listCorrelationAction.effectful).toBe(false);
    expect(listCorrelationAction.template.id).toBe('1c9dacf5-372d-5542-870a-f6daf5f07104');
  });

  it("answers Pearson's coefficient of the paired numbers", async () => {
    expect(await correlate([1, 2, 3], [2, 4, 6])).toBe(1);
    expect(await correlate([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(await correlate([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
  });

  it('refuses lists of different lengths and a constant list', async () => {
    expect(
      await failureOf(listCorrelationAction, { [IDS.First]: [1, 2], [IDS.Second]: [1, 2, 3] }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Second } });
    expect(
      await failureOf(listCorrelationAction, { [IDS.First]: [5, 5], [IDS.Second]: [1, 2] }),
    ).toMatchObject({
      type: 'validation',
      message: '"First numbers" has no variation; its correlation is undefined.',
    });
  });
});
