// Test helper: runs one action outside the engine, with a context that has only its inputs.
import { ActionError, type ActionDefinition, type ActionFailure } from '../action.js';

export function runAction(
  action: ActionDefinition,
  inputs: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return action.execute({
    inputs,
    signal: new AbortController().signal,
    idempotencyKey: 'test',
    attempt: 1,
    instance: { id: 'instance', processId: 'process', workspaceId: 'workspace' },
    log: () => undefined,
  });
}

/** The failure the action reports; fails the test when it succeeds or throws something else. */
export async function failureOf(
  action: ActionDefinition,
  inputs: Record<string, unknown>,
): Promise<ActionFailure> {
  try {
    await runAction(action, inputs);
  } catch (error) {
    if (error instanceof ActionError) return error.failure;
    throw error;
  }
  throw new Error(`${action.template.name} succeeded where it should have failed`);
}
