import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import {
  DATETIME_TO_STRING_IDS as IDS,
  dateTimeToStringAction,
} from './datetime-to-string.action.js';

const write = async (format: string, language: string) =>
  (
    await runAction(dateTimeToStringAction, {
      [IDS.Date]: '2009-06-15T13:45:30Z',
      [IDS.Format]: format,
      [IDS.Language]: language,
    })
  )[IDS.Result];

describe('DateTime To String', () => {
  it('is pure, under PROCESIO template 4c26db6e-ad07-4971-8a44-57020755f333', () => {
    expect(dateTimeToStringAction.effectful).toBe(false);
    expect(dateTimeToStringAction.template.id).toBe('4c26db6e-ad07-4971-8a44-57020755f333');
  });

  it('writes the standard format chosen, telling d from D', async () => {
    expect(await write('d', 'en-US')).toBe('6/15/2009');
    expect(await write('D', 'en-US')).toBe('Monday, June 15, 2009');
    expect(await write('G', 'en-GB')).toBe('15/06/2009 13:45:30');
    expect(await write('u', 'ro-RO')).toBe('2009-06-15 13:45:30Z');
    expect(await write('t', 'de-DE')).toBe('13:45');
  });

  it('refuses a format that is not one of the options', async () => {
    expect(
      await failureOf(dateTimeToStringAction, {
        [IDS.Date]: '2009-06-15T13:45:30Z',
        [IDS.Format]: 'yyyy',
        [IDS.Language]: 'en-US',
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Format } });
  });
});
