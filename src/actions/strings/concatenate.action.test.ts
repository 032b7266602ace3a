import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { CONCATENATE_IDS as IDS, concatenateAction } from './concatenate.action.js';

describe('Concatenate', () => {
  it('is pure, under PROCESIO template 894e02d1-303d-4e52-9ef7-1b3198ee4b53', () => {
    expect(concatenateAction.effectful).toBe(false);
    expect(concatenateAction.template.id).toBe('894e02d1-303d-4e52-9ef7-1b3198ee4b53');
  });

  it('appends the second text to the first, with no separator', async () => {
    const outputs = await runAction(concatenateAction, {
      [IDS.First]: 'Ada',
      [IDS.Second]: ' - processed',
    });
    expect(outputs).toEqual({ [IDS.Result]: 'Ada - processed' });
  });

  it('keeps empty texts and renders numbers and objects as text', async () => {
    expect(await runAction(concatenateAction, { [IDS.First]: '', [IDS.Second]: '' })).toEqual({
      [IDS.Result]: '',
    });
    expect(await runAction(concatenateAction, { [IDS.First]: 7, [IDS.Second]: { a: 1 } })).toEqual({
      [IDS.Result]: '7{"a":1}',
    });
  });

  it('fails with a validation error naming the missing text', async () => {
    const failure = await failureOf(concatenateAction, { [IDS.First]: 'Ada', [IDS.Second]: null });
    expect(failure).toMatchObject({
      type: 'validation',
      message: '"Second text" is required.',
      retryable: false,
      details: { settingId: IDS.Second },
    });
  });
});
