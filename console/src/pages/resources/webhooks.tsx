// The webhooks page (API.md §5): list with each webhook's call URL, create, edit (payload model,
// custom response, dedupe), delete, and the processes bound to a webhook, with bind and unbind.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import {
  Async,
  ErrorBox,
  Field,
  Loading,
  PageHeader,
  formatDate,
  useAction,
  useApi,
} from '../../ui';
import {
  Badge,
  ConfirmDeleteButton,
  CopyButton,
  DataTable,
  INPUT_VARIABLE,
  Panel,
  ProcessPicker,
  ResourceForm,
  loadFlow,
  newGuid,
  type FlowVariable,
  type Page,
} from './common';
import './resources.css';

interface Webhook {
  id: string;
  name: string;
  payloadIsList: boolean;
  hasHeader: boolean;
  hasQuery: boolean;
  dataModelId: string | null;
  /** AUTO 0 (model from the sample), MANUAL 1 (model chosen). */
  type: number;
  definition: unknown;
  customResponseConfig: { configType: number; config: unknown } | null;
  dedupe: { source: number; path: string; windowSeconds: number } | null;
  updatedOn: string;
}

interface DataModelSummary {
  id: string;
  name: string;
  displayName: string;
}

interface ProcessReference {
  id: string;
  title: string;
}

const WebhookType = { Auto: 0, Manual: 1 } as const;
/** customResponseConfig.configType; 0 here means "no custom response". */
const RESPONSE_TYPES: [number, string][] = [
  [0, 'Default: {"instanceId", "instanceIds"}'],
  [1, 'Static JSON'],
  [3, 'JSONPath over {Body, Header, Param}'],
];
/** The parts of a call a binding maps onto input variables (API.md §5.3). */
const BINDING_PARTS: [number, string][] = [
  [3, 'Body'],
  [1, 'Headers'],
  [2, 'Query'],
];

export function callUrl(webhookId: string): string {
  return `${window.location.origin}/api/Webhooks/launch/${webhookId}`;
}

interface WebhookDraft {
  id?: string;
  name: string;
  type: number;
  definition: string;
  dataModelId: string;
  payloadIsList: boolean;
  hasHeader: boolean;
  hasQuery: boolean;
  responseType: number;
  responseConfig: string;
  dedupeSource: number;
  dedupePath: string;
  dedupeWindow: number;
}

function draftOf(webhook?: Webhook): WebhookDraft {
  if (!webhook)
    return {
      name: '',
      type: WebhookType.Auto,
      definition: '',
      dataModelId: '',
      payloadIsList: false,
      hasHeader: false,
      hasQuery: false,
      responseType: 0,
      responseConfig: '',
      dedupeSource: 0,
      dedupePath: '',
      dedupeWindow: 60,
    };
  const config = webhook.customResponseConfig?.config;
  return {
    id: webhook.id,
    name: webhook.name,
    type: webhook.type,
    definition:
      webhook.definition === null || webhook.definition === undefined
        ? ''
        : JSON.stringify(webhook.definition, null, 2),
    dataModelId: webhook.dataModelId ?? '',
    payloadIsList: webhook.payloadIsList,
    hasHeader: webhook.hasHeader,
    hasQuery: webhook.hasQuery,
    responseType: webhook.customResponseConfig?.configType ?? 0,
    responseConfig:
      config === null || config === undefined
        ? ''
        : typeof config === 'string'
          ? config
          : JSON.stringify(config),
    dedupeSource: webhook.dedupe?.source ?? 0,
    dedupePath: webhook.dedupe?.path ?? '',
    dedupeWindow: webhook.dedupe?.windowSeconds ?? 60,
  };
}

/** Every field is sent, nulls included, because PUT keeps the stored value of a field left out. */
function webhookBody(draft: WebhookDraft): Record<string, unknown> {
  let definition: unknown = null;
  if (draft.type === WebhookType.Auto && draft.definition.trim()) {
    try {
      definition = JSON.parse(draft.definition);
    } catch {
      throw new Error('The sample payload must be JSON.');
    }
  }
  return {
    ...(draft.id ? { id: draft.id } : {}),
    name: draft.name.trim(),
    type: draft.type,
    definition,
    dataModelId: draft.type === WebhookType.Manual && draft.dataModelId ? draft.dataModelId : null,
    payloadIsList: draft.payloadIsList,
    hasHeader: draft.hasHeader,
    hasQuery: draft.hasQuery,
    customResponseConfig:
      draft.responseType === 0
        ? null
        : { configType: draft.responseType, config: draft.responseConfig },
    dedupe:
      draft.dedupeSource === 0
        ? null
        : {
            source: draft.dedupeSource,
            path: draft.dedupePath.trim(),
            windowSeconds: draft.dedupeWindow,
          },
  };
}

function WebhookForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial: WebhookDraft;
  onSaved: (webhook: Webhook) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const set = (patch: Partial<WebhookDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const models = useApi<Page<DataModelSummary>>(
    draft.type === WebhookType.Manual ? '/api/DataTypes' : null,
    { includeProcesioEntries: false },
  );
  return (
    <ResourceForm
      testId="webhook-form"
      submitLabel={draft.id ? 'Save webhook' : 'Create webhook'}
      onCancel={onCancel}
      onSubmit={async () => {
        const saved = await api<Webhook>('/api/Webhooks', {
          method: draft.id ? 'PUT' : 'POST',
          body: webhookBody(draft),
        });
        onSaved(saved);
      }}
    >
      <div class="res-row">
        <Field label="Name">
          <input
            value={draft.name}
            maxLength={32}
            required
            onInput={(event) => set({ name: event.currentTarget.value })}
          />
        </Field>
        <Field label="Payload model">
          <select
            value={String(draft.type)}
            onChange={(event) => set({ type: Number(event.currentTarget.value) })}
          >
            <option value={String(WebhookType.Auto)}>From a sample payload</option>
            <option value={String(WebhookType.Manual)}>A data model</option>
          </select>
        </Field>
      </div>
      {draft.type === WebhookType.Auto ? (
        <Field label="Sample payload (JSON)">
          <textarea
            class="res-mono"
            rows={4}
            value={draft.definition}
            placeholder='{"orderId": 1, "lines": []}'
            onInput={(event) => set({ definition: event.currentTarget.value })}
          />
        </Field>
      ) : models.error !== undefined ? (
        <ErrorBox error={models.error} />
      ) : !models.data ? (
        <Loading label="Loading data models…" />
      ) : (
        <Field label="Data model">
          <select
            value={draft.dataModelId}
            required
            onChange={(event) => set({ dataModelId: event.currentTarget.value })}
          >
            <option value="" disabled>
              {models.data.pageItems.length === 0
                ? 'No data model in this workspace'
                : 'Choose a data model'}
            </option>
            {models.data.pageItems.map((model) => (
              <option key={model.id} value={model.id}>
                {model.displayName} ({model.name})
              </option>
            ))}
          </select>
        </Field>
      )}
      <div class="res-row">
        <label class="res-check">
          <input
            type="checkbox"
            checked={draft.payloadIsList}
            onChange={(event) => set({ payloadIsList: event.currentTarget.checked })}
          />
          The payload is a list
        </label>
        <label class="res-check">
          <input
            type="checkbox"
            checked={draft.hasHeader}
            onChange={(event) => set({ hasHeader: event.currentTarget.checked })}
          />
          Uses headers
        </label>
        <label class="res-check">
          <input
            type="checkbox"
            checked={draft.hasQuery}
            onChange={(event) => set({ hasQuery: event.currentTarget.checked })}
          />
          Uses query parameters
        </label>
      </div>
      <fieldset class="res-fieldset">
        <legend>Answer to the caller</legend>
        <Field label="Response">
          <select
            value={String(draft.responseType)}
            onChange={(event) => set({ responseType: Number(event.currentTarget.value) })}
          >
            {RESPONSE_TYPES.map(([value, label]) => (
              <option key={value} value={String(value)}>
                {label}
              </option>
            ))}
            {!RESPONSE_TYPES.some(([value]) => value === draft.responseType) && (
              <option value={String(draft.responseType)}>Javascript (not run yet)</option>
            )}
          </select>
        </Field>
        {draft.responseType !== 0 && (
          <Field label={draft.responseType === 3 ? 'JSONPath' : 'Response JSON'}>
            <textarea
              class="res-mono"
              rows={2}
              value={draft.responseConfig}
              placeholder={draft.responseType === 3 ? '$.Body.orderId' : '{"received": true}'}
              onInput={(event) => set({ responseConfig: event.currentTarget.value })}
            />
          </Field>
        )}
      </fieldset>
      <fieldset class="res-fieldset">
        <legend>Duplicate calls</legend>
        <div class="res-row">
          <Field label="Deduplicate by">
            <select
              value={String(draft.dedupeSource)}
              onChange={(event) => set({ dedupeSource: Number(event.currentTarget.value) })}
            >
              <option value="0">Off: every call starts the processes</option>
              <option value="1">A header</option>
              <option value="2">A value in the body (JSONPath)</option>
            </select>
          </Field>
          {draft.dedupeSource !== 0 && (
            <>
              <Field label={draft.dedupeSource === 1 ? 'Header name' : 'Body JSONPath'}>
                <input
                  class="res-mono"
                  value={draft.dedupePath}
                  required
                  placeholder={draft.dedupeSource === 1 ? 'X-Delivery-Id' : '$.eventId'}
                  onInput={(event) => set({ dedupePath: event.currentTarget.value })}
                />
              </Field>
              <Field label="Window (seconds)">
                <input
                  type="number"
                  min={1}
                  value={draft.dedupeWindow}
                  onInput={(event) => set({ dedupeWindow: Number(event.currentTarget.value) || 1 })}
                />
              </Field>
            </>
          )}
        </div>
      </fieldset>
    </ResourceForm>
  );
}

