import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { URL_ENCODE_IDS as IDS, urlEncodeAction } from './url-encode.action.js';

describe('URL Encode', () => {
  it('is pure, under PROCESIO template 3fdae170-02ac-4a13-9a81-0cb402010107', () => {
    expect(urlEncodeAction.effectful).toBe(false);
    expect(urlEncodeAction.template.id).toBe('3fdae170-02ac-4a13-9a81-0cb402010107');
  });

  it('percent-encodes everything but unreserved characters, as UTF-8', async () => {
    expect(await runAction(urlEncodeAction, { [IDS.Input]: "a b&c=d/é?!'()*~-._" })).toEqual({
      [IDS.Result]: 'a%20b%26c%3Dd%2F%C3%A9%3F%21%27%28%29%2A~-._',
    });
  });

  it('refuses a text with a broken character', async () => {
    expect(await failureOf(urlEncodeAction, { [IDS.Input]: 'a\ud800b' })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Input },
    });
  });
});
