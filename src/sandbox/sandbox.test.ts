import { afterAll, describe, expect, it } from 'vitest';
import { SandboxPool, ScriptError, type SandboxProgram, type SandboxRunOptions } from './index.js';
import { DEFAULT_SANDBOX_SETTINGS } from './types.js';

const pool = new SandboxPool({ ...DEFAULT_SANDBOX_SETTINGS, maxProcesses: 2 });
afterAll(() => pool.close());

const body = (source: string, args: unknown[] = [], parameters: string[] = []): SandboxProgram => ({
  kind: 'body',
  source,
  filename: 'code.js',
  parameters,
  args,
});
const run = (source: string, options: SandboxRunOptions = {}) => pool.run(body(source), options);
const valueOf = async (source: string, options: SandboxRunOptions = {}) =>
  (await run(source, options)).value;

async function failureOf(promise: Promise<unknown>): Promise<ScriptError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ScriptError) return error;
    throw error;
  }
  throw new Error('the run succeeded where it should have failed');
}

describe('running code', () => {
  it('returns what the body returns, awaiting promises and timers', async () => {
    expect(await valueOf('return 1 + 1')).toBe(2);
    const source = `
      const order = [];
      const done = new Promise((resolve) => setTimeout(() => { order.push('late'); resolve(); }, 30));
      setTimeout(() => order.push('early'), 5);
      await done;
      return order;`;
    expect(await valueOf(source)).toEqual(['early', 'late']);
  });

  it('copies arguments in and the result out as JSON', async () => {
    const program = body(
      'return { got: input, when: new Date(0), nothing: undefined }',
      [{ a: [1, 'x', null] }],
      ['input'],
    );
    expect((await pool.run(program)).value).toEqual({
      got: { a: [1, 'x', null] },
      when: '1970-01-01T00:00:00.000Z',
    });
    expect(await valueOf('return undefined')).toBeNull();
  });

  it('collects console lines, at most 200, counting the rest', async () => {
    const few = await run('console.log("total", 3, { ok: true }); console.error("careful")');
    expect(few.logs).toEqual(['total 3 {"ok":true}', 'careful']);
    const many = await run('for (let i = 0; i < 205; i++) console.log(i)');
    expect(many.logs).toHaveLength(200);
    expect(many.droppedLogLines).toBe(5);
  });

  it('keeps the value given to setOutput as it was at the call, when offered', async () => {
    const result = await run('const v = { n: 1 }; setOutput(v); v.n = 2; return "done"', {
      setOutput: true,
    });
    expect(result.output).toEqual({ value: { n: 1 } });
    expect(result.value).toBe('done');
    expect(await valueOf('return typeof setOutput')).toBe('undefined');
  });

  it('cancels a timer with clearTimeout', async () => {
    const source = `
      let fired = false;
      const id = setTimeout(() => { fired = true; }, 10);
      clearTimeout(id);
      await new Promise((resolve) => setTimeout(resolve, 40));
      return fired;`;
    expect(await valueOf(source)).toBe(false);
  });

  it('ends the run when its code does: a timer still pending never fires', async () => {
    const started = Date.now();
    const result = await run('setTimeout(() => console.log("too late"), 2000); return "finished"');
    expect(result.value).toBe('finished');
    expect(Date.now() - started).toBeLessThan(1500);
    // The isolate is gone: nothing the timer would have written ever reaches a later run.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await run('console.log("next"); return 1')).logs).toEqual(['next']);
  });

  it('runs an ES module export with arguments, refusing imports and missing exports', async () => {
    const module = (source: string): SandboxProgram => ({
      kind: 'module',
      source,
      filename: 'entry.js',
      entry: 'execute',
      args: [{ a: 2, b: 3 }, { who: 'test' }],
    });
    const sum =
      'export async function execute(i, ctx) { return { sum: i.a + i.b, who: ctx.who }; }';
    expect((await pool.run(module(sum))).value).toEqual({ sum: 5, who: 'test' });
    expect((await failureOf(pool.run(module(`import fs from 'node:fs';\n${sum}`)))).message).toBe(
      'SyntaxError: Imports are not available in the sandbox (the module imports "node:fs").',
    );
    expect((await failureOf(pool.run(module('export const execute = 1;')))).message).toBe(
      'TypeError: The module does not export a function named "execute".',
    );
  });

  it('compiles without running when asked', async () => {
    const result = await pool.run(body('throw new Error("ran")'), { compileOnly: true });
    expect(result.value).toBeNull();
    const broken = await failureOf(pool.run(body('let = ;'), { compileOnly: true }));
    expect(broken).toMatchObject({
      kind: 'script.error',
      details: { errorName: 'SyntaxError', line: 1 },
    });
  });
});

