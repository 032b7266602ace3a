// Owns running user-written regular expressions safely: PROCESIO (.NET) pattern syntax mapped to
// JavaScript's, size limits on patterns and texts, and matching in a worker thread with a time
// budget, so a catastrophically backtracking pattern fails its action instead of freezing the
// server. Also expands .NET-style replacement patterns (`$1`, `${name}`, `$&`, `$$`).
import { Worker } from 'node:worker_threads';
import type { TemplateSetting } from '../../flow/template-catalog.js';
import { ActionError } from '../action.js';
import { invalidInput } from '../inputs.js';

export const REGEX_LIMITS = {
  /** Longest pattern accepted, in UTF-16 code units. */
  patternLength: 2_000,
  /** Longest text (or sum of texts in one batch) a pattern runs over. */
  textLength: 1_000_000,
  /** Most matches collected from one text. */
  matches: 100_000,
  /** Wall-clock time one matching job may take once the worker runs it. */
  timeBudgetMs: 2_000,
} as const;

/** A pattern ready to run: JavaScript source and flags (never `g`, which matching adds). */
export interface CompiledPattern {
  source: string;
  flags: string;
}

export interface RegexMatch {
  index: number;
  /** The whole match at 0, then each numbered group (undefined when it did not take part). */
  groups: (string | undefined)[];
  named: Record<string, string | undefined> | null;
}

const INLINE_OPTIONS = /^\(\?([a-zA-Z]+)\)/;

/**
 * Checks a user pattern and maps the .NET syntax PROCESIO flows use onto JavaScript's: leading
 * inline options `(?i)`, `(?m)`, `(?s)` become flags, and the anchors `\A`, `\z`, `\Z` (outside
 * character classes) become lookarounds. Fails with a validation error naming `setting`.
 */
export function compilePattern(
  pattern: string,
  ignoreCase: boolean,
  setting: TemplateSetting,
): CompiledPattern {
  if (pattern === '') throw invalidInput(setting, 'must not be empty.');
  if (pattern.length > REGEX_LIMITS.patternLength)
    throw invalidInput(
      setting,
      `is ${pattern.length} characters long; patterns are limited to ${REGEX_LIMITS.patternLength}.`,
    );
  const flags = new Set<string>(ignoreCase ? ['i'] : []);
  let body = pattern;
  const options = INLINE_OPTIONS.exec(body);
  if (options) {
    for (const option of options[1]!.toLowerCase()) {
      if (option === 'i' || option === 'm' || option === 's') flags.add(option);
      else
        throw invalidInput(
          setting,
          `uses the inline option "${option}", which is not supported (only i, m and s are).`,
        );
    }
    body = body.slice(options[0].length);
  }
  const source = translateAnchors(body);
  const compiled = { source, flags: [...flags].sort().join('') };
  try {
    new RegExp(compiled.source, compiled.flags);
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : '';
    throw invalidInput(setting, `is not a valid regular expression (${reason}).`);
  }
  return compiled;
}

function translateAnchors(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\' && i + 1 < pattern.length) {
      const next = pattern[i + 1]!;
      i++;
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'z') out += '(?![\\s\\S])';
      else if (!inClass && next === 'Z') out += '(?=\\n?(?![\\s\\S]))';
      else out += char + next;
      continue;
    }
    if (char === '[' && !inClass) inClass = true;
    else if (char === ']' && inClass) inClass = false;
    out += char;
  }
  return out;
}

/**
 * Runs a compiled pattern over each text and answers its matches, one list per text (only the
 * first match of each when `firstOnly`). Texts longer than the limit fail `validation` naming
 * `textSetting`; a job over the time budget fails with `regex.timeout`.
 */
export async function findMatches(
  pattern: CompiledPattern,
  texts: readonly string[],
  options: { textSetting: TemplateSetting; firstOnly?: boolean; budgetMs?: number },
): Promise<RegexMatch[][]> {
  const total = texts.reduce((sum, text) => sum + text.length, 0);
  if (total > REGEX_LIMITS.textLength)
    throw invalidInput(
      options.textSetting,
      `is ${total} characters long; regular expressions run over at most ${REGEX_LIMITS.textLength}.`,
    );
  if (texts.length === 0) return [];
  return sharedRunner.run(
    { ...pattern, texts: [...texts], firstOnly: options.firstOnly ?? false },
    options.budgetMs ?? REGEX_LIMITS.timeBudgetMs,
  );
}

/**
 * The replacement for one match, .NET style: `$1`/`${1}` a numbered group, `${name}` a named
 * one, `$&`/`$0` the match, `` $` `` and `$'` the text before and after it, `$+` the last group,
 * `$_` the whole input, `$$` a dollar sign. Anything else is kept literally.
 */
