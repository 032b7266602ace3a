import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { STARTS_WITH_IDS as IDS, startsWithAction } from './starts-with.action.js';

describe('Starts With', () => {
  it('is pure, under PROCESIO template 2308e76f-cc8b-408f-a763-96b76d682b07', () => {
    expect(startsWithAction.effectful).toBe(false);
    expect(startsWithAction.template.id).toBe('2308e76f-cc8b-408f-a763-96b76d682b07');
  });

  it('tells whether the text starts with the beginning, case included', async () => {
    const run = async (source: unknown, prefix: string) =>
      (await runAction(startsWithAction, { [IDS.Source]: source, [IDS.Prefix]: prefix }))[
        IDS.Result
      ];
    expect(await run('INV-2024-001', 'INV-')).toBe(true);
    expect(await run('INV-2024-001', 'inv-')).toBe(false);
    expect(await run(42, '4')).toBe(true);
  });

  it('fails when the text is missing', async () => {
    expect(await failureOf(startsWithAction, { [IDS.Prefix]: 'a' })).toMatchObject({
      type: 'validation',
      message: '"Text" is required.',
    });
  });
});
