import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { CHECK_BOOLEAN_IDS as IDS, checkBooleanAction } from './check-boolean.action.js';

describe('Check Boolean', () => {
  it('is pure, under PROCESIO template 321e291b-cc48-dc42-b1a1-2b647cc9f9bd', () => {
    expect(checkBooleanAction.effectful).toBe(false);
    expect(checkBooleanAction.template.id).toBe('321e291b-cc48-dc42-b1a1-2b647cc9f9bd');
  });

  it('lets the flow go on when the value is the expected one', async () => {
    expect(
      await runAction(checkBooleanAction, { [IDS.Value]: true, [IDS.Expected]: 'true' }),
    ).toEqual({});
    expect(
      await runAction(checkBooleanAction, { [IDS.Value]: 'False', [IDS.Expected]: 'false' }),
    ).toEqual({});
  });

  it('fails with check.failed when the value is not the expected one', async () => {
    expect(
      await failureOf(checkBooleanAction, { [IDS.Value]: true, [IDS.Expected]: 'false' }),
    ).toEqual({
      type: 'check.failed',
      message: '"Value to check" is true, but the check expects false.',
      retryable: false,
      details: { settingId: IDS.Value },
    });
  });

  it('refuses a value that is null or not a boolean, and an unknown expectation', async () => {
    for (const value of [null, 'yes', 1]) {
      expect(
        await failureOf(checkBooleanAction, { [IDS.Value]: value, [IDS.Expected]: 'true' }),
      ).toMatchObject({ type: 'validation', details: { settingId: IDS.Value } });
    }
    expect(
      await failureOf(checkBooleanAction, { [IDS.Value]: true, [IDS.Expected]: 'maybe' }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Expected } });
  });
});
