// Owns the program of a sandbox process: a Node process that runs user code with isolated-vm, one
// run at a time, each in a fresh isolate with its own memory and time limits. It lives in its own
// process because V8 cannot survive every out-of-memory condition of an isolate: when a script
// exhausts the heap in one large allocation, V8 aborts the whole process, and that must never
// be the server.
//
// Plain CommonJS in a string, so it runs the same from the TypeScript sources under test and from
// the build. The parent starts it with `node --no-node-snapshot -e <program> <isolated-vm path>`
// and talks to it over the IPC channel: `{ready: true}` once, then one reply per job.
import { ISOLATE_BOOTSTRAP } from './isolate-bootstrap.js';

/** A run as the parent sends it. */
export interface SandboxJob {
  id: number;
  program: {
    kind: 'body' | 'module';
    source: string;
    filename: string;
    parameters: string[];
    entry: string;
  };
  args: unknown[];
  limits: { memoryMb: number; timeoutMs: number };
  setOutput: boolean;
  compileOnly: boolean;
  bounds: {
    maxLogLines: number;
    maxLogLineLength: number;
    maxTimers: number;
    maxResultLength: number;
  };
}

/** A run's outcome as the sandbox process answers it. */
export type SandboxReply =
  | {
      id: number;
      ok: true;
      result: {
        value: unknown;
        output: { value: unknown } | null;
        logs: unknown;
        droppedLines: unknown;
      };
    }
  | {
      id: number;
      ok: false;
      failure: {
        kind: string;
        errorName?: string;
        errorMessage?: string;
        line?: number;
        column?: number;
        logs?: unknown;
      };
    };

