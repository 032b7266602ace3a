// Creating a process from its flow JSON (API.md §3.1, §3.2): pasted from an export or the
// PROCESIO designer, checked with the server's validation before or after saving.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { FlowJsonEditor, parseFlowText } from '../flow-editor';
import { FlowGraph } from '../flow-graph';
import { NIL_GUID, TEMPLATES, newGuid, type Flow } from '../model';
import { Link, navigate } from '../router';
import { PageHeader, useAction } from '../ui';

/** The smallest valid flow, Start → Stop, with fresh ids: a starting point to edit. */
function starterFlow(): string {
  const id = newGuid();
  const start = newGuid();
  const stop = newGuid();
  const flow = {
    id,
    title: 'New process',
    description: '',
    active: true,
    timeout: 0,
    variables: [],
    actions: [
      {
        id: start,
        templateId: TEMPLATES.start,
        actionName: 'Start',
        parameters: [],
        ports: [
          { id: newGuid(), sourceId: NIL_GUID, destinationId: start, type: 0, state: 1 },
          { id: newGuid(), sourceId: start, destinationId: stop, type: 0, state: 1 },
        ],
      },
      { id: stop, templateId: TEMPLATES.stop, actionName: 'Stop', parameters: [], ports: [] },
    ],
  };
  return JSON.stringify(flow, null, 2);
}

export function NewProcessPage() {
  const [text, setText] = useState(starterFlow);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [validMessage, setValidMessage] = useState<string | undefined>(undefined);
  let preview: Flow | null = null;
  try {
    preview = parseFlowText(text);
  } catch {
    preview = null;
  }

  const validate = useAction(async () => {
    setProblem(undefined);
    setValidMessage(undefined);
    try {
      await api('/api/Projects/validate', { method: 'POST', body: parseFlowText(text) });
      setValidMessage('The flow is valid.');
    } catch (error) {
      setProblem(error);
    }
  });
  const create = useAction(async () => {
    setProblem(undefined);
    setValidMessage(undefined);
    try {
      const answer = await api<{ flow: Flow }>('/api/Projects', {
        method: 'POST',
        body: parseFlowText(text),
      });
      navigate(`/processes/${answer.flow.id}`);
    } catch (error) {
      setProblem(error);
    }
  });

  return (
    <>
      <PageHeader title="New process">
        <Link to="/processes" class="button">
          Cancel
        </Link>
      </PageHeader>
      <p class="muted">
        Paste a flow document (the JSON of a PROCESIO or Sluice process, bare or as{' '}
        <code>{'{"flow": …}'}</code>) or edit the starter below. A flow that breaks a graph rule is
        still saved, marked invalid, and cannot run until it is fixed.
      </p>
      <div class="editor-actions">
        <button type="button" disabled={validate.busy} onClick={() => void validate.invoke()}>
          {validate.busy ? 'Validating…' : 'Validate'}
        </button>
        <button
          type="button"
          class="primary"
          disabled={create.busy}
          onClick={() => void create.invoke()}
        >
          {create.busy ? 'Creating…' : 'Create process'}
        </button>
        {validMessage && (
          <span class="success" role="status">
            {validMessage}
          </span>
        )}
      </div>
      <FlowJsonEditor
        text={text}
        onText={(next) => {
          setText(next);
          setValidMessage(undefined);
        }}
        problem={problem}
        flow={preview}
      />
      {preview && Array.isArray(preview.actions) && (
        <section class="panel">
          <h2>Preview</h2>
          <FlowGraph actions={preview.actions} />
        </section>
      )}
    </>
  );
}
