import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { URL_DECODE_IDS as IDS, urlDecodeAction } from './url-decode.action.js';

describe('URL Decode', () => {
  it('is pure, under PROCESIO template 3fdae170-02ac-4a13-9a81-0cb402010207', () => {
    expect(urlDecodeAction.effectful).toBe(false);
    expect(urlDecodeAction.template.id).toBe('3fdae170-02ac-4a13-9a81-0cb402010207');
  });

  it('decodes percent-encoded UTF-8 and reads "+" as a space', async () => {
    expect(await runAction(urlDecodeAction, { [IDS.Input]: 'a%20b+c%26%C3%A9%2B' })).toEqual({
      [IDS.Result]: 'a b c&é+',
    });
  });

  it('refuses malformed escapes', async () => {
    for (const text of ['100%', '%E9', '%zz']) {
      expect(await failureOf(urlDecodeAction, { [IDS.Input]: text })).toMatchObject({
        type: 'validation',
        message: '"Encoded text" is not valid URL encoding (a malformed %-escape).',
      });
    }
  });
});
