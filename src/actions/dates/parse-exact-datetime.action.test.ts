import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import {
  PARSE_EXACT_DATETIME_IDS as IDS,
  parseExactDateTimeAction,
} from './parse-exact-datetime.action.js';

describe('String To DateTime (first version)', () => {
  it('is pure, under PROCESIO template e2a794fd-2ce2-416b-8206-4541738352c7', () => {
    expect(parseExactDateTimeAction.effectful).toBe(false);
    expect(parseExactDateTimeAction.template.id).toBe('e2a794fd-2ce2-416b-8206-4541738352c7');
  });

  it('reads text in exactly the given format, names in the culture', async () => {
    const result = await runAction(parseExactDateTimeAction, {
      [IDS.Text]: '5 martie 2024, 18:30',
      [IDS.Format]: 'd MMMM yyyy, HH:mm',
      [IDS.Language]: 'ro-RO',
    });
    expect(result[IDS.Result]).toBe('2024-03-05T18:30:00.000Z');
  });

  it('refuses text that only a flexible parse would read', async () => {
    expect(
      await failureOf(parseExactDateTimeAction, {
        [IDS.Text]: '2024-03-05',
        [IDS.Format]: 'dd/MM/yyyy',
        [IDS.Language]: 'en-US',
      }),
    ).toMatchObject({
      type: 'validation',
      message: '"Text" does not match the format "dd/MM/yyyy" in en-US: "2024-03-05".',
    });
  });
});
