import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { BETWEEN_IDS as IDS, betweenAction } from './between.action.js';

const between = async (inputs: Record<string, unknown>) =>
  (await runAction(betweenAction, inputs))[IDS.Result];

describe('Between', () => {
  it('is pure, under PROCESIO template 11b116dc-8816-4743-a399-b8c47d821423', () => {
    expect(betweenAction.effectful).toBe(false);
    expect(betweenAction.template.id).toBe('11b116dc-8816-4743-a399-b8c47d821423');
  });

  it('finds every piece between a start and the next end marker, left to right', async () => {
    const inputs = {
      [IDS.Source]: '<a>1</a> <a>22</a> <a>3',
      [IDS.Start]: '<a>',
      [IDS.End]: '</a>',
    };
    expect(await between(inputs)).toEqual(['1', '22']);
    expect(await between({ ...inputs, [IDS.IncludeStart]: true })).toEqual(['<a>1', '<a>22']);
    expect(await between({ ...inputs, [IDS.IncludeEnd]: 'true' })).toEqual(['1</a>', '22</a>']);
    expect(await between({ ...inputs, [IDS.Source]: 'nothing here' })).toEqual([]);
  });

  it('keeps empty pieces and does not overlap when the markers are the same', async () => {
    expect(await between({ [IDS.Source]: '"a""b" "c"', [IDS.Start]: '"', [IDS.End]: '"' })).toEqual(
      ['a', 'b', 'c'],
    );
    expect(await between({ [IDS.Source]: '[][x]', [IDS.Start]: '[', [IDS.End]: ']' })).toEqual([
      '',
      'x',
    ]);
  });

  it('refuses an empty marker and a missing text', async () => {
    expect(
      await failureOf(betweenAction, { [IDS.Source]: 'abc', [IDS.Start]: '', [IDS.End]: 'c' }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Start } });
    expect(
      await failureOf(betweenAction, { [IDS.Source]: null, [IDS.Start]: 'a', [IDS.End]: 'c' }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Source } });
  });
});
