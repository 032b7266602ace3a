import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { STRING_TO_NUMBER_IDS as IDS, stringToNumberAction } from './string-to-number.action.js';

const parse = async (text: unknown) =>
  (await runAction(stringToNumberAction, { [IDS.Text]: text }))[IDS.Result];

describe('String To Number', () => {
  it('is pure, under PROCESIO template 3fdae170-02ac-4a13-9a81-0cb402010007', () => {
    expect(stringToNumberAction.effectful).toBe(false);
    expect(stringToNumberAction.template.id).toBe('3fdae170-02ac-4a13-9a81-0cb402010007');
  });

  it('reads decimals, exponents and comma-grouped thousands', async () => {
    expect(await parse(' -12.5 ')).toBe(-12.5);
    expect(await parse('1e3')).toBe(1000);
    expect(await parse('1,234,567.89')).toBe(1234567.89);
    expect(await parse('+.5')).toBe(0.5);
  });

  it('answers null for text that holds no number, as PROCESIO does', async () => {
    for (const text of ['', 'abc', '12abc', '1,23', '0x1F', 'Infinity', '1e999']) {
      expect(await parse(text)).toBeNull();
    }
  });

  it('fails only when the text itself is missing', async () => {
    expect(await failureOf(stringToNumberAction, { [IDS.Text]: null })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Text },
    });
  });
});