describe('errors in the code', () => {
  it('reports the error with its class, message and line', async () => {
    const failure = await failureOf(run('const a = 1;\nconst b = null;\nreturn b.value;'));
    expect(failure.kind).toBe('script.error');
    expect(failure.message).toBe(
      "Line 3: TypeError: Cannot read properties of null (reading 'value')",
    );
    expect(failure.details).toMatchObject({ errorName: 'TypeError', line: 3, column: 10 });
  });

  it('reports syntax errors with their position on the first line as the user wrote it', async () => {
    const failure = await failureOf(run('let x = ;'));
    expect(failure.message).toBe("Line 1: SyntaxError: Unexpected token ';'");
    expect(failure.details).toMatchObject({ line: 1, column: 9 });
  });

  it('reports a thrown value that is not an Error, and an error thrown in a timer', async () => {
    expect((await failureOf(run('throw "plain words"'))).message).toBe('plain words');
    const inTimer = await failureOf(
      run('await new Promise(() => setTimeout(() => { null.x; }, 5));'),
    );
    expect(inTimer.message).toMatch(/^Line 1: TypeError: Cannot read properties of null/);
  });

  it('refuses a result that JSON cannot carry', async () => {
    expect((await failureOf(run('return 10n'))).message).toBe(
      'TypeError: The result cannot be converted to JSON: Do not know how to serialize a BigInt',
    );
  });

  it('keeps the console lines written before the error', async () => {
    const failure = await failureOf(run('console.log("step 1"); throw new Error("step 2")'));
    expect(failure.details.logs).toEqual(['step 1']);
  });
});

