import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import {
  STRING_TO_DATETIME_IDS as IDS,
  stringToDateTimeAction,
} from './string-to-datetime.action.js';

const parse = (inputs: Record<string, unknown>) =>
  runAction(stringToDateTimeAction, { [IDS.Language]: 'en-US', ...inputs });

describe('String To DateTime', () => {
  it('is pure, under PROCESIO template e2a794fd-2ce2-416b-8206-454173000001', () => {
    expect(stringToDateTimeAction.effectful).toBe(false);
    expect(stringToDateTimeAction.template.id).toBe('e2a794fd-2ce2-416b-8206-454173000001');
  });

  it('reads the text with the given format and says it matched exactly', async () => {
    expect(
      await parse({ [IDS.Text]: '05-03-2024 07:15', [IDS.Format]: 'dd-MM-yyyy HH:mm' }),
    ).toEqual({
      [IDS.Result]: '2024-03-05T07:15:00.000Z',
      [IDS.Exact]: true,
    });
  });

  it('tries the format list in order after the format', async () => {
    const result = await parse({
      [IDS.Text]: '2024.03.05',
      [IDS.Format]: 'dd/MM/yyyy',
      [IDS.Formats]: ['yyyy-MM-dd', 'yyyy.MM.dd'],
    });
    expect(result).toEqual({ [IDS.Result]: '2024-03-05T00:00:00.000Z', [IDS.Exact]: true });
  });

  it('falls back to a culture parse and says so', async () => {
    expect(await parse({ [IDS.Text]: 'March 5, 2024', [IDS.Format]: 'yyyy' })).toEqual({
      [IDS.Result]: '2024-03-05T00:00:00.000Z',
      [IDS.Exact]: false,
    });
    expect(await parse({ [IDS.Text]: '2024-03-05T10:00:00+01:00' })).toEqual({
      [IDS.Result]: '2024-03-05T09:00:00.000Z',
      [IDS.Exact]: false,
    });
  });

  it('fails when nothing reads the text, and on a malformed format', async () => {
    expect(
      await failureOf(stringToDateTimeAction, {
        [IDS.Text]: 'someday',
        [IDS.Format]: 'yyyy',
        [IDS.Language]: 'en-US',
      }),
    ).toMatchObject({
      type: 'validation',
      message: '"Text" fits none of the formats "yyyy" and is no other en-US date: "someday".',
    });
    expect(
      await failureOf(stringToDateTimeAction, {
        [IDS.Text]: '2024',
        [IDS.Formats]: ['%'],
        [IDS.Language]: 'en-US',
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Formats } });
  });
});
