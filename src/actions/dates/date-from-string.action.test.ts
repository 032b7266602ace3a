import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { DATE_FROM_STRING_IDS as IDS, dateFromStringAction } from './date-from-string.action.js';

const read = async (text: string, format: string, language: string) =>
  (
    await runAction(dateFromStringAction, {
      [IDS.Text]: text,
      [IDS.Format]: format,
      [IDS.Language]: language,
    })
  )[IDS.Result];

describe('Date from String', () => {
  it('is pure, under PROCESIO template 62edd9a3-1bda-4e9a-b289-d0bf4dd83f08', () => {
    expect(dateFromStringAction.effectful).toBe(false);
    expect(dateFromStringAction.template.id).toBe('62edd9a3-1bda-4e9a-b289-d0bf4dd83f08');
  });

  it('reads text in the chosen standard format of the culture', async () => {
    expect(await read('6/15/2009 1:45 PM', 'g', 'en-US')).toBe('2009-06-15T13:45:00.000Z');
    expect(await read('15.06.2009', 'd', 'de-DE')).toBe('2009-06-15T00:00:00.000Z');
    expect(await read('Mon, 15 Jun 2009 20:45:30 GMT', 'r', 'en-US')).toBe(
      '2009-06-15T20:45:30.000Z',
    );
  });

  it("falls back to the culture's other patterns when the chosen format does not fit", async () => {
    expect(await read('15/06/2009 13:45:30', 'D', 'en-GB')).toBe('2009-06-15T13:45:30.000Z');
  });

  it('fails naming the text when it is no date', async () => {
    expect(
      await failureOf(dateFromStringAction, {
        [IDS.Text]: '31/02/2009',
        [IDS.Format]: 'd',
        [IDS.Language]: 'en-GB',
      }),
    ).toMatchObject({
      type: 'validation',
      message: '"Text" is not a date in en-GB: "31/02/2009".',
    });
  });
});