export const CHILD_PROGRAM = String.raw`'use strict';
const ivm = require(process.argv[1]);
const BOOTSTRAP = ${JSON.stringify(ISOLATE_BOOTSTRAP)};

process.on('disconnect', () => process.exit(0));
process.on('message', (job) => {
  runJob(job).then(
    (reply) => process.send(reply),
    (error) =>
      process.send({
        id: job.id,
        ok: false,
        failure: { kind: 'script.unavailable', errorMessage: 'The sandbox failed: ' + messageOf(error) },
      }),
  );
});
process.send({ ready: true });

function messageOf(error) {
  return error && typeof error.message === 'string' ? error.message : String(error);
}

// "file.js:3:7" anywhere in a stack or message: the first one is the innermost user frame.
function locate(text, filename, firstLineShift) {
  const marker = filename + ':';
  let from = 0;
  for (;;) {
    const at = text.indexOf(marker, from);
    if (at < 0) return {};
    const match = /^(\d+):(\d+)/.exec(text.slice(at + marker.length));
    if (match) {
      const line = Number(match[1]);
      let column = Number(match[2]);
      if (line === 1) column = Math.max(1, column - firstLineShift);
      return { line, column };
    }
    from = at + marker.length;
  }
}

// Compile errors carry their position as a " [file.js:1:8]" suffix.
function withoutPosition(message, filename) {
  const suffix = message.lastIndexOf(' [' + filename + ':');
  return suffix >= 0 ? message.slice(0, suffix) : message;
}

function userError(error, filename, shift, logs) {
  const name = typeof error.name === 'string' ? error.name : '';
  const message = typeof error.message === 'string' ? error.message : '';
  if (name === 'RangeError' && message.indexOf('Array buffer allocation failed') >= 0)
    return { kind: 'script.memory', logs };
  const where = locate((error.stack || '') + '\n' + message, filename, shift);
  return {
    kind: 'script.error',
    errorName: name,
    errorMessage: withoutPosition(message, filename),
    line: where.line,
    column: where.column,
    logs,
  };
}

async function runJob(job) {
  const program = job.program;
  const reply = (failure) => ({ id: job.id, ok: false, failure });
  const state = { stoppedBy: null };
  const isolate = new ivm.Isolate({
    memoryLimit: job.limits.memoryMb,
    // V8 lost control of the isolate: nothing in this process can be trusted any more. The
    // parent reads the line to tell an exhausted heap from other failures.
    onCatastrophicError: (message) => {
      process.stderr.write('isolated-vm catastrophic error: ' + message + '\n');
      process.abort();
    },
  });
  const deadline = Date.now() + job.limits.timeoutMs;
  const remaining = () => Math.max(1, deadline - Date.now());
  const guard = setTimeout(() => {
    state.stoppedBy = 'timeout';
    if (!isolate.isDisposed) isolate.dispose();
  }, job.limits.timeoutMs);
  const sleeps = new Set();
  const sleep = new ivm.Reference((ms) => {
    if (sleeps.size >= job.bounds.maxTimers)
      return Promise.reject(new Error('Too many timers are pending (at most ' + job.bounds.maxTimers + ').'));
    return new Promise((resolve) => {
      const handle = setTimeout(() => {
        sleeps.delete(handle);
        resolve(undefined);
      }, ms);
      sleeps.add(handle);
    });
  });
  const shift = program.kind === 'body' ? bodyPrefix(program.parameters).length : 0;
  try {
    const context = await isolate.createContext();
    const config = {
      kind: program.kind,
      entry: program.entry,
      setOutput: job.setOutput,
      timeoutMs: job.limits.timeoutMs,
      maxLogLines: job.bounds.maxLogLines,
      maxLogLineLength: job.bounds.maxLogLineLength,
    };
    const drive = await context.evalClosure(
      BOOTSTRAP,
      [sleep, new ivm.ExternalCopy(config).copyInto()],
      { result: { reference: true }, timeout: remaining() },
    );
    let target;
    if (program.kind === 'body') {
      const script = await isolate.compileScript(
        bodyPrefix(program.parameters) + program.source + '\n})',
        { filename: program.filename },
      );
      if (job.compileOnly) return { id: job.id, ok: true, result: emptyResult() };
      target = await script.run(context, { reference: true, timeout: remaining() });
    } else {
      const module = await isolate.compileModule(program.source, { filename: program.filename });
      if (module.dependencySpecifiers.length > 0)
        return reply({
          kind: 'script.error',
          errorName: 'SyntaxError',
          errorMessage:
            'Imports are not available in the sandbox (the module imports "' +
            module.dependencySpecifiers[0] + '").',
        });
      await module.instantiate(context, (specifier) => {
        throw new Error('Imports are not available in the sandbox: ' + specifier);
      });
      if (job.compileOnly) return { id: job.id, ok: true, result: emptyResult() };
      await module.evaluate({ timeout: remaining(), promise: true });
      target = module.namespace;
    }
    const text = await drive.apply(
      undefined,
      [target.derefInto(), new ivm.ExternalCopy(job.args).copyInto()],
      { result: { promise: true, copy: true }, timeout: remaining() },
    );
    if (state.stoppedBy === 'timeout') return reply({ kind: 'script.timeout' });
    if (typeof text !== 'string') return reply(unreadable());
    if (text.length > job.bounds.maxResultLength)
      return reply({
        kind: 'script.error',
        errorName: 'RangeError',
        errorMessage: 'The result is larger than ' + job.bounds.maxResultLength + ' characters of JSON.',
      });
    let report;
    try {
      report = JSON.parse(text);
    } catch (_) {
      return reply(unreadable());
    }
    if (report === null || typeof report !== 'object') return reply(unreadable());
    if (report.ok === true)
      return {
        id: job.id,
        ok: true,
        result: {
          value: report.value === undefined ? null : report.value,
          output: report.output && typeof report.output === 'object' ? report.output : null,
          logs: report.logs,
          droppedLines: report.droppedLines,
        },
      };
    const error = report.error && typeof report.error === 'object' ? report.error : {};
    return reply(userError(error, program.filename, shift, report.logs));
  } catch (error) {
    const message = messageOf(error);
    if (state.stoppedBy === 'timeout' || message.indexOf('Script execution timed out') >= 0)
      return reply({ kind: 'script.timeout' });
    if (message.indexOf('memory limit') >= 0 || isolate.isDisposed) return reply({ kind: 'script.memory' });
    const crossed = error && typeof error === 'object' ? error : { message };
    return reply(userError(crossed, program.filename, shift, undefined));
  } finally {
    clearTimeout(guard);
    for (const handle of sleeps) clearTimeout(handle);
    sleeps.clear();
    sleep.release();
    if (!isolate.isDisposed) isolate.dispose();
  }
}

function bodyPrefix(parameters) {
  return '(async function (' + parameters.join(', ') + ') {';
}

function emptyResult() {
  return { value: null, output: null, logs: [], droppedLines: 0 };
}

function unreadable() {
  return {
    kind: 'script.error',
    errorName: 'TypeError',
    errorMessage: 'The result could not be read (were JSON or Array built-ins replaced?).',
  };
}
`;
