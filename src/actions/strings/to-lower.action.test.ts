import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { TO_LOWER_IDS as IDS, toLowerAction } from './to-lower.action.js';

describe('To Lower', () => {
  it('is pure, under PROCESIO template 4cf1fe74-4e9f-42ec-bb25-7cbf8491292c', () => {
    expect(toLowerAction.effectful).toBe(false);
    expect(toLowerAction.template.id).toBe('4cf1fe74-4e9f-42ec-bb25-7cbf8491292c');
  });

  it('lower-cases the text the same way on every host, whatever its locale', async () => {
    expect(await runAction(toLowerAction, { [IDS.Input]: 'HELLO İstanbul' })).toEqual({
      [IDS.Result]: 'hello i\u0307stanbul',
    });
  });

  it('fails with a validation error when the text is null', async () => {
    expect(await failureOf(toLowerAction, { [IDS.Input]: null })).toMatchObject({
      type: 'validation',
      message: '"Text" is required.',
    });
  });
});
