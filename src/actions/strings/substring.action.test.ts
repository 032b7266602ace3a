import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { SUBSTRING_IDS as IDS, substringAction } from './substring.action.js';

describe('Substring', () => {
  it('is pure, under PROCESIO template bcb762c1-b0f6-4ee0-b6a8-2cf36459931b', () => {
    expect(substringAction.effectful).toBe(false);
    expect(substringAction.template.id).toBe('bcb762c1-b0f6-4ee0-b6a8-2cf36459931b');
  });

  it('answers the text from the zero-based position to the end', async () => {
    const run = async (position: unknown) =>
      (await runAction(substringAction, { [IDS.Source]: 'Sluice', [IDS.Position]: position }))[
        IDS.Result
      ];
    expect(await run(2)).toBe('uice');
    expect(await run('0')).toBe('Sluice');
    expect(await run(6)).toBe('');
  });

  it('refuses a position outside the text or not a whole number', async () => {
    for (const position of [-1, 7, 1.5, 'two']) {
      expect(
        await failureOf(substringAction, { [IDS.Source]: 'Sluice', [IDS.Position]: position }),
      ).toMatchObject({ type: 'validation', details: { settingId: IDS.Position } });
    }
  });
});