export function expandReplacement(template: string, match: RegexMatch, input: string): string {
  if (!template.includes('$')) return template;
  const whole = match.groups[0] ?? '';
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    const next = template[i + 1];
    if (char !== '$' || next === undefined) {
      out += char;
      continue;
    }
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '&') {
      out += whole;
      i++;
    } else if (next === '`') {
      out += input.slice(0, match.index);
      i++;
    } else if (next === "'") {
      out += input.slice(match.index + whole.length);
      i++;
    } else if (next === '_') {
      out += input;
      i++;
    } else if (next === '+') {
      out += match.groups.length > 1 ? (match.groups[match.groups.length - 1] ?? '') : '';
      i++;
    } else if (next === '{') {
      const close = template.indexOf('}', i + 2);
      const name = close === -1 ? '' : template.slice(i + 2, close);
      const value = groupByName(match, name);
      if (value === null) out += char;
      else {
        out += value;
        i = close;
      }
    } else if (next >= '0' && next <= '9') {
      // The longest run of digits that names an existing group, as .NET reads `$12`.
      let end = i + 1;
      while (end < template.length && template[end]! >= '0' && template[end]! <= '9') end++;
      let taken = false;
      for (let stop = end; stop > i + 1; stop--) {
        const number = Number(template.slice(i + 1, stop));
        if (number < match.groups.length) {
          out += match.groups[number] ?? '';
          i = stop - 1;
          taken = true;
          break;
        }
      }
      if (!taken) out += char;
    } else out += char;
  }
  return out;
}

function groupByName(match: RegexMatch, name: string): string | null {
  if (name === '') return null;
  if (/^\d+$/.test(name)) {
    const number = Number(name);
    return number < match.groups.length ? (match.groups[number] ?? '') : null;
  }
  if (match.named && Object.hasOwn(match.named, name)) return match.named[name] ?? '';
  return null;
}

// ----- the worker -----

interface Job extends CompiledPattern {
  texts: string[];
  firstOnly: boolean;
}

type Reply =
  { id: number; results: RegexMatch[][] } | { id: number; error: string; tooMany?: boolean };

// Plain CommonJS so it runs the same from TypeScript sources under test and from the build.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (job) => {
  try {
    const regex = new RegExp(job.source, job.flags + 'g');
    const results = [];
    for (const text of job.texts) {
      const found = [];
      for (const m of text.matchAll(regex)) {
        if (found.length === job.maxMatches) {
          parentPort.postMessage({ id: job.id, error: 'too many matches', tooMany: true });
          return;
        }
        found.push({ index: m.index, groups: Array.from(m), named: m.groups ? { ...m.groups } : null });
        if (job.firstOnly) break;
      }
      results.push(found);
    }
    parentPort.postMessage({ id: job.id, results });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String((error && error.message) || error) });
  }
});
`;

/**
 * One warm worker runs jobs one at a time. A job over its budget terminates the worker (V8
 * interrupts even a backtracking match) and the next job starts a fresh one; the budget starts
 * when the worker is ready, so its start-up never counts against a pattern.
 */
class RegexRunner {
  private worker: Promise<Worker> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;

  run(job: Job, budgetMs: number): Promise<RegexMatch[][]> {
    const result = this.queue.then(() => this.execute(job, budgetMs));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private spawn(): Promise<Worker> {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    const ready = new Promise<Worker>((resolve, reject) => {
      worker.once('online', () => resolve(worker));
      worker.once('error', reject);
    });
    worker.once('exit', () => {
      if (this.worker === ready) this.worker = null;
    });
    return ready;
  }

  private async execute(job: Job, budgetMs: number): Promise<RegexMatch[][]> {
    const pending = (this.worker ??= this.spawn());
    let worker: Worker;
    try {
      worker = await pending;
    } catch (error) {
      if (this.worker === pending) this.worker = null;
      throw error;
    }
    const id = ++this.nextId;
    const reply = await new Promise<Reply>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (message: Reply) => {
        if (message.id !== id) return;
        cleanup();
        resolve(message);
      };
      const onError = (error: Error) => {
        cleanup();
        this.discard(worker);
        reject(error);
      };
      const onExit = () => {
        cleanup();
        reject(new Error('the regular expression worker stopped unexpectedly'));
      };
      const timer = setTimeout(() => {
        cleanup();
        this.discard(worker);
        reject(
          ActionError.of(
            'regex.timeout',
            `The regular expression did not finish within ${budgetMs / 1000} s; it probably ` +
              'backtracks catastrophically (nested quantifiers such as (a+)+). Simplify the pattern.',
          ),
        );
      }, budgetMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ ...job, id, maxMatches: REGEX_LIMITS.matches });
    });
    if ('results' in reply) return reply.results;
    if (reply.tooMany)
      throw ActionError.of(
        'validation',
        `The regular expression matched more than ${REGEX_LIMITS.matches} times in one text.`,
      );
    throw ActionError.of('validation', `The regular expression failed: ${reply.error}.`);
  }

  private discard(worker: Worker): void {
    this.worker = null;
    void worker.terminate();
  }
}

const sharedRunner = new RegexRunner();
