// Owns the trusted code that prepares a fresh isolate before any user code runs: a console that
// collects lines, timers backed by the host that die with the run, `setOutput`, and the driver
// that calls the user's code and reports its result as JSON text. It runs as a closure
// (`$0` = the host's sleep function, `$1` = the run's settings) and answers the driver.
//
// Nothing the host owns is reachable from user code: the sleep reference lives only in this
// closure, and the closure is strict, so stack-trace call sites do not expose its functions.
// User code may still redefine built-ins (JSON, Array.prototype…); that can only spoil its own
// report, which the host reads as untrusted text.
export const ISOLATE_BOOTSTRAP = String.raw`'use strict';
const sleep = $0;
const config = $1;
const global = globalThis;
const stringify = JSON.stringify;
const race = Promise.race.bind(Promise);
const NativePromise = Promise;
const define = Object.defineProperty;
const freeze = Object.freeze;
const toText = String;

// Blocking primitives and a second compiler have no use in a script action.
for (const name of ['WebAssembly', 'SharedArrayBuffer', 'Atomics']) delete global[name];

const lines = [];
let droppedLines = 0;
function format(value) {
  if (typeof value === 'string') return value;
  try {
    const text = stringify(value);
    if (text !== undefined) return text;
  } catch (_) {
    // Not JSON (a cycle, a BigInt): printed with String below.
  }
  try {
    return toText(value);
  } catch (_) {
    return '[unprintable value]';
  }
}
function write(...values) {
  if (lines.length >= config.maxLogLines) {
    droppedLines += 1;
    return;
  }
  let line = values.map(format).join(' ');
  if (line.length > config.maxLogLineLength) line = line.slice(0, config.maxLogLineLength) + '…';
  lines.push(line);
}
define(global, 'console', {
  value: freeze({ log: write, info: write, warn: write, error: write, debug: write, trace: write }),
  writable: true,
  configurable: true,
  enumerable: false,
});

// Timers: the host sleeps, the callback runs here. A timer still pending when the run ends
// never fires: the host clears its sleeps and the isolate is gone.
let nextTimerId = 1;
const pendingTimers = new Set();
let failTimers = () => undefined;
const timerFailure = new NativePromise((_, reject) => {
  failTimers = reject;
});
timerFailure.catch(() => undefined);
function setTimeout(callback, delay, ...args) {
  if (typeof callback !== 'function') throw new TypeError('setTimeout needs a function to call.');
  const id = nextTimerId++;
  pendingTimers.add(id);
  let ms = Number(delay);
  if (!(ms > 0)) ms = 0;
  if (ms > config.timeoutMs) ms = config.timeoutMs;
  sleep.apply(undefined, [ms], { result: { promise: true } }).then(() => {
    if (!pendingTimers.delete(id)) return;
    try {
      const returned = callback(...args);
      if (returned !== null && typeof returned === 'object' && typeof returned.then === 'function')
        returned.then(undefined, failTimers);
    } catch (error) {
      failTimers(error);
    }
  }, failTimers);
  return id;
}
function clearTimeout(id) {
  pendingTimers.delete(id);
}
define(global, 'setTimeout', { value: setTimeout, writable: true, configurable: true });
define(global, 'clearTimeout', { value: clearTimeout, writable: true, configurable: true });

// setOutput keeps the JSON text of its value as it is at the call, so a later change to the
// object does not change the output, and a value that is not JSON fails at the call's line.
let outputText = null;
if (config.setOutput) {
  define(global, 'setOutput', {
    value: function setOutput(value) {
      const text = stringify(value);
      outputText = text === undefined ? 'null' : text;
    },
    writable: true,
    configurable: true,
  });
}

function describeError(error) {
  const described = { name: '', message: '', stack: '' };
  try {
    if (error !== null && (typeof error === 'object' || typeof error === 'function')) {
      const { name, message, stack } = error;
      described.name = typeof name === 'string' ? name : '';
      described.message = typeof message === 'string' ? message : format(error);
      described.stack = typeof stack === 'string' ? stack : '';
    } else {
      described.message = format(error);
    }
  } catch (_) {
    described.message = 'A value was thrown that cannot be read.';
  }
  return described;
}

function failure(error) {
  return stringify({ ok: false, error, logs: lines, droppedLines });
}

return async function drive(target, args) {
  let value;
  try {
    let callable = target;
    if (config.kind === 'module') {
      callable = target[config.entry];
      if (typeof callable !== 'function')
        return failure({
          name: 'TypeError',
          message: 'The module does not export a function named "' + config.entry + '".',
          stack: '',
        });
    }
    value = await race([callable(...args), timerFailure]);
  } catch (error) {
    return failure(describeError(error));
  }
  let valueText;
  try {
    valueText = stringify(value);
  } catch (error) {
    return failure({
      name: 'TypeError',
      message: 'The result cannot be converted to JSON: ' + describeError(error).message,
      stack: '',
    });
  }
  return (
    '{"ok":true,"value":' + (valueText === undefined ? 'null' : valueText) +
    ',"output":' + (outputText === null ? 'null' : '{"value":' + outputText + '}') +
    ',"logs":' + stringify(lines) +
    ',"droppedLines":' + droppedLines + '}'
  );
};
`;
