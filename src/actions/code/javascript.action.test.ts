import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSandbox, configureSandbox, DEFAULT_SANDBOX_SETTINGS } from '../../sandbox/index.js';
import { failureOf, runAction } from '../testing/run-action.js';
import { JAVASCRIPT_IDS as IDS, javascriptAction } from './javascript.action.js';

// A short default time limit keeps the busy-loop case quick; the action itself sets none.
beforeAll(() =>
  configureSandbox({ ...DEFAULT_SANDBOX_SETTINGS, defaults: { memoryMb: 64, timeoutMs: 1_000 } }),
);
afterAll(() => closeSandbox());

const output = async (code: string) =>
  (await runAction(javascriptAction, { [IDS.Code]: code }))[IDS.Output];

describe('Javascript', () => {
  it('is pure, under PROCESIO template e7a35dad-8a1b-c147-88d6-16a02d917022', () => {
    expect(javascriptAction.effectful).toBe(false);
    expect(javascriptAction.template.id).toBe('e7a35dad-8a1b-c147-88d6-16a02d917022');
    expect(javascriptAction.template.settings.map((s) => [s.id, s.direction])).toEqual([
      ['e2e9cb02-2c4f-ffbe-fa1c-eca96c407944', 1],
      ['e2e9cb02-2c4f-ffbe-fb1c-eca96c407944', 3],
    ]);
  });

  it('wraps the value given to setOutput as {"result": v}', async () => {
    expect(await output('setOutput({ total: [1, 2, 3].reduce((a, b) => a + b) })')).toEqual({
      result: { total: 6 },
    });
  });

  it("runs PROCESIO's starting code unchanged", async () => {
    const starting = javascriptAction.template.settings[0]!.defaultValue as string;
    expect(await output(starting)).toEqual({ result: 'Hello World !' });
  });

  it('supports await, and keeps the last setOutput call', async () => {
    const code = `setOutput('first');
      const later = await new Promise((resolve) => setTimeout(() => resolve('second'), 10));
      setOutput(later);`;
    expect(await output(code)).toEqual({ result: 'second' });
  });

  it('answers {"result": null} when the code never calls setOutput', async () => {
    expect(await output('const x = 1;')).toEqual({ result: null });
  });

  it('reads placeholder values the engine rendered into the code as text', async () => {
    // What the engine hands over for `const order = <%0%>; const name = '<%1%>';`.
    const code = `const order = {"lines":[{"qty":2},{"qty":3}]}; const name = 'Ada';
      setOutput(name + ' ordered ' + order.lines.reduce((n, l) => n + l.qty, 0));`;
    expect(await output(code)).toEqual({ result: 'Ada ordered 5' });
  });

  it('passes console lines on to the action log', async () => {
    const lines: string[] = [];
    const context = { [IDS.Code]: 'console.log("working on", 3); setOutput(1)' };
    const { testContext } = await import('../testing/run-action.js');
    await javascriptAction.execute({
      ...testContext(context),
      log: (message) => lines.push(message),
    });
    expect(lines).toEqual(['console: working on 3']);
  });

  it('fails with script.error naming the line, and without code', async () => {
    expect(
      await failureOf(javascriptAction, { [IDS.Code]: 'const a = 1;\nundefinedFunction();' }),
    ).toEqual({
      type: 'script.error',
      message: 'Line 2: ReferenceError: undefinedFunction is not defined',
      retryable: false,
      details: { errorName: 'ReferenceError', line: 2, column: 1 },
    });
    expect(await failureOf(javascriptAction, { [IDS.Code]: '   ' })).toMatchObject({
      type: 'validation',
      message: '"Code" is required.',
    });
  });

  it('fails with script.timeout and script.memory at the sandbox limits', async () => {
    expect(await failureOf(javascriptAction, { [IDS.Code]: 'while (true) {}' })).toMatchObject({
      type: 'script.timeout',
      message: 'The script did not finish within 1 s.',
      retryable: false,
    });
    expect(
      await failureOf(javascriptAction, { [IDS.Code]: 'const big = new Float64Array(2 ** 27);' }),
    ).toMatchObject({ type: 'script.memory', retryable: false });
  });

  it('fails with script.aborted when the instance is stopped', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort('stop'), 100);
    const failure = await failureOf(
      javascriptAction,
      { [IDS.Code]: 'await new Promise(() => {})' },
      { signal: controller.signal },
    );
    expect(failure.type).toBe('script.aborted');
  });
});
