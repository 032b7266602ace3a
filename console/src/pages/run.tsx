// Running a process (API.md §4): a form built from its input variables and their data types.
// Without files it is one `run` call; with files it is publish → upload each file → launch.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { JsonBlock, StatusBadge, ValueView } from '../components';
import { inputKind, typeName, useDataTypes, type InputKind } from '../data-types';
import {
  INPUT,
  OUTPUT,
  TERMINAL_STATUSES,
  type DataType,
  type Flow,
  type FlowVariable,
  type ResultEnvelope,
} from '../model';
import { Link } from '../router';
import { Async, ErrorBox, PageHeader, useAction, useApi } from '../ui';

type FieldValue = string | boolean | File[];

interface RunOutcome {
  mode: 'sync' | 'async';
  instanceId: string | null;
  /** Sync: the result envelope, or the process's custom response (any JSON). */
  result?: ResultEnvelope | unknown;
}

/** The file value placeholder a publish turns into an upload slot (API.md §4.2). */
interface FileSlot {
  id: string;
  name: string;
}

function isEnvelope(value: unknown): value is ResultEnvelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    'instanceId' in value &&
    'status' in value &&
    'variable' in value
  );
}

/** `datetime-local` works in local time without a zone; the API takes ISO-8601 UTC. */
function toLocalInput(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}

function initialValue(kind: InputKind, variable: FlowVariable): FieldValue {
  const value = variable.defaultValue;
  switch (kind) {
    case 'boolean':
      return value === true || value === 'true';
    case 'file':
    case 'files':
      return [];
    case 'datetime':
      return toLocalInput(value);
    case 'json':
      return value === null || value === undefined ? '' : JSON.stringify(value, null, 2);
    default:
      return value === null || value === undefined ? '' : String(value);
  }
}

class InputProblem extends Error {}

