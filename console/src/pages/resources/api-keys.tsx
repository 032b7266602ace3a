// The API keys page (API.md §10): the signed-in user's keys in the selected workspace, create (the
// value is shown once, right after creation), revoke one or all. The API has no rename or
// deactivation: a key is used or revoked.
import { useState } from 'preact/hooks';
import { api, selectedWorkspace } from '../../api';
import { Async, ErrorBox, PageHeader, formatDate, useAction, useApi } from '../../ui';
import { ConfirmDeleteButton, CopyButton, DataTable, Panel } from './common';
import './resources.css';

interface ApiKey {
  id: string;
  /** Sent as header `key`. */
  name: string;
  lastAccessed: string | null;
}

interface NewApiKey extends ApiKey {
  /** Sent as header `value`; the API answers it only at creation. */
  value: string;
}

/** How a client presents the key, ready to paste. */
function usageExample(key: NewApiKey): string {
  const workspace = selectedWorkspace();
  return [
    `curl '${window.location.origin}/api/Status' \\`,
    `  -H 'key: ${key.name}' \\`,
    `  -H 'value: ${key.value}'${workspace ? ' \\' : ''}`,
    ...(workspace ? [`  -H 'workspaceId: ${workspace}'`] : []),
  ].join('\n');
}

function NewKeyPanel({ apiKey, onDismiss }: { apiKey: NewApiKey; onDismiss: () => void }) {
  return (
    <Panel title="New API key" testId="new-api-key">
      <p class="res-warning" role="alert">
        Copy the value now: it is shown only this once. Sluice keeps only a hash of it, so it cannot
        be shown again; if it is lost, revoke the key and create another.
      </p>
      <dl class="res-secret-pair">
        <dt>
          Key (header <code>key</code>)
        </dt>
        <dd>
          <code data-testid="new-api-key-name">{apiKey.name}</code>
          <CopyButton text={apiKey.name} label="Copy key" />
        </dd>
        <dt>
          Value (header <code>value</code>)
        </dt>
        <dd>
          <code data-testid="new-api-key-value">{apiKey.value}</code>
          <CopyButton text={apiKey.value} label="Copy value" />
        </dd>
      </dl>
      <p class="res-hint">Use it like this (a shared workspace also needs its workspaceId):</p>
      <pre class="res-mono res-example">{usageExample(apiKey)}</pre>
      <div class="res-form-actions">
        <button type="button" class="primary" onClick={onDismiss}>
          I have stored the value
        </button>
      </div>
    </Panel>
  );
}

export function ApiKeysPage() {
  const keys = useApi<ApiKey[]>('/api/ApiKey');
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const create = useAction(async () => {
    setCreated(await api<NewApiKey>('/api/ApiKey', { method: 'POST' }));
    keys.reload();
  });
  return (
    <div class="res-page" data-testid="api-keys-page">
      <PageHeader title="API keys">
        <button
          type="button"
          class="primary"
          disabled={create.busy}
          onClick={() => void create.invoke()}
        >
          {create.busy ? 'Creating…' : 'Create API key'}
        </button>
      </PageHeader>
      <p class="res-hint">
        An API key lets a script or another system call the API as you, with your role, in this
        workspace. Send its name as header <code>key</code> and its value as header{' '}
        <code>value</code>. You may hold up to 25 keys per workspace.
      </p>
      <ErrorBox error={create.error} />
      {created && <NewKeyPanel apiKey={created} onDismiss={() => setCreated(null)} />}
      <Async state={keys}>
        {(list) => (
          <>
            <DataTable
              testId="api-keys-table"
              rows={list}
              rowKey={(k) => k.id}
              empty="You have no API key in this workspace."
              columns={[
                { header: 'Key', cell: (k) => <code>{k.name}</code> },
                {
                  header: 'Last used',
                  cell: (k) => (k.lastAccessed ? formatDate(k.lastAccessed) : 'never'),
                },
                {
                  header: 'Actions',
                  cell: (k) => (
                    <ConfirmDeleteButton
                      label="Revoke"
                      what={`key ${k.name}`}
                      onConfirm={async () => {
                        await api(`/api/ApiKey/${k.id}`, { method: 'DELETE' });
                        if (created?.id === k.id) setCreated(null);
                        keys.reload();
                      }}
                    />
                  ),
                },
              ]}
            />
            {list.length > 1 && (
              <div class="res-form-actions">
                <ConfirmDeleteButton
                  label="Revoke"
                  what={`all ${list.length} keys`}
                  onConfirm={async () => {
                    await api('/api/ApiKey', { method: 'DELETE' });
                    setCreated(null);
                    keys.reload();
                  }}
                />
              </div>
            )}
          </>
        )}
      </Async>
    </div>
  );
}