/** Adds a binding of this webhook to a process: which input variable receives which part. */
function BindForm({ webhook, onBound }: { webhook: Webhook; onBound: () => void }) {
  const [processId, setProcessId] = useState('');
  const [inputs, setInputs] = useState<{ variables?: FlowVariable[]; error?: unknown }>({});
  const [targets, setTargets] = useState<Record<number, string>>({});
  useEffect(() => {
    setTargets({});
    setInputs({});
    if (!processId) return;
    let current = true;
    loadFlow(processId).then(
      (flow) =>
        current &&
        setInputs({
          variables: (flow.variables ?? []).filter((v) => v.type === INPUT_VARIABLE),
        }),
      (error: unknown) => current && setInputs({ error }),
    );
    return () => {
      current = false;
    };
  }, [processId]);
  const bind = useAction(async () => {
    const webhookVariables = BINDING_PARTS.filter(([part]) => targets[part]).map(([part]) => ({
      variableId: targets[part]!,
      variableType: part,
    }));
    if (webhookVariables.length === 0)
      throw new Error('Choose the input variable that receives at least one part of the call.');
    // The binding lives in the process's flow document: read it, add the binding, save it back
    // (a new version of the process).
    const flow = await loadFlow(processId);
    const others = (flow.webhooks ?? []).filter((b) => b.webhookId !== webhook.id);
    await api('/api/Projects', {
      method: 'PUT',
      body: {
        ...flow,
        webhooks: [
          ...others,
          { id: newGuid(), webhookId: webhook.id, webhookVariables, isObsoleted: false },
        ],
      },
    });
    setProcessId('');
    onBound();
  });
  return (
    <form
      class="res-form"
      data-testid="webhook-bind-form"
      onSubmit={(event) => {
        event.preventDefault();
        void bind.invoke();
      }}
    >
      <ProcessPicker label="Bind to process" value={processId} onChange={setProcessId} />
      {inputs.error !== undefined && <ErrorBox error={inputs.error} />}
      {processId && !inputs.variables && inputs.error === undefined && <Loading />}
      {inputs.variables && inputs.variables.length === 0 && (
        <p class="res-muted">This process has no input variable to receive the call.</p>
      )}
      {inputs.variables && inputs.variables.length > 0 && (
        <div class="res-row">
          {BINDING_PARTS.map(([part, label]) => (
            <Field key={part} label={`${label} goes to`}>
              <select
                value={targets[part] ?? ''}
                onChange={(event) => setTargets({ ...targets, [part]: event.currentTarget.value })}
              >
                <option value="">(not passed)</option>
                {inputs.variables!.map((variable) => (
                  <option key={variable.id} value={variable.id}>
                    {variable.name}
                  </option>
                ))}
              </select>
            </Field>
          ))}
        </div>
      )}
      <ErrorBox error={bind.error} />
      <div class="res-form-actions">
        <button type="submit" disabled={!processId || bind.busy}>
          {bind.busy ? 'Binding…' : 'Bind'}
        </button>
      </div>
    </form>
  );
}

function Bindings({ webhook }: { webhook: Webhook }) {
  const used = useApi<ProcessReference[]>(`/api/Webhooks/${webhook.id}/used`);
  const unbind = useAction(async (process: ProcessReference) => {
    const flow = await loadFlow(process.id);
    await api('/api/Projects', {
      method: 'PUT',
      body: { ...flow, webhooks: (flow.webhooks ?? []).filter((b) => b.webhookId !== webhook.id) },
    });
    used.reload();
  });
  return (
    <div data-testid="webhook-bindings">
      <h3>Processes started by this webhook</h3>
      <p class="res-hint">
        Each call starts one instance of every bound process that is active and valid. Binding or
        unbinding saves a new version of the process.
      </p>
      <ErrorBox error={unbind.error} />
      <Async state={used}>
        {(processes) => (
          <DataTable
            testId="webhook-bound-processes"
            rows={processes}
            rowKey={(p) => p.id}
            empty="No process is bound to this webhook yet: calls to it start nothing."
            columns={[
              { header: 'Process', cell: (p) => p.title },
              {
                header: '',
                cell: (p) => (
                  <button
                    type="button"
                    disabled={unbind.busy}
                    aria-label={`Unbind ${p.title}`}
                    onClick={() => void unbind.invoke(p)}
                  >
                    Unbind
                  </button>
                ),
              },
            ]}
          />
        )}
      </Async>
      <BindForm webhook={webhook} onBound={used.reload} />
    </div>
  );
}

