// Owns what every script action does around a sandboxed run: console lines passed on to the
// action's log, and sandbox failures turned into ActionErrors of the same type (`script.error`,
// `script.timeout`, `script.memory`, `script.aborted`, `script.unavailable`).
import { ScriptError, type SandboxResult } from '../../sandbox/index.js';
import { ActionError, type ActionContext } from '../action.js';

/** Passes the run's console lines to the action's log, one entry per line. */
export function logConsole(
  context: Pick<ActionContext, 'log'>,
  logs: readonly string[],
  dropped = 0,
) {
  for (const line of logs) context.log(`console: ${line}`, { source: 'script' });
  if (dropped > 0)
    context.log(`console: ${dropped} more lines were not kept`, { source: 'script' });
}

/**
 * Runs the sandboxed call and logs its console; a sandbox failure becomes an ActionError, with
 * the message `explain` gives when it gives one.
 */
export async function runScript(
  context: Pick<ActionContext, 'log'>,
  run: () => Promise<SandboxResult>,
  explain: (error: ScriptError) => string | undefined = () => undefined,
): Promise<SandboxResult> {
  try {
    const result = await run();
    logConsole(context, result.logs, result.droppedLogLines);
    return result;
  } catch (error) {
    if (error instanceof ScriptError) {
      logConsole(context, error.details.logs ?? []);
      throw actionErrorOf(error, explain(error));
    }
    throw error;
  }
}

/** The ActionError for a sandbox failure. Only an unavailable sandbox is worth another attempt. */
export function actionErrorOf(error: ScriptError, message?: string): ActionError {
  const { errorName, line, column } = error.details;
  const details: Record<string, unknown> = {};
  if (errorName !== undefined) details.errorName = errorName;
  if (line !== undefined) details.line = line;
  if (column !== undefined) details.column = column;
  return ActionError.of(error.kind, message ?? error.message, {
    retryable: error.kind === 'script.unavailable',
    ...(Object.keys(details).length > 0 ? { details } : {}),
  });
}
