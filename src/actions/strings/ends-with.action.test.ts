import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { ENDS_WITH_IDS as IDS, endsWithAction } from './ends-with.action.js';

describe('Ends With', () => {
  it('is pure, under PROCESIO template f91780f4-2011-49bb-9cff-0495913dc9a5', () => {
    expect(endsWithAction.effectful).toBe(false);
    expect(endsWithAction.template.id).toBe('f91780f4-2011-49bb-9cff-0495913dc9a5');
  });

  it('tells whether the text ends with the ending, case included', async () => {
    const run = async (source: string, suffix: string) =>
      (await runAction(endsWithAction, { [IDS.Source]: source, [IDS.Suffix]: suffix }))[IDS.Result];
    expect(await run('report.PDF', '.PDF')).toBe(true);
    expect(await run('report.PDF', '.pdf')).toBe(false);
    expect(await run('a', 'abc')).toBe(false);
  });

  it('fails when the ending is missing', async () => {
    expect(await failureOf(endsWithAction, { [IDS.Source]: 'abc' })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Suffix },
    });
  });
});
