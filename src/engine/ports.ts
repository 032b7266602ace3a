// The engine's view of the rest of the system: where plans come from, how sub-process instances
// are started, who hears about status changes. The composition root supplies them.
import type { ActionDefinition } from '../actions/action.js';
import type { DataTypeResolver } from '../domain/data-types/types.js';
import type { ExecutablePlan } from '../flow/plan.js';
import type { InstanceRecord } from '../ports/instance.store.js';

export interface LoadedPlan {
  plan: ExecutablePlan;
  /** The data types the process's variables may use (built-ins and its workspace's models). */
  types: DataTypeResolver;
}

/** Compiled plans by process version (compiled once, then cached by the implementation). */
export interface PlanSource {
  load(workspaceId: string, processId: string, version: number): Promise<LoadedPlan>;
}

export interface ActionLookup {
  /** A platform action, or a custom action of the workspace (deleted ones still run). */
  executable(templateId: string, workspaceId: string): ActionDefinition | undefined;
}

export interface SubprocessRequest {
  parent: InstanceRecord;
  actionId: string;
  processId: string;
  /** Input values by the child's variable id. */
  inputs: Record<string, unknown>;
  /** Call Subprocess waits (the child wakes the parent when it ends); Trigger does not. */
  waits: boolean;
}

export interface SubprocessLauncher {
  /**
   * Creates and launches a child instance; returns its id. Throws an ActionError of type
   * `subprocess.unavailable` when the process does not exist or is not runnable.
   */
  start(request: SubprocessRequest): Promise<string>;
}

/** Hears every status change an engine makes (synchronous callers wait on it). */
export interface InstanceEvents {
  emit(instanceId: string, status: number): void;
}

export interface EngineLog {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
