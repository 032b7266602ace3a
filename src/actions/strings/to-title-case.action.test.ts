import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { TO_TITLE_CASE_IDS as IDS, toTitleCaseAction } from './to-title-case.action.js';

describe('To Title Case', () => {
  it('is pure, under PROCESIO template 1dd4c795-6eca-47fa-8d84-edcb50cc7c26', () => {
    expect(toTitleCaseAction.effectful).toBe(false);
    expect(toTitleCaseAction.template.id).toBe('1dd4c795-6eca-47fa-8d84-edcb50cc7c26');
  });

  it('capitalises every word and keeps words written all in capitals', async () => {
    expect(
      await runAction(toTitleCaseAction, { [IDS.Input]: "the NASA report by jean-luc o'neil" }),
    ).toEqual({ [IDS.Result]: "The NASA Report By Jean-Luc O'neil" });
    expect(await runAction(toTitleCaseAction, { [IDS.Input]: 'ștefan ÎN oraș' })).toEqual({
      [IDS.Result]: 'Ștefan ÎN Oraș',
    });
  });

  it('fails when the text is null', async () => {
    expect(await failureOf(toTitleCaseAction, { [IDS.Input]: null })).toMatchObject({
      type: 'validation',
    });
  });
});
