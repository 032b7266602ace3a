import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { MODULO_IDS as IDS, moduloAction } from './modulo.action.js';

const modulo = async (a: unknown, b: unknown) =>
  (await runAction(moduloAction, { [IDS.First]: a, [IDS.Second]: b }))[IDS.Result];

describe('Modulo', () => {
  it('is pure, under PROCESIO template 8050f033-24a2-47f0-88d3-280e7f440687', () => {
    expect(moduloAction.effectful).toBe(false);
    expect(moduloAction.template.id).toBe('8050f033-24a2-47f0-88d3-280e7f440687');
  });

  it('answers the remainder with the sign of the dividend', async () => {
    expect(await modulo(17, 5)).toBe(2);
    expect(await modulo(-7, 3)).toBe(-1);
    expect(await modulo('9', '-4')).toBe(1);
    expect(Object.is(await modulo(-6, 3), 0)).toBe(true);
  });

  it('refuses a zero divisor and numbers that are not whole', async () => {
    expect(await failureOf(moduloAction, { [IDS.First]: 5, [IDS.Second]: 0 })).toMatchObject({
      type: 'validation',
      message: '"Divisor" is zero; there is no remainder of a division by zero.',
    });
    expect(await failureOf(moduloAction, { [IDS.First]: 5.5, [IDS.Second]: 2 })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.First },
    });
  });
});
