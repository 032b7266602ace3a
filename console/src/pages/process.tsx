// One process (API.md §3): its graph, variables, activation, validation and the flow JSON editor
// (saving replaces the flow and creates a new version).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ActivationSwitch, Badge, ConfirmButton, JsonBlock } from '../components';
import { typeName, useDataTypes } from '../data-types';
import { FlowJsonEditor, parseFlowText } from '../flow-editor';
import { FlowGraph } from '../flow-graph';
import { VARIABLE_ORIENTATION, type Flow } from '../model';
import { Link, navigate } from '../router';
import { Async, ErrorBox, PageHeader, formatDate, useAction, useApi } from '../ui';

function flowText(flow: Flow): string {
  return JSON.stringify(flow, null, 2);
}

/** The action ids a validation failure names (targets are `<actionId>` or `<actionId>.<setting>`). */
function failingActions(problem: unknown, flow: Flow | null): Set<string> {
  if (!(problem instanceof ApiError) || !flow) return new Set();
  const ids = new Set(flow.actions.map((action) => action.id));
  return new Set(
    problem.details
      .map((detail) => detail.target?.split('.')[0] ?? '')
      .filter((target) => ids.has(target)),
  );
}

export function ProcessPage({ processId }: { processId: string }) {
  const loaded = useApi<{ flow: Flow }>(`/api/Projects/${processId}`);
  const [saved, setSaved] = useState<Flow | null>(null);
  const flow = saved ?? loaded.data?.flow ?? null;
  const [text, setText] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const types = useDataTypes();

  // null = the editor shows the stored flow; a string = what the user typed over it.
  const editing = text ?? (flow ? flowText(flow) : '');
  const dirty = flow !== null && text !== null && text !== flowText(flow);

  async function validateText(source: string): Promise<boolean> {
    try {
      await api('/api/Projects/validate', { method: 'POST', body: parseFlowText(source) });
      return true;
    } catch (error) {
      setProblem(error);
      return false;
    }
  }

  const validate = useAction(async () => {
    setProblem(undefined);
    setMessage(undefined);
    if (await validateText(editing)) setMessage('The flow is valid.');
  });

  const save = useAction(async () => {
    setProblem(undefined);
    setMessage(undefined);
    let answer: { flow: Flow };
    try {
      answer = await api<{ flow: Flow }>('/api/Projects', {
        method: 'PUT',
        body: { ...parseFlowText(editing), id: processId },
      });
    } catch (error) {
      setProblem(error);
      return;
    }
    setSaved(answer.flow);
    setText(null);
    // A save stores an invalid flow too (API.md §3.1); say what keeps it from running.
    if (answer.flow.isValid || (await validateText(flowText(answer.flow))))
      setMessage(`Saved as version ${answer.flow.version}.`);
    else setMessage(`Saved as version ${answer.flow.version}, but the flow is not valid:`);
  });

  const remove = useAction(async () => {
    await api(`/api/Projects/${processId}`, { method: 'DELETE' });
    navigate('/processes');
  });

  return (
    <Async state={loaded}>
      {() =>
        flow && (
          <>
            <PageHeader title={flow.title}>
              <Link to={`/processes/${processId}/run`} class="button primary">
                Run
              </Link>
              <Link to="/instances" query={{ process: processId }} class="button">
                Instances
              </Link>
              <button type="button" disabled={validate.busy} onClick={() => void validate.invoke()}>
                {validate.busy ? 'Validating…' : 'Validate'}
              </button>
              <ConfirmButton
                label="Delete"
                question={`Delete “${flow.title}”?`}
                busy={remove.busy}
                onConfirm={() => void remove.invoke()}
              />
            </PageHeader>
            <ErrorBox error={remove.error} />
            <div class="summary">
              <ActivationSwitch
                processId={processId}
                title={flow.title}
                active={flow.active}
                onChange={(active) => {
                  const next = { ...flow, active, status: active ? 1 : 5 };
                  // An untouched editor follows the stored flow; edits in progress are kept.
                  setSaved(next);
                }}
              />
              {flow.isValid ? <Badge tone="ok">Valid</Badge> : <Badge tone="bad">Invalid</Badge>}
              <span>Version {flow.version ?? '—'}</span>
              <span>Updated {formatDate(flow.updatedOn)}</span>
              {flow.timeout ? <span>Timeout {flow.timeout} s</span> : null}
            </div>
            {flow.description && <p class="description">{flow.description}</p>}

            <section class="panel" aria-label="Graph">
              <h2>Graph</h2>
              <FlowGraph actions={flow.actions} invalidActions={failingActions(problem, flow)} />
              <p class="legend muted small">
                <span class="legend-normal">──</span> next action{' '}
                <span class="legend-error">- - -</span> on error <span class="legend-area">▭</span>{' '}
                For Each body
              </p>
            </section>

            <section class="panel" aria-label="Variables">
              <h2>Variables</h2>
              {flow.variables.length === 0 ? (
                <p class="muted">This process has no variables.</p>
              ) : (
                <table class="table" aria-label="Variables">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Type</th>
                      <th scope="col">Direction</th>
                      <th scope="col">Required</th>
                      <th scope="col">Default</th>
                    </tr>
                  </thead>
                  <tbody>
                    {flow.variables.map((variable) => (
                      <tr key={variable.id}>
                        <td>
                          <code>{variable.name}</code>
                        </td>
                        <td>{typeName(types.byId, variable)}</td>
                        <td>{VARIABLE_ORIENTATION[variable.type] ?? variable.type}</td>
                        <td>{variable.isRequired ? 'Yes' : 'No'}</td>
                        <td>
                          {variable.defaultValue === null || variable.defaultValue === undefined ? (
                            <span class="muted">—</span>
                          ) : (
                            <JsonBlock value={variable.defaultValue} />
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <ErrorBox error={types.error} />
            </section>

            <section class="panel" aria-label="Flow JSON">
              <h2>Flow JSON</h2>
              <div class="editor-actions">
                <button
                  type="button"
                  class="primary"
                  disabled={save.busy || !dirty}
                  onClick={() => void save.invoke()}
                >
                  {save.busy ? 'Saving…' : 'Save'}
                </button>
                <button
                  type="button"
                  disabled={validate.busy}
                  onClick={() => void validate.invoke()}
                >
                  Validate
                </button>
                <button
                  type="button"
                  disabled={!dirty}
                  onClick={() => {
                    setText(null);
                    setProblem(undefined);
                    setMessage(undefined);
                  }}
                >
                  Revert
                </button>
                {dirty && <span class="muted">Unsaved changes</span>}
                {message && (
                  <span class={problem === undefined ? 'success' : 'muted'} role="status">
                    {message}
                  </span>
                )}
              </div>
              <FlowJsonEditor
                text={editing}
                onText={(next) => {
                  setText(next);
                  setMessage(undefined);
                }}
                problem={problem}
                flow={flow}
              />
            </section>
          </>
        )
      }
    </Async>
  );
}
