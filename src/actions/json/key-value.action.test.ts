import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { KEY_VALUE_IDS as IDS, keyValueAction } from './key-value.action.js';

const ROWS = [
  { Name: 'colour', value: 'red' },
  { Name: 'size', value: 42 },
  { Name: 'colour', value: 'blue' },
  { Name: '__proto__', value: { polluted: true } },
];

const pairs = async (pivot?: boolean) =>
  (
    await runAction(keyValueAction, {
      [IDS.List]: ROWS,
      [IDS.KeyAttribute]: 'name',
      [IDS.ValueAttribute]: 'value',
      ...(pivot === undefined ? {} : { [IDS.Pivot]: pivot }),
    })
  )[IDS.Result] as Record<string, unknown>;

describe('Key Value', () => {
  it('is pure, under PROCESIO template 20146c3b-5d5a-428f-9fa6-fda2783eb700', () => {
    expect(keyValueAction.effectful).toBe(false);
    expect(keyValueAction.template.id).toBe('20146c3b-5d5a-428f-9fa6-fda2783eb700');
  });

  it('turns rows into one object, later rows winning, attribute names in any case', async () => {
    const object = await pairs();
    expect(Object.keys(object)).toEqual(['colour', 'size', '__proto__']);
    expect(object.colour).toBe('blue');
    expect(object.size).toBe(42);
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('keeps every value of a key in a list when pivoting', async () => {
    const object = await pairs(true);
    expect(object.colour).toEqual(['red', 'blue']);
    expect(object.size).toEqual([42]);
  });

  it('refuses an item that is not an object or lacks the key attribute', async () => {
    const base = { [IDS.KeyAttribute]: 'k', [IDS.ValueAttribute]: 'v' };
    expect(
      await failureOf(keyValueAction, { ...base, [IDS.List]: [{ k: 'a' }, 'text'] }),
    ).toMatchObject({
      type: 'validation',
      message: '"JSON list" item 2 is not an object.',
    });
    expect(await failureOf(keyValueAction, { ...base, [IDS.List]: [{ v: 1 }] })).toMatchObject({
      type: 'validation',
      message: '"JSON list" item 1 has no "k" attribute.',
    });
  });
});
