import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { TIME_DIFFERENCE_IDS as IDS, timeDifferenceAction } from './time-difference.action.js';

const difference = async (first: string, second: string, unit: number) =>
  (
    await runAction(timeDifferenceAction, {
      [IDS.First]: first,
      [IDS.Second]: second,
      [IDS.Unit]: unit,
    })
  )[IDS.Result];

describe('Time Difference', () => {
  it('is pure, under PROCESIO template a825c938-7d97-4230-97b7-4b52be3c6c84', () => {
    expect(timeDifferenceAction.effectful).toBe(false);
    expect(timeDifferenceAction.template.id).toBe('a825c938-7d97-4230-97b7-4b52be3c6c84');
  });

  it('counts whole seconds, minutes and hours', async () => {
    const first = '2024-01-01T10:00:00Z';
    expect(await difference(first, '2024-01-01T10:00:59.999Z', 1)).toBe(59);
    expect(await difference(first, '2024-01-01T12:30:00Z', 2)).toBe(150);
    expect(await difference(first, '2024-01-02T09:59:00Z', 3)).toBe(23);
    expect(await difference(first, '2024-01-01T07:30:00Z', 3)).toBe(-2);
  });

  it('fails when a date is missing', async () => {
    expect(
      await failureOf(timeDifferenceAction, { [IDS.First]: '2024-01-01T10:00:00Z', [IDS.Unit]: 1 }),
    ).toMatchObject({ type: 'validation', message: '"Second date" is required.' });
  });
});