/** The payload value of one field; undefined leaves the input to its default. */
function payloadValue(kind: InputKind, variable: FlowVariable, value: FieldValue): unknown {
  if (kind === 'boolean') return value === true;
  if (kind === 'file' || kind === 'files') {
    const files = value as File[];
    if (files.length === 0) return undefined;
    const placeholders = files.map((file) => ({ name: file.name }));
    return kind === 'files' ? placeholders : placeholders[0];
  }
  const text = String(value);
  if (text.trim() === '') return undefined;
  switch (kind) {
    case 'integer':
    case 'number': {
      const number = Number(text);
      if (!Number.isFinite(number) || (kind === 'integer' && !Number.isInteger(number)))
        throw new InputProblem(
          `${variable.name}: “${text}” is not ${kind === 'integer' ? 'a whole number' : 'a number'}.`,
        );
      return number;
    }
    case 'datetime': {
      const date = new Date(text);
      if (Number.isNaN(date.getTime()))
        throw new InputProblem(`${variable.name}: “${text}” is not a date and time.`);
      return date.toISOString();
    }
    case 'json':
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new InputProblem(
          `${variable.name}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
        );
      }
    default:
      return text;
  }
}

function fieldId(variable: FlowVariable): string {
  return `input-${variable.id}`;
}

function InputField({
  variable,
  kind,
  types,
  value,
  onValue,
}: {
  variable: FlowVariable;
  kind: InputKind;
  types: Map<string, DataType>;
  value: FieldValue;
  onValue: (value: FieldValue) => void;
}) {
  const id = fieldId(variable);
  const hint = `${typeName(types, variable)}${variable.isRequired ? ' · required' : ''}`;
  let control;
  switch (kind) {
    case 'boolean':
      control = (
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(event) => onValue(event.currentTarget.checked)}
        />
      );
      break;
    case 'integer':
    case 'number':
      control = (
        <input
          id={id}
          type="number"
          step={kind === 'integer' ? 1 : 'any'}
          required={variable.isRequired}
          value={value as string}
          onInput={(event) => onValue(event.currentTarget.value)}
        />
      );
      break;
    case 'datetime':
      control = (
        <input
          id={id}
          type="datetime-local"
          step={1}
          required={variable.isRequired}
          value={value as string}
          onInput={(event) => onValue(event.currentTarget.value)}
        />
      );
      break;
    case 'file':
    case 'files':
      control = (
        <input
          id={id}
          type="file"
          multiple={kind === 'files'}
          required={variable.isRequired}
          onChange={(event) => onValue([...(event.currentTarget.files ?? [])])}
        />
      );
      break;
    case 'json':
      control = (
        <textarea
          id={id}
          class="code"
          rows={4}
          spellcheck={false}
          placeholder={variable.isList ? '[ … ]' : '{ … }'}
          required={variable.isRequired}
          value={value as string}
          onInput={(event) => onValue(event.currentTarget.value)}
        />
      );
      break;
    default:
      control = (
        <input
          id={id}
          type="text"
          required={variable.isRequired}
          value={value as string}
          onInput={(event) => onValue(event.currentTarget.value)}
        />
      );
  }
  return (
    <div class={`field field-${kind}`}>
      <label for={id} class="field-label">
        {variable.name}
      </label>
      {control}
      <span class="field-hint">{hint}</span>
    </div>
  );
}

export function RunPage({ processId }: { processId: string }) {
  const loaded = useApi<{ flow: Flow }>(`/api/Projects/${processId}`);
  const types = useDataTypes();
  const flow = loaded.data?.flow;
  const inputs = (flow?.variables ?? []).filter((variable) => variable.type === INPUT);
  const kinds = new Map(inputs.map((v) => [v.id, inputKind(types.byId, v)]));
  // What the user entered; a field not touched yet shows (and sends) its variable's default.
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const [mode, setMode] = useState<'sync' | 'async'>('sync');
  const [waitSeconds, setWaitSeconds] = useState('60');
  const [step, setStep] = useState<string | undefined>(undefined);
  const [outcome, setOutcome] = useState<RunOutcome | undefined>(undefined);
  const typesReady = types.data !== undefined;

  const run = useAction(async () => {
    setOutcome(undefined);
    const payload: Record<string, unknown> = {};
    const files: { variable: FlowVariable; files: File[] }[] = [];
    for (const variable of inputs) {
      const kind = kinds.get(variable.id)!;
      const value = values[variable.id] ?? initialValue(kind, variable);
      const converted = payloadValue(kind, variable, value);
      if (converted !== undefined) payload[variable.name] = converted;
      if ((kind === 'file' || kind === 'files') && (value as File[]).length > 0)
        files.push({ variable, files: value as File[] });
    }
    const sync = mode === 'sync';
    const query = {
      runSynchronous: sync,
      secondsTimeOut: sync ? Number(waitSeconds) || 60 : undefined,
    };
    try {
      if (files.length === 0) {
        setStep('Running…');
        const answer = await api<unknown>(`/api/Projects/${processId}/run`, {
          method: 'POST',
          query,
          body: { payload },
        });
        setOutcome(outcomeOf(mode, answer));
        return;
      }
      setStep('Publishing…');
      const instance = await api<{ id: string; variables: FlowVariable[] }>(
        `/api/Projects/${processId}/instances/publish`,
        { method: 'POST', body: payload },
      );
      for (const { variable, files: chosen } of files) {
        const stored = instance.variables.find(
          (v) => v.name.toLowerCase() === variable.name.toLowerCase(),
        );
        const slots = ([] as FileSlot[]).concat((stored?.defaultValue ?? []) as FileSlot[]);
        for (const [index, file] of chosen.entries()) {
          const slot = slots[index];
          if (!slot) throw new InputProblem(`The server gave no upload slot for ${file.name}.`);
          setStep(`Uploading ${file.name}…`);
          const form = new FormData();
          form.append('package', file, file.name);
          await api('/api/File/upload/flow', {
            method: 'POST',
            body: form,
            headers: {
              flowInstanceId: instance.id,
              variableName: variable.name,
              fileId: slot.id,
              flowTemplateId: processId,
            },
          });
        }
      }
      setStep('Launching…');
      const answer = await api<unknown>(`/api/Projects/instances/${instance.id}/launch`, {
        method: 'POST',
        query,
        body: { flowTemplateId: processId },
      });
      setOutcome(outcomeOf(mode, answer, instance.id));
    } finally {
      setStep(undefined);
    }
  });

  return (
    <Async state={loaded}>
      {() =>
        flow && (
          <>
            <PageHeader title={`Run ${flow.title}`}>
              <Link to={`/processes/${processId}`} class="button">
                Process
              </Link>
              <Link to="/instances" query={{ process: processId }} class="button">
                Instances
              </Link>
            </PageHeader>
            {!flow.active && (
              <p class="notice">This process is inactive: the server will refuse to run it.</p>
            )}
            {!flow.isValid && (
              <p class="notice">This process is not valid: the server will refuse to run it.</p>
            )}
            <form
              class="panel run-form"
              aria-label="Run"
              onSubmit={(event) => {
                event.preventDefault();
                void run.invoke();
              }}
            >
              <h2>Inputs</h2>
              {types.error !== undefined && <ErrorBox error={types.error} />}
              {!typesReady && types.error === undefined ? (
                <p class="muted">Loading data types…</p>
              ) : inputs.length === 0 ? (
                <p class="muted">This process takes no inputs.</p>
              ) : (
                inputs.map((variable) => (
                  <InputField
                    key={variable.id}
                    variable={variable}
                    kind={kinds.get(variable.id)!}
                    types={types.byId}
                    value={values[variable.id] ?? initialValue(kinds.get(variable.id)!, variable)}
                    onValue={(value) => setValues((now) => ({ ...now, [variable.id]: value }))}
                  />
                ))
              )}
              <fieldset class="run-mode">
                <legend>How to run</legend>
                <label>
                  <input
                    type="radio"
                    name="mode"
                    checked={mode === 'sync'}
                    onChange={() => setMode('sync')}
                  />{' '}
                  Wait for the result
                </label>
                {mode === 'sync' && (
                  <label class="inline-field">
                    up to{' '}
                    <input
                      type="number"
                      min={1}
                      max={3600}
                      aria-label="Seconds to wait"
                      value={waitSeconds}
                      onInput={(event) => setWaitSeconds(event.currentTarget.value)}
                    />{' '}
                    seconds
                  </label>
                )}
                <label>
                  <input
                    type="radio"
                    name="mode"
                    checked={mode === 'async'}
                    onChange={() => setMode('async')}
                  />{' '}
                  Start it and follow the instance
                </label>
              </fieldset>
              <div class="form-actions">
                <button type="submit" class="primary" disabled={run.busy}>
                  {run.busy ? (step ?? 'Running…') : 'Run'}
                </button>
              </div>
              <ErrorBox error={run.error} />
            </form>
            {outcome && <RunResult outcome={outcome} flow={flow} processId={processId} />}
          </>
        )
      }
    </Async>
  );
}

function outcomeOf(mode: 'sync' | 'async', answer: unknown, published?: string): RunOutcome {
  const instanceId =
    typeof answer === 'object' && answer !== null && 'instanceId' in answer
      ? String((answer as { instanceId: unknown }).instanceId)
      : (published ?? null);
  return mode === 'async' ? { mode, instanceId } : { mode, instanceId, result: answer };
}

function RunResult({
  outcome,
  flow,
  processId,
}: {
  outcome: RunOutcome;
  flow: Flow;
  processId: string;
}) {
  const instanceLink = outcome.instanceId && (
    <Link to={`/instances/${outcome.instanceId}`}>Open instance {outcome.instanceId}</Link>
  );
  if (outcome.mode === 'async')
    return (
      <section class="panel" aria-label="Result">
        <h2>Started</h2>
        <p role="status">
          The process is running. {instanceLink} or{' '}
          <Link to="/instances" query={{ process: processId }}>
            see all its instances
          </Link>
          .
        </p>
      </section>
    );
  const result = outcome.result;
  if (!isEnvelope(result))
    return (
      <section class="panel" aria-label="Result">
        <h2>Custom response</h2>
        <p class="muted">The process answered with its custom response.</p>
        <JsonBlock value={result} />
      </section>
    );
  const outputs = flow.variables.filter((v) => v.type === OUTPUT).map((v) => v.name);
  const names = [...new Set([...outputs, ...Object.keys(result.variable)])];
  return (
    <section class="panel" aria-label="Result">
      <h2>
        Result <StatusBadge status={result.status} />
      </h2>
      {!TERMINAL_STATUSES.includes(result.status) && (
        <p class="notice">The process is still running; the instance page shows how it ends.</p>
      )}
      <p>{instanceLink}</p>
      {names.length === 0 ? (
        <p class="muted">This process has no output variables.</p>
      ) : (
        <table class="table" aria-label="Output variables">
          <thead>
            <tr>
              <th scope="col">Output</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => (
              <tr key={name} data-output={name}>
                <td>
                  <code>{name}</code>
                </td>
                <td>
                  <ValueView value={result.variable[name]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.error.length > 0 && (
        <div class="error" role="alert">
          <p>Errors:</p>
          <ul>
            {result.error.map((item, index) => (
              <li key={index}>
                {item.actionName ? <strong>{item.actionName}: </strong> : null}
                {item.message ?? JSON.stringify(item)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
