import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import {
  NORMALIZE_DIACRITICS_IDS as IDS,
  normalizeDiacriticsAction,
} from './normalize-diacritics.action.js';

describe('Normalize Diacritics', () => {
  it('is pure, under PROCESIO template a56553a4-1cef-4471-b902-9e1a6457ed02', () => {
    expect(normalizeDiacriticsAction.effectful).toBe(false);
    expect(normalizeDiacriticsAction.template.id).toBe('a56553a4-1cef-4471-b902-9e1a6457ed02');
  });

  it('turns accented letters into their base letters, composed or not', async () => {
    const run = async (text: string) =>
      (await runAction(normalizeDiacriticsAction, { [IDS.Input]: text }))[IDS.Result];
    expect(await run('Ștefan Țăranu, Îndrăzneț, café, naïve')).toBe(
      'Stefan Taranu, Indraznet, cafe, naive',
    );
    expect(await run('e\u0301')).toBe('e');
    expect(await run('Łódź, Øre, Straße, Æsop')).toBe('Lodz, Ore, Strasse, AEsop');
    expect(await run('日本 123')).toBe('日本 123');
  });

  it('fails when the text is missing', async () => {
    expect(await failureOf(normalizeDiacriticsAction, { [IDS.Input]: null })).toMatchObject({
      type: 'validation',
    });
  });
});
