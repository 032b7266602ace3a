import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { TO_SENTENCE_CASE_IDS as IDS, toSentenceCaseAction } from './to-sentence-case.action.js';

describe('To Sentence Case', () => {
  it('is pure, under PROCESIO template 9cb92ace-2336-4652-8884-e29cf55ee187', () => {
    expect(toSentenceCaseAction.effectful).toBe(false);
    expect(toSentenceCaseAction.template.id).toBe('9cb92ace-2336-4652-8884-e29cf55ee187');
  });

  it('capitalises the first letter of each sentence and lower-cases the rest', async () => {
    expect(
      await runAction(toSentenceCaseAction, {
        [IDS.Input]: 'HELLO WORLD. how ARE you?  "fine", i said! émile too',
      }),
    ).toEqual({ [IDS.Result]: 'Hello world. How are you?  "Fine", i said! Émile too' });
  });

  it('fails when the text is missing', async () => {
    expect(await failureOf(toSentenceCaseAction, {})).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Input },
    });
  });
});
