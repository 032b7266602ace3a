import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { OBJECT_TO_STRING_IDS as IDS, objectToStringAction } from './object-to-string.action.js';

const text = async (value: unknown) =>
  (await runAction(objectToStringAction, { [IDS.Value]: value }))[IDS.Result];

describe('Object To String', () => {
  it('is pure, under PROCESIO template b4ac1793-a901-4b9e-b09d-15f24f9063e9', () => {
    expect(objectToStringAction.effectful).toBe(false);
    expect(objectToStringAction.template.id).toBe('b4ac1793-a901-4b9e-b09d-15f24f9063e9');
  });

  it('writes text as it is and everything else as JSON', async () => {
    expect(await text('plain "text"')).toBe('plain "text"');
    expect(await text(12.5)).toBe('12.5');
    expect(await text(false)).toBe('false');
    expect(await text({ name: 'Ada', tags: ['x', null] })).toBe('{"name":"Ada","tags":["x",null]}');
    expect(await text([1, { a: 2 }])).toBe('[1,{"a":2}]');
  });

  it('fails when no value is given', async () => {
    expect(await failureOf(objectToStringAction, { [IDS.Value]: null })).toMatchObject({
      type: 'validation',
      message: '"Value" is required.',
    });
  });
});
