import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { TO_UPPER_IDS as IDS, toUpperAction } from './to-upper.action.js';

describe('To Upper', () => {
  it('is pure, under PROCESIO template 024f22fa-831f-470a-bca0-2448d0b868ca', () => {
    expect(toUpperAction.effectful).toBe(false);
    expect(toUpperAction.template.id).toBe('024f22fa-831f-470a-bca0-2448d0b868ca');
  });

  it('upper-cases the text, beyond ASCII too', async () => {
    expect(await runAction(toUpperAction, { [IDS.Input]: 'straße ok' })).toEqual({
      [IDS.Result]: 'STRASSE OK',
    });
  });

  it('fails with a validation error when the text is missing', async () => {
    expect(await failureOf(toUpperAction, {})).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Input },
    });
  });
});
