import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { REGEX_VALIDATE_IDS as IDS, regexValidateAction } from './regex-validate.action.js';

const validate = async (inputs: Record<string, unknown>) =>
  (await runAction(regexValidateAction, inputs))[IDS.Result];

describe('RegEx Validate', () => {
  it('is pure, under PROCESIO template 2360beae-8bcb-412d-95dd-a55badd8e9e3', () => {
    expect(regexValidateAction.effectful).toBe(false);
    expect(regexValidateAction.template.id).toBe('2360beae-8bcb-412d-95dd-a55badd8e9e3');
  });

  it('is true when the pattern matches anywhere, and anchors require a whole match', async () => {
    const email = '^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$';
    expect(await validate({ [IDS.Value]: 'Ada@Example.COM', [IDS.Pattern]: email })).toBe(true);
    expect(
      await validate({
        [IDS.Value]: 'Ada@Example.COM',
        [IDS.Pattern]: email,
        [IDS.IgnoreCase]: false,
      }),
    ).toBe(false);
    expect(await validate({ [IDS.Value]: 'x 12 y', [IDS.Pattern]: '\\d+' })).toBe(true);
    expect(await validate({ [IDS.Value]: 'x 12 y', [IDS.Pattern]: '^\\d+$' })).toBe(false);
  });

  it('refuses a pattern using an option JavaScript cannot honour', async () => {
    expect(
      await failureOf(regexValidateAction, { [IDS.Value]: 'a', [IDS.Pattern]: '(?x) a' }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Pattern } });
  });
});
