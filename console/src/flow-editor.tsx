// The flow JSON editor: a textarea, its syntax errors with line and column, and the server's
// validation errors listed under it; choosing an error selects what it names in the text.
import { useEffect, useRef } from 'preact/hooks';
import type { ApiErrorDetail } from './api';
import { ValidationErrors } from './components';
import type { Flow } from './model';

export class FlowSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number | null,
  ) {
    super(message);
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

/** Parses the editor's text as a flow; a syntax error names its line and column. */
export function parseFlowText(text: string): Flow {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    // Chromium names no position when the text simply stops: the problem is at its end.
    const offset = position
      ? Number(position[1])
      : /end of JSON input/i.test(message)
        ? text.length
        : null;
    const where = offset === null ? null : lineAndColumn(text, offset);
    throw new FlowSyntaxError(
      `The flow is not valid JSON${where ? ` (line ${where.line}, column ${where.column})` : ''}: ${message}`,
      offset,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new FlowSyntaxError('The flow must be a JSON object (the flow document).', 0);
  // A `{"flow": …}` wrapper (what GET /api/Projects/{id} answers) is accepted as the flow.
  const record = parsed as Record<string, unknown>;
  const inner = record.flow;
  if (!('title' in record) && typeof inner === 'object' && inner !== null) return inner as Flow;
  return parsed as Flow;
}

/**
 * Where a server target points in the text: a quoted id (action, variable, port), or a field path
 * such as `variables[0].type` found by walking the JSON. Returns [start, end) or null.
 */
export function locateTarget(text: string, target: string): [number, number] | null {
  const id = target.split('.')[0] ?? '';
  if (/^[0-9a-f-]{36}$/i.test(id)) {
    const at = text.toLowerCase().indexOf(`"${id.toLowerCase()}"`);
    if (at >= 0) return [at + 1, at + 1 + id.length];
  }
  const path = target.match(/[^.[\]]+/g);
  return path ? locatePath(text, path) : null;
}

/** The span of the value at `path` (object keys case-insensitive, numbers as array indexes). */
function locatePath(text: string, path: string[]): [number, number] | null {
  let index = 0;
  const skipSpace = () => {
    while (index < text.length && /\s/.test(text[index]!)) index++;
  };
  const skipString = () => {
    index++;
    while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
    index++;
  };
  const skipValue = (): void => {
    skipSpace();
    const char = text[index];
    if (char === '"') return skipString();
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      index++;
      skipSpace();
      while (index < text.length && text[index] !== close) {
        if (char === '{') {
          skipString();
          skipSpace();
          index++; // the colon
        }
        skipValue();
        skipSpace();
        if (text[index] === ',') index++;
        skipSpace();
      }
      index++;
      return;
    }
    while (index < text.length && !/[,}\]\s]/.test(text[index]!)) index++;
  };
  let best: [number, number] | null = null;
  for (const segment of path) {
    skipSpace();
    const char = text[index];
    let found = false;
    if (char === '{') {
      index++;
      skipSpace();
      while (index < text.length && text[index] !== '}') {
        const keyStart = index;
        skipString();
        const key = text.slice(keyStart + 1, index - 1);
        skipSpace();
        index++; // the colon
        skipSpace();
        if (key.toLowerCase() === segment.toLowerCase()) {
          best = [keyStart + 1, keyStart + 1 + key.length];
          found = true;
          break;
        }
        skipValue();
        skipSpace();
        if (text[index] === ',') index++;
        skipSpace();
      }
    } else if (char === '[' && /^\d+$/.test(segment)) {
      index++;
      for (let item = 0; item < Number(segment) && index < text.length; item++) {
        skipValue();
        skipSpace();
        if (text[index] === ',') index++;
      }
      skipSpace();
      if (index < text.length && text[index] !== ']') {
        best = [index, index + 1];
        found = true;
      }
    }
    if (!found) break;
  }
  return best;
}

export function FlowJsonEditor({
  text,
  onText,
  problem,
  flow,
}: {
  text: string;
  onText: (text: string) => void;
  /** The last failure: a FlowSyntaxError, or the server's error array. */
  problem: unknown;
  /** The flow the error targets are named after. */
  flow: Partial<Flow> | null;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const problems = useRef<HTMLDivElement>(null);
  // The errors sit under a tall editor: bring them into view when a check reports some.
  useEffect(() => {
    if (problem !== undefined) problems.current?.scrollIntoView({ block: 'nearest' });
  }, [problem]);
  const select = (start: number, end: number) => {
    const textarea = area.current;
    if (!textarea) return;
    textarea.focus();
    textarea.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
    const line = text.slice(0, start).split('\n').length;
    textarea.scrollTop = Math.max(0, (line - 4) * lineHeight);
  };
  const selectDetail = (detail: ApiErrorDetail) => {
    const span = detail.target ? locateTarget(text, detail.target) : null;
    if (span) select(span[0], span[1]);
  };
  const lines = text.split('\n').length;
  return (
    <div class="flow-editor">
      <textarea
        ref={area}
        aria-label="Flow JSON"
        spellcheck={false}
        rows={Math.min(30, Math.max(12, lines))}
        value={text}
        onInput={(event) => onText(event.currentTarget.value)}
      />
      <div ref={problems}>
        {problem instanceof FlowSyntaxError ? (
          <div class="error" role="alert">
            {problem.message}{' '}
            {problem.offset !== null && (
              <button
                type="button"
                class="link-button"
                onClick={() => select(problem.offset!, problem.offset! + 1)}
              >
                Show
              </button>
            )}
          </div>
        ) : (
          problem !== undefined && (
            <ValidationErrors error={problem} flow={flow} onSelect={selectDetail} />
          )
        )}
      </div>
    </div>
  );
}