function CallUrl({ webhook }: { webhook: Webhook }) {
  const url = callUrl(webhook.id);
  return (
    <span class="res-url">
      <code data-testid="webhook-url">{url}</code>
      <CopyButton text={url} label="Copy URL" />
    </span>
  );
}

type Editing = { mode: 'create' } | { mode: 'edit'; webhook: Webhook } | null;

export function WebhooksPage() {
  const [editing, setEditing] = useState<Editing>(null);
  const [bindingsOf, setBindingsOf] = useState<Webhook | null>(null);
  const [created, setCreated] = useState<Webhook | null>(null);
  const webhooks = useApi<Page<Webhook>>('/api/Webhooks', { pageItemCount: 0 });
  return (
    <div class="res-page" data-testid="webhooks-page">
      <PageHeader title="Webhooks">
        <button
          type="button"
          class="primary"
          onClick={() => {
            setCreated(null);
            setEditing({ mode: 'create' });
          }}
        >
          New webhook
        </button>
      </PageHeader>
      <p class="res-hint">
        A webhook is called without authentication: any of GET, POST, PUT, PATCH or DELETE on its
        URL starts the processes bound to it, with the call's body, headers and query as inputs.
      </p>
      {created && (
        <div class="res-notice" role="status" data-testid="webhook-created">
          <p>
            Created "{created.name}". Call it at: <CallUrl webhook={created} />
          </p>
          <pre class="res-mono res-example">
            {`curl -X POST '${callUrl(created.id)}' -H 'content-type: application/json' -d '{}'`}
          </pre>
        </div>
      )}
      {editing && (
        <Panel
          title={editing.mode === 'edit' ? `Edit webhook "${editing.webhook.name}"` : 'New webhook'}
          onClose={() => setEditing(null)}
        >
          <WebhookForm
            key={editing.mode === 'edit' ? editing.webhook.id : 'new'}
            initial={draftOf(editing.mode === 'edit' ? editing.webhook : undefined)}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              if (editing.mode === 'create') setCreated(saved);
              setEditing(null);
              webhooks.reload();
            }}
          />
        </Panel>
      )}
      <Async state={webhooks}>
        {(page) => (
          <DataTable
            testId="webhooks-table"
            rows={page.pageItems}
            rowKey={(w) => w.id}
            empty="No webhook in this workspace."
            columns={[
              { header: 'Name', cell: (w) => <strong>{w.name}</strong> },
              { header: 'Call URL', cell: (w) => <CallUrl webhook={w} /> },
              {
                header: 'Payload',
                cell: (w) =>
                  `${w.type === WebhookType.Manual ? 'data model' : 'from sample'}${
                    w.payloadIsList ? ', list' : ''
                  }`,
              },
              {
                header: 'Response',
                cell: (w) =>
                  w.customResponseConfig ? (
                    <Badge tone="info">custom</Badge>
                  ) : (
                    <span class="res-muted">instance ids</span>
                  ),
              },
              {
                header: 'Dedupe',
                cell: (w) =>
                  w.dedupe ? (
                    <span class="res-mono">
                      {w.dedupe.path} ({w.dedupe.windowSeconds} s)
                    </span>
                  ) : (
                    <span class="res-muted">off</span>
                  ),
              },
              { header: 'Updated', cell: (w) => formatDate(w.updatedOn) },
              {
                header: 'Actions',
                cell: (w) => (
                  <span class="res-actions">
                    <button
                      type="button"
                      aria-label={`Edit ${w.name}`}
                      onClick={() => {
                        setCreated(null);
                        setEditing({ mode: 'edit', webhook: w });
                      }}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      aria-label={`Processes of ${w.name}`}
                      aria-pressed={bindingsOf?.id === w.id}
                      onClick={() => setBindingsOf(bindingsOf?.id === w.id ? null : w)}
                    >
                      Processes
                    </button>
                    <ConfirmDeleteButton
                      what={`webhook "${w.name}"`}
                      onConfirm={async () => {
                        await api(`/api/Webhooks/${w.id}`, { method: 'DELETE' });
                        if (bindingsOf?.id === w.id) setBindingsOf(null);
                        if (created?.id === w.id) setCreated(null);
                        webhooks.reload();
                      }}
                    />
                  </span>
                ),
              },
            ]}
          />
        )}
      </Async>
      {bindingsOf && (
        <Panel title={`Processes of "${bindingsOf.name}"`} onClose={() => setBindingsOf(null)}>
          <Bindings key={bindingsOf.id} webhook={bindingsOf} />
        </Panel>
      )}
    </div>
  );
}