describe('no way out of the sandbox', () => {
  it('offers no process, require, module loading, network or host timers', async () => {
    const source = `return [typeof process, typeof require, typeof module, typeof fetch,
      typeof XMLHttpRequest, typeof WebSocket, typeof setInterval, typeof setImmediate,
      typeof queueMicrotask, typeof WebAssembly, typeof SharedArrayBuffer, typeof Buffer]`;
    expect(await valueOf(source)).toEqual(Array(12).fill('undefined'));
  });

  it('refuses dynamic import()', async () => {
    const failure = await failureOf(run('return await import("node:fs")'));
    expect(failure.kind).toBe('script.error');
    expect(
      await valueOf(
        'try { await import("node:child_process"); return "loaded" } catch { return "refused" }',
      ),
    ).toBe('refused');
  });

  it('reaches only its own global through the Function constructor', async () => {
    const source = `
      const global = globalThis.constructor.constructor('return this')();
      const viaError = (() => { try { null.f(); } catch (e) { return e.constructor.constructor('return typeof process')(); } })();
      return [typeof global.process, typeof global.require, viaError, global === globalThis];`;
    expect(await valueOf(source)).toEqual(['undefined', 'undefined', 'undefined', true]);
  });

  it('shows no stack-trace call site a function of the sandbox itself', async () => {
    const source = `
      const reached = [];
      Error.prepareStackTrace = (error, frames) => frames
        .filter((frame) => frame.getFunction() !== undefined || frame.getThis() !== undefined)
        .map((frame) => frame.getFileName());
      const probe = () => reached.push(...new Error('probe').stack);
      await new Promise((resolve) => setTimeout(() => { probe(); resolve(); }, 1));
      setTimeout(() => {}, { valueOf() { probe(); return 1; } });
      console.log({ toJSON() { probe(); return 1; } });
      return [...new Set(reached)];`;
    expect(await valueOf(source)).toEqual(['code.js']);
  });

  it('keeps prototype pollution of the copied inputs inside the sandbox', async () => {
    const input = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": 1}') as Record<
      string,
      unknown
    >;
    const source = `
      Object.prototype.polluted = 'yes';
      Object.getPrototypeOf(input).hacked = true;
      input.__proto__.x = 1;
      input.constructor.prototype.viaConstructor = true;
      Array.prototype.push = () => 0;
      return input.a;`;
    const result = await pool.run(body(source, [input], ['input']));
    expect(result.value).toBe(1);
    const plain = {} as Record<string, unknown>;
    expect([plain.polluted, plain.hacked, plain.viaConstructor]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(Object.keys(input)).toEqual(['__proto__', 'a']);
    const fresh = [] as unknown[];
    fresh.push(1);
    expect(fresh).toEqual([1]);
    // Nor does it reach the next run, which gets a fresh isolate.
    expect(await valueOf('return [({}).polluted, typeof Array.prototype.push]')).toEqual([
      null,
      'function',
    ]);
  });
});

describe('limits', () => {
  it('stops a busy loop at its time limit while the host event loop keeps running', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = Date.now();
    try {
      const failure = await failureOf(run('while (true) {}', { limits: { timeoutMs: 1_000 } }));
      expect(failure.kind).toBe('script.timeout');
      expect(failure.message).toBe('The script did not finish within 1 s.');
    } finally {
      clearInterval(ticker);
    }
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(4_000);
    // A 10 ms interval ticks about 100 times in a second; a blocked loop would tick once or never.
    expect(ticks).toBeGreaterThan(elapsed / 10 / 4);
  });

  it('stops a busy loop that starts after an await, and code that never settles', async () => {
    const afterAwait = await failureOf(
      run('await new Promise((r) => setTimeout(r, 10)); for (;;) {}', {
        limits: { timeoutMs: 300 },
      }),
    );
    expect(afterAwait.kind).toBe('script.timeout');
    const never = await failureOf(
      run('await new Promise(() => {})', { limits: { timeoutMs: 300 } }),
    );
    expect(never.message).toBe('The script did not finish within 300 ms.');
  });

  it('stops runs that allocate a gigabyte, and the next run works', async () => {
    const gigabyte = [
      'return new Uint8Array(1024 ** 3).length',
      'return new Array(1e9).fill(0).length',
      'const kept = new Map(); for (let i = 0; ; i++) kept.set(i, { i });',
    ];
    for (const source of gigabyte) {
      const failure = await failureOf(run(source));
      expect(failure.kind, source).toBe('script.memory');
      expect(failure.message).toBe('The script needed more than its memory limit of 64 MB.');
    }
    expect(await valueOf('return "still here"')).toBe('still here');
  });

  it('stops a run when its signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const failure = await failureOf(run('while (true) {}', { signal: controller.signal }));
    expect(failure.kind).toBe('script.aborted');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await valueOf('return 42')).toBe(42);
  });

  it('keeps requested limits within the settings', () => {
    const strict = new SandboxPool({
      ...DEFAULT_SANDBOX_SETTINGS,
      maxTimeoutMs: 10_000,
      maxMemoryMb: 128,
    });
    expect(strict.limitsFor()).toEqual({ memoryMb: 64, timeoutMs: 5_000 });
    expect(strict.limitsFor({ timeoutMs: 3_600_000, memoryMb: 4_096 })).toEqual({
      memoryMb: 128,
      timeoutMs: 10_000,
    });
    expect(strict.limitsFor({ timeoutMs: 0, memoryMb: 1 })).toEqual({ memoryMb: 8, timeoutMs: 10 });
  });

  it('queues runs beyond its processes and runs them all', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        valueOf(`await new Promise((r) => setTimeout(r, 20)); return ${i}`),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
