// Test helper: runs one platform action inside a real process through the HTTP API — the process
// Start → action → Stop, with the action's error port leading to a second Stop that keeps the
// error in a variable — and answers what the action wrote and how the instance ended.
import type { DataTypeIds } from '../domain/data-types/types.js';
import { FlowBuilder, lit, ref, type Operand } from './flow-builder.js';
import { call } from './test-server.js';

type TypeName = keyof typeof DataTypeIds;

export interface ActionProcessOutput {
  /** The setting id of the action's output. */
  setting: string;
  type: TypeName;
  list?: boolean;
}

export interface ActionProcessInput {
  /** The value of an input variable bound to the setting (`<%0%>`), sent in the run payload. */
  value: unknown;
  type: TypeName;
  list?: boolean;
}

export interface ActionProcessSpec {
  templateId: string;
  /** Literal setting values, as a designer would type them. */
  settings?: Record<string, unknown>;
  /** Settings bound to input variables whose values go in the payload (files, models, lists). */
  variables?: Record<string, ActionProcessInput>;
  /** Output variables by name. */
  outputs?: Record<string, ActionProcessOutput>;
  secondsTimeOut?: number;
}

export interface ActionProcessResult {
  instanceId: string;
  /** 50 = done, 40 = failed (the error port keeps it at 50 with `error` set). */
  status: number;
  /** Output variable values by name. */
  outputs: Record<string, unknown>;
  /** What the action's error port received; null when it succeeded. */
  error: { message: string; code?: string } | null;
}

export interface ApiTarget {
  url: string;
  headers: Record<string, string>;
}

/** Saves the one-action process, runs it synchronously and reads the result. */
export async function runActionProcess(
  api: ApiTarget,
  spec: ActionProcessSpec,
): Promise<ActionProcessResult> {
  const flow = new FlowBuilder(`Action ${spec.templateId}`);
  const params: Record<string, Operand> = {};
  for (const [setting, value] of Object.entries(spec.settings ?? {})) params[setting] = lit(value);
  const payload: Record<string, unknown> = {};
  let n = 0;
  for (const [setting, input] of Object.entries(spec.variables ?? {})) {
    const name = `in${n++}`;
    const id = flow.variable(name, input.type, { orientation: 10, list: input.list ?? false });
    params[setting] = ref(id);
    payload[name] = input.value;
  }
  for (const [name, output] of Object.entries(spec.outputs ?? {})) {
    const id = flow.variable(name, output.type, { orientation: 30, list: output.list ?? false });
    params[output.setting] = ref(id);
  }
  const failure = flow.variable('actionError', 'Error', { orientation: 30 });
  const start = flow.start();
  const action = flow.node(spec.templateId, 'Action under test', params, {
    errorVariable: failure,
  });
  flow.chain(start, action).edge(action, flow.stop()).edge(action, flow.stop(), { error: true });

  const saved = await call(api.url, 'POST', '/api/Projects', {
    headers: api.headers,
    json: flow.build(),
  });
  if (saved.status !== 200)
    throw new Error(`saving the process failed: ${saved.status} ${JSON.stringify(saved.body)}`);
  const seconds = spec.secondsTimeOut ?? 30;
  const run = await call(
    api.url,
    'POST',
    `/api/Projects/${flow.id}/run?runSynchronous=true&secondsTimeOut=${seconds}`,
    { headers: api.headers, json: { payload } },
  );
  if (run.status !== 200)
    throw new Error(`running the process failed: ${run.status} ${JSON.stringify(run.body)}`);
  const envelope = run.body as {
    instanceId: string;
    status: number;
    variable: Record<string, unknown>;
  };
  const outputs: Record<string, unknown> = {};
  for (const name of Object.keys(spec.outputs ?? {})) outputs[name] = envelope.variable[name];
  const error = envelope.variable.actionError as ActionProcessResult['error'] | undefined;
  return {
    instanceId: envelope.instanceId,
    status: envelope.status,
    outputs,
    error: error ?? null,
  };
}
