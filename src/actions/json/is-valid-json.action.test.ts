import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { IS_VALID_JSON_IDS as IDS, isValidJsonAction } from './is-valid-json.action.js';

describe('Is Valid (JSON)', () => {
  it('is pure, under PROCESIO template cbe93ffc-6d6e-44d8-b323-1c865fa4466f', () => {
    expect(isValidJsonAction.effectful).toBe(false);
    expect(isValidJsonAction.template.id).toBe('cbe93ffc-6d6e-44d8-b323-1c865fa4466f');
  });

  it('passes JSON objects and lists', async () => {
    expect(await runAction(isValidJsonAction, { [IDS.Text]: '{"a":1}' })).toEqual({});
    expect(await runAction(isValidJsonAction, { [IDS.Text]: '[]' })).toEqual({});
    expect(await runAction(isValidJsonAction, { [IDS.Text]: { bound: 'object' } })).toEqual({});
  });

  it('fails for text that is not JSON and for a lone value', async () => {
    const broken = await failureOf(isValidJsonAction, { [IDS.Text]: "{'single': 'quotes'}" });
    expect(broken.message).toMatch(/^"JSON to check" is not valid JSON: /);
    expect(await failureOf(isValidJsonAction, { [IDS.Text]: '"just text"' })).toMatchObject({
      type: 'validation',
      message: '"JSON to check" is JSON but neither an object nor a list.',
    });
  });
});
