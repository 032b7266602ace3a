import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { EXTRACT_OBJECTS_IDS as IDS, extractObjectsAction } from './extract-objects.action.js';

const ORDER = {
  id: 7,
  customer: { name: 'Ada' },
  items: [
    { sku: 'a', price: 5 },
    { sku: 'b', price: 12 },
    { sku: 'c', price: 8 },
  ],
};

const extract = (json: unknown, query: string) =>
  runAction(extractObjectsAction, { [IDS.Json]: json, [IDS.Query]: query });

describe('Extract Objects (Json Mapper)', () => {
  it('is pure, under PROCESIO template a7758608-b5a7-49bb-8a71-fda9f54eba77', () => {
    expect(extractObjectsAction.effectful).toBe(false);
    expect(extractObjectsAction.template.id).toBe('a7758608-b5a7-49bb-8a71-fda9f54eba77');
  });

  it('answers the first match and every match of a JSONPath query', async () => {
    expect(await extract(ORDER, '$.items[*].sku')).toEqual({
      [IDS.Result]: 'a',
      [IDS.ResultList]: ['a', 'b', 'c'],
    });
    expect(await extract(ORDER, '$.customer.name')).toEqual({
      [IDS.Result]: 'Ada',
      [IDS.ResultList]: ['Ada'],
    });
  });

  it('runs filters in the safe evaluator and reads JSON given as text', async () => {
    const result = await extract(JSON.stringify(ORDER), '$.items[?(@.price > 6)].sku');
    expect(result[IDS.ResultList]).toEqual(['b', 'c']);
  });

  it('lets a matched list stand for its items and answers null when nothing matches', async () => {
    expect((await extract(ORDER, '$.items'))[IDS.ResultList]).toEqual(ORDER.items);
    expect(await extract(ORDER, '$.nothing')).toEqual({ [IDS.Result]: null, [IDS.ResultList]: [] });
  });

  it('never runs a filter that looks like a script', async () => {
    const globals = globalThis as { pwned?: boolean };
    delete globals.pwned;
    const attacks = [
      "$.items[?(@.constructor.constructor('globalThis.pwned = true')())]",
      '$.items[?((globalThis.pwned = true))]',
      '$..[?(process.exit(1))]',
      "$.items[?(require('fs'))]",
    ];
    for (const query of attacks) {
      const failure = await failureOf(extractObjectsAction, {
        [IDS.Json]: ORDER,
        [IDS.Query]: query,
      });
      expect(failure, query).toMatchObject({
        type: 'validation',
        details: { settingId: IDS.Query },
      });
      expect(failure.message, query).toMatch(/^"JSONPath query" cannot run: /);
    }
    expect(globals.pwned).toBeUndefined();
  });

  it('refuses text that is not JSON and a malformed query', async () => {
    expect(
      await failureOf(extractObjectsAction, { [IDS.Json]: '{oops', [IDS.Query]: '$.a' }),
    ).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Json },
    });
    expect(
      await failureOf(extractObjectsAction, {
        [IDS.Json]: ORDER,
        [IDS.Query]: '$.items[?(@.price ==)]',
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Query } });
  });
});
