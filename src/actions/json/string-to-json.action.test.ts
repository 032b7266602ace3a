import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { STRING_TO_JSON_IDS as IDS, stringToJsonAction } from './string-to-json.action.js';

describe('String To JSON', () => {
  it('is pure, under PROCESIO template 4b1bdccc-9c0a-b24b-bb29-1efd831775e2', () => {
    expect(stringToJsonAction.effectful).toBe(false);
    expect(stringToJsonAction.template.id).toBe('4b1bdccc-9c0a-b24b-bb29-1efd831775e2');
  });

  it('puts an object in the Json output and a list in the Json List output', async () => {
    expect(await runAction(stringToJsonAction, { [IDS.Text]: '{"a": [1, {"b": null}]}' })).toEqual({
      [IDS.Json]: { a: [1, { b: null }] },
    });
    expect(await runAction(stringToJsonAction, { [IDS.Text]: ' [1, "x"] ' })).toEqual({
      [IDS.JsonList]: [1, 'x'],
    });
  });

  it('passes a value that is already an object through', async () => {
    expect(await runAction(stringToJsonAction, { [IDS.Text]: { ready: true } })).toEqual({
      [IDS.Json]: { ready: true },
    });
  });

  it('refuses text that is not JSON and a lone value', async () => {
    const broken = await failureOf(stringToJsonAction, { [IDS.Text]: '{"a": }' });
    expect(broken.type).toBe('validation');
    expect(broken.message).toMatch(/^"JSON text" is not valid JSON: /);
    expect(await failureOf(stringToJsonAction, { [IDS.Text]: '42' })).toMatchObject({
      type: 'validation',
      message: '"JSON text" must hold a JSON object or list; got 42.',
    });
  });
});
