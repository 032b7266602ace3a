import { afterAll, describe, expect, it } from 'vitest';
import { closeSandbox } from '../../sandbox/index.js';
import { failureOf, runAction } from '../testing/run-action.js';
import { NODE_IDS as IDS, nodeAction } from './node.action.js';

afterAll(() => closeSandbox());

const node = (code: string, timeout?: unknown) =>
  runAction(nodeAction, {
    [IDS.Code]: code,
    ...(timeout !== undefined ? { [IDS.Timeout]: timeout } : {}),
  });

describe('Node', () => {
  it('is pure, under PROCESIO template e0fc20c3-e333-554c-a062-f64894db51dd', () => {
    expect(nodeAction.effectful).toBe(false);
    expect(nodeAction.template.id).toBe('e0fc20c3-e333-554c-a062-f64894db51dd');
    const timeout = nodeAction.template.settings.find((s) => s.id === IDS.Timeout);
    expect(timeout).toMatchObject({ defaultValue: '60', isRequired: false });
  });

  it('returns a value as the Single Result, and a list also as the List Result', async () => {
    expect(await node('return { id: 7, tags: ["a"] };')).toEqual({
      [IDS.SingleResult]: { id: 7, tags: ['a'] },
      [IDS.ListResult]: null,
      [IDS.Error]: null,
    });
    expect(await node('return [1, 2, 3];')).toEqual({
      [IDS.SingleResult]: [1, 2, 3],
      [IDS.ListResult]: [1, 2, 3],
      [IDS.Error]: null,
    });
  });

  it('awaits a returned promise', async () => {
    const code = 'return new Promise((resolve) => setTimeout(() => resolve("later"), 10));';
    expect((await node(code))[IDS.SingleResult]).toBe('later');
  });

  it('writes an error the code raises to the Error output and completes, as PROCESIO does', async () => {
    expect(
      await node('const fs = require("fs");\nreturn fs.readFileSync("/etc/passwd", "utf8");'),
    ).toEqual({
      [IDS.SingleResult]: null,
      [IDS.ListResult]: null,
      [IDS.Error]: 'Line 1: ReferenceError: require is not defined',
    });
    expect((await node('throw new Error("no customer")'))[IDS.Error]).toBe(
      'Line 1: Error: no customer',
    );
  });

  it('honours the Timeout setting, and fails the action when it runs out', async () => {
    const started = Date.now();
    expect(
      await failureOf(nodeAction, { [IDS.Code]: 'while (true) {}', [IDS.Timeout]: '1' }),
    ).toMatchObject({
      type: 'script.timeout',
      message: 'The script did not finish within 1 s.',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    const slow = 'await new Promise((r) => setTimeout(r, 1500)); return "slow but allowed";';
    expect((await node(slow, 3))[IDS.SingleResult]).toBe('slow but allowed');
  });

  it('refuses a Timeout of zero, as PROCESIO does', async () => {
    expect(await failureOf(nodeAction, { [IDS.Code]: 'return 1', [IDS.Timeout]: 0 })).toMatchObject(
      {
        type: 'validation',
        message: '"Timeout" must be greater than 0 seconds; got 0.',
      },
    );
  });

  it('fails the action when the code needs more memory than the sandbox allows', async () => {
    expect(
      await failureOf(nodeAction, { [IDS.Code]: 'return new Uint8Array(1024 ** 3).length' }),
    ).toMatchObject({
      type: 'script.memory',
    });
  });
});
