import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { FORMAT_DATETIME_IDS as IDS, formatDateTimeAction } from './format-datetime.action.js';

const format = async (inputs: Record<string, unknown>) =>
  (await runAction(formatDateTimeAction, inputs))[IDS.Result];

describe('Format DateTime', () => {
  it('is pure, under PROCESIO template e7f7ef1c-1464-40da-a7fa-dd0a11601c40', () => {
    expect(formatDateTimeAction.effectful).toBe(false);
    expect(formatDateTimeAction.template.id).toBe('e7f7ef1c-1464-40da-a7fa-dd0a11601c40');
  });

  it('writes a date with a .NET custom format in the chosen culture', async () => {
    const date = '2024-03-05T14:07:09.250Z';
    expect(
      await format({
        [IDS.Date]: date,
        [IDS.Format]: 'dd/MM/yyyy HH:mm:ss.fff',
        [IDS.Language]: 'en-US',
      }),
    ).toBe('05/03/2024 14:07:09.250');
    expect(
      await format({ [IDS.Date]: date, [IDS.Format]: 'dddd d MMMM yyyy', [IDS.Language]: 'fr-FR' }),
    ).toBe('mardi 5 mars 2024');
    expect(await format({ [IDS.Date]: date, [IDS.Format]: 'D', [IDS.Language]: 'de-de' })).toBe(
      'Dienstag, 5. März 2024',
    );
  });

  it('reads designer dates and converts offsets to UTC first', async () => {
    expect(
      await format({
        [IDS.Date]: '2024-03-05T01:00:00+02:00',
        [IDS.Format]: 'yyyy-MM-dd HH:mm',
        [IDS.Language]: 'en-GB',
      }),
    ).toBe('2024-03-04 23:00');
    expect(
      await format({
        [IDS.Date]: '05/03/2024 10:30:00',
        [IDS.Format]: 'h:mm tt',
        [IDS.Language]: 'en-US',
      }),
    ).toBe('10:30 AM');
  });

  it('refuses a malformed format, an unknown culture and a value that is no date', async () => {
    const base = { [IDS.Date]: '2024-03-05T00:00:00Z', [IDS.Language]: 'en-US' };
    expect(
      await failureOf(formatDateTimeAction, { ...base, [IDS.Format]: "yyyy 'x" }),
    ).toMatchObject({
      type: 'validation',
      message: `"Format" has an unclosed ' quote.`,
    });
    expect(
      await failureOf(formatDateTimeAction, {
        ...base,
        [IDS.Format]: 'd',
        [IDS.Language]: 'xx-XX',
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Language } });
    expect(
      await failureOf(formatDateTimeAction, { ...base, [IDS.Format]: 'd', [IDS.Date]: 'soon' }),
    ).toMatchObject({
      type: 'validation',
      message:
        '"Date and time" must be a date and time (ISO-8601 or dd/MM/yyyy HH:mm:ss); got "soon".',
    });
  });
});
