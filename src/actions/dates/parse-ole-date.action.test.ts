import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { PARSE_OLE_DATE_IDS as IDS, parseOleDateAction } from './parse-ole-date.action.js';

const read = async (value: unknown) =>
  (await runAction(parseOleDateAction, { [IDS.Input]: value }))[IDS.Result];

describe('Parse OLE Date', () => {
  it('is pure, under PROCESIO template 32113cd8-b046-9841-ba02-8877edc0c5f3', () => {
    expect(parseOleDateAction.effectful).toBe(false);
    expect(parseOleDateAction.template.id).toBe('32113cd8-b046-9841-ba02-8877edc0c5f3');
  });

  it('reads days since 1899-12-30 with the fraction as time of day', async () => {
    expect(await read(0)).toBe('1899-12-30T00:00:00.000Z');
    expect(await read(45000.75)).toBe('2023-03-15T18:00:00.000Z');
    expect(await read('44197')).toBe('2021-01-01T00:00:00.000Z');
    // Before the epoch the days count back while the fraction still counts forward.
    expect(await read(-1.25)).toBe('1899-12-29T06:00:00.000Z');
  });

  it('refuses text that is no number and numbers outside FromOADate’s range', async () => {
    expect(await failureOf(parseOleDateAction, { [IDS.Input]: 'yesterday' })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Input },
    });
    expect(await failureOf(parseOleDateAction, { [IDS.Input]: 3e6 })).toMatchObject({
      type: 'validation',
      message: '"OLE date number" must lie between -657435 and 2958466; got 3000000.',
    });
  });
});
