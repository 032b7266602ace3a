// The credentials page (API.md §7): list (optionally by template), create and edit with a form
// built from the template's properties, file uploads, "Test connection", delete. Secrets are typed
// in password fields and only ever come back from the API masked ("********").
import { useState } from 'preact/hooks';
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
import { Badge, ConfirmDeleteButton, DataTable, Panel, ResourceForm, newGuid } from './common';
import './resources.css';

interface TemplateProperty {
  id: string;
  label: string;
  placeholder: string;
  type: string;
  tooltip: string;
  isTest: boolean;
  order: number;
  validations: { isRequired: boolean; expects: number };
  /** Width on a 12-column grid. */
  layout: { columns: number } | null;
  condition: { dependencyId: string; operator: string; value: string | string[] } | null;
  disabled: boolean;
  options: { name: string; value: string }[];
  isSecret: boolean;
}

interface Template {
  gid: string;
  name: string;
  type: string;
  properties: TemplateProperty[];
}

interface CredentialSummary {
  gid: string;
  gtid: string;
  name: string;
  tname: string;
  type: string;
  status: boolean;
  description: string | null;
  updatedOn: string;
}

interface Credential extends CredentialSummary {
  properties: { id: string; value: unknown }[];
}

interface ProbeAnswer {
  isSuccess: boolean;
  message: string;
}

/** What the API answers in place of a stored secret; sent back, it keeps the stored value. */
const SECRET_MASK = '********';
/** validations.expects */
const EXPECTS_URI = 1;
const EXPECTS_HOSTNAME = 2;

type Values = Record<string, unknown>;

interface CredentialDraft {
  gid: string;
  /** Whether `gid` is already stored (edit) or chosen here for a new credential. */
  stored: boolean;
  gtid: string;
  name: string;
  description: string;
  values: Values;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Whether a property is shown: its condition holds, and so does its dependency's, recursively. */
function isShown(
  template: Template,
  values: Values,
  property: TemplateProperty,
  depth = 0,
): boolean {
  const condition = property.condition;
  if (!condition) return true;
  if (depth > template.properties.length) return false;
  const dependency = template.properties.find((p) => same(p.id, condition.dependencyId));
  if (!dependency || !isShown(template, values, dependency, depth + 1)) return false;
  const actual = values[dependency.id];
  if (actual === undefined || actual === null || typeof actual === 'object') return false;
  const expected = Array.isArray(condition.value) ? condition.value : [condition.value];
  return expected.some((v) => same(String(v), String(actual)));
}

function orderedProperties(template: Template): TemplateProperty[] {
  return [...template.properties].sort((a, b) => a.order - b.order);
}

/** The property's width, at least a quarter row so labels stay readable. */
function columnsOf(property: TemplateProperty): number {
  return Math.min(12, Math.max(3, property.layout?.columns ?? 12));
}

function isSecret(property: TemplateProperty): boolean {
  return property.isSecret || property.type === 'password';
}

/** The credential body: the shown properties only, so a switched-away method leaves nothing behind. */
function credentialBody(draft: CredentialDraft, template: Template) {
  return {
    gid: draft.gid,
    gtid: draft.gtid,
    name: draft.name.trim(),
    description: draft.description,
    properties: orderedProperties(template)
      .filter((property) => isShown(template, draft.values, property))
      .map((property) => ({
        id: property.id,
        value:
          property.type === 'checkbox'
            ? Boolean(draft.values[property.id])
            : (draft.values[property.id] ?? ''),
      })),
  };
}

function FileProperty({
  property,
  credentialId,
  value,
  onChange,
}: {
  property: TemplateProperty;
  credentialId: string;
  value: unknown;
  onChange: (path: string) => void;
}) {
  const upload = useAction(async (file: File) => {
    const form = new FormData();
    form.append('package', file, file.name);
    const path = await api<string>(`/api/Credentials/upload/${credentialId}`, { body: form });
    onChange(path);
  });
  return (
    <div class="field">
      <span class="field-label">
        {property.label}
        {property.validations.isRequired && ' *'}
      </span>
      <input
        type="file"
        aria-label={`Upload ${property.label}`}
        disabled={upload.busy}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) void upload.invoke(file);
        }}
      />
      {upload.busy && <Loading label="Uploading…" />}
      <span class="res-muted res-mono">
        {typeof value === 'string' && value ? `Stored as ${value}` : 'No file uploaded yet'}
      </span>
      <ErrorBox error={upload.error} />
    </div>
  );
}

function PropertyInput({
  property,
  credentialId,
  value,
  onChange,
}: {
  property: TemplateProperty;
  credentialId: string;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const label = `${property.label}${property.validations.isRequired ? ' *' : ''}`;
  const text = value === undefined || value === null ? '' : String(value);
  const title = property.tooltip || undefined;
  if (property.type === 'file')
    return (
      <FileProperty
        property={property}
        credentialId={credentialId}
        value={value}
        onChange={onChange}
      />
    );
  if (property.type === 'checkbox')
    return (
      <label class="res-check" title={title}>
        <input
          type="checkbox"
          checked={value === true || value === 'true'}
          disabled={property.disabled}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
        {property.label}
      </label>
    );
  if (property.options.length > 0 && property.type === 'radio')
    return (
      <fieldset class="res-fieldset res-inline" title={title}>
        <legend>{label}</legend>
        {property.options.map((option) => (
          <label key={option.value} class="res-check">
            <input
              type="radio"
              name={property.id}
              checked={same(text, option.value)}
              disabled={property.disabled}
              onChange={() => onChange(option.value)}
            />
            {option.name}
          </label>
        ))}
      </fieldset>
    );
  if (property.options.length > 0)
    return (
      <Field label={label}>
        <select
          value={property.options.find((o) => same(o.value, text))?.value ?? ''}
          required={property.validations.isRequired}
          disabled={property.disabled}
          title={title}
          onChange={(event) => onChange(event.currentTarget.value)}
        >
          <option value="">{property.validations.isRequired ? 'Choose…' : '(default)'}</option>
          {property.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.name}
            </option>
          ))}
        </select>
      </Field>
    );
  if (isSecret(property))
    return (
      <>
        <Field label={label}>
          <input
            type="password"
            autocomplete="new-password"
            value={text}
            required={property.validations.isRequired}
            disabled={property.disabled}
            placeholder={property.placeholder}
            title={title}
            onInput={(event) => onChange(event.currentTarget.value)}
          />
        </Field>
        {text === SECRET_MASK && (
          <span class="res-hint">Stored. Leave it as is to keep it, or type a new value.</span>
        )}
      </>
    );
  return (
    <Field label={label}>
      <input
        inputMode={property.validations.expects === EXPECTS_URI ? 'url' : 'text'}
        value={text}
        required={property.validations.isRequired}
        disabled={property.disabled}
        placeholder={
          property.placeholder ||
          (property.validations.expects === EXPECTS_HOSTNAME ? 'host.example.com' : '')
        }
        title={title}
        onInput={(event) => onChange(event.currentTarget.value)}
      />
    </Field>
  );
}

function ProbeResult({ error, answer }: { error: unknown; answer: ProbeAnswer | undefined }) {
  if (error !== undefined)
    return (
      <div class="res-probe res-probe-failed" data-testid="credential-test-result">
        <strong>Connection failed.</strong> <ErrorBox error={error} />
      </div>
    );
  if (!answer) return null;
  return (
    <div class="res-probe res-probe-ok" role="status" data-testid="credential-test-result">
      <strong>{answer.isSuccess ? 'Connection works.' : 'Connection failed.'}</strong>{' '}
      {answer.message}
    </div>
  );
}

function CredentialForm({
  template,
  initial,
  onSaved,
  onCancel,
}: {
  template: Template;
  initial: CredentialDraft;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [probeAnswer, setProbeAnswer] = useState<ProbeAnswer | undefined>();
  const probe = useAction(async () => {
    setProbeAnswer(undefined);
    // A credential not stored yet is tested without its gid, so the server resolves nothing.
    const { gid, ...unsaved } = credentialBody(draft, template);
    setProbeAnswer(
      await api<ProbeAnswer>('/api/Credentials/test', {
        body: draft.stored ? { gid, ...unsaved } : unsaved,
      }),
    );
  });
  const shown = orderedProperties(template).filter((p) => isShown(template, draft.values, p));
  return (
    <ResourceForm
      testId="credential-form"
      submitLabel={draft.stored ? 'Save credential' : 'Create credential'}
      onCancel={onCancel}
      onSubmit={async () => {
        await api('/api/Credentials', {
          method: draft.stored ? 'PUT' : 'POST',
          body: credentialBody(draft, template),
        });
        onSaved();
      }}
      extraActions={
        <button type="button" disabled={probe.busy} onClick={() => void probe.invoke()}>
          {probe.busy ? 'Testing…' : 'Test connection'}
        </button>
      }
    >
      <div class="res-row">
        <Field label="Name *">
          <input
            value={draft.name}
            required
            onInput={(event) => setDraft({ ...draft, name: event.currentTarget.value })}
          />
        </Field>
        <Field label="Description">
          <input
            value={draft.description}
            onInput={(event) => setDraft({ ...draft, description: event.currentTarget.value })}
          />
        </Field>
      </div>
      <fieldset class="res-fieldset">
        <legend>{template.name} settings</legend>
        <div class="res-grid">
          {shown.map((property) => (
            <div
              key={property.id}
              class="res-grid-cell"
              style={{ gridColumn: `span ${columnsOf(property)}` }}
            >
              <PropertyInput
                property={property}
                credentialId={draft.gid}
                value={draft.values[property.id]}
                onChange={(value) =>
                  setDraft((d) => ({ ...d, values: { ...d.values, [property.id]: value } }))
                }
              />
            </div>
          ))}
        </div>
      </fieldset>
      <ProbeResult error={probe.error} answer={probeAnswer} />
    </ResourceForm>
  );
}

/** Loads the template (and, when editing, the credential) before showing the form. */
function CredentialEditor({
  templateId,
  credentialId,
  onSaved,
  onCancel,
}: {
  templateId: string;
  credentialId: string | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const template = useApi<Template>(`/api/Credentials/types/${templateId}`);
  const credential = useApi<Credential>(credentialId ? `/api/Credentials/${credentialId}` : null);
  const [newId] = useState(newGuid);
  if (template.error !== undefined) return <ErrorBox error={template.error} />;
  if (credential.error !== undefined) return <ErrorBox error={credential.error} />;
  if (!template.data || (credentialId && !credential.data)) return <Loading />;
  const stored = credential.data;
  const initial: CredentialDraft = stored
    ? {
        gid: stored.gid,
        stored: true,
        gtid: stored.gtid,
        name: stored.name,
        description: stored.description ?? '',
        values: Object.fromEntries(stored.properties.map((p) => [p.id, p.value])),
      }
    : { gid: newId, stored: false, gtid: templateId, name: '', description: '', values: {} };
  return (
    <CredentialForm
      template={template.data}
      initial={initial}
      onSaved={onSaved}
      onCancel={onCancel}
    />
  );
}

/** "Test" on a list row: tests the stored credential as it is (masked secrets resolve server-side). */
function RowTest({
  credential,
  onTested,
}: {
  credential: CredentialSummary;
  onTested: () => void;
}) {
  const [answer, setAnswer] = useState<ProbeAnswer | undefined>();
  const probe = useAction(async () => {
    setAnswer(undefined);
    const full = await api<Credential>(`/api/Credentials/${credential.gid}`);
    setAnswer(
      await api<ProbeAnswer>('/api/Credentials/test', {
        body: {
          gid: full.gid,
          gtid: full.gtid,
          name: full.name,
          description: full.description,
          properties: full.properties,
        },
      }),
    );
  });
  return (
    <span class="res-row-test">
      <button
        type="button"
        disabled={probe.busy}
        aria-label={`Test ${credential.name}`}
        onClick={() => void probe.invoke().finally(onTested)}
      >
        {probe.busy ? 'Testing…' : 'Test'}
      </button>
      <ProbeResult error={probe.error} answer={answer} />
    </span>
  );
}

type Editing = { templateId: string; credentialId: string | null } | null;

export function CredentialsPage() {
  const [templateFilter, setTemplateFilter] = useState('');
  const [newTemplate, setNewTemplate] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const templates = useApi<Template[]>('/api/Credentials/types');
  const credentials = useApi<CredentialSummary[]>(
    templateFilter ? `/api/Credentials/list/${templateFilter}` : '/api/Credentials',
  );
  const templateName = (id: string) => templates.data?.find((t) => same(t.gid, id))?.name ?? id;
  return (
    <div class="res-page" data-testid="credentials-page">
      <PageHeader title="Credentials" />
      <p class="res-hint">
        Connection settings the actions use. Secrets are encrypted on the server and never shown
        again: the form shows a stored secret as a masked field.
      </p>
      <Async state={templates}>
        {(list) => (
          <div class="res-toolbar">
            <Field label="Show">
              <select
                value={templateFilter}
                onChange={(event) => setTemplateFilter(event.currentTarget.value)}
              >
                <option value="">All types</option>
                {list.map((t) => (
                  <option key={t.gid} value={t.gid}>
                    {t.name}
                  </option>
                ))}
              </select>
            </Field>
            <form
              class="res-inline-form"
              onSubmit={(event) => {
                event.preventDefault();
                if (newTemplate) setEditing({ templateId: newTemplate, credentialId: null });
              }}
            >
              <Field label="New credential of type">
                <select
                  value={newTemplate}
                  onChange={(event) => setNewTemplate(event.currentTarget.value)}
                >
                  <option value="" disabled>
                    Choose a type
                  </option>
                  {list.map((t) => (
                    <option key={t.gid} value={t.gid}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </Field>
              <button type="submit" class="primary" disabled={!newTemplate}>
                New credential
              </button>
            </form>
          </div>
        )}
      </Async>
      {editing && (
        <Panel
          title={
            editing.credentialId
              ? 'Edit credential'
              : `New ${templateName(editing.templateId)} credential`
          }
          onClose={() => setEditing(null)}
        >
          <CredentialEditor
            key={`${editing.templateId}/${editing.credentialId ?? 'new'}`}
            templateId={editing.templateId}
            credentialId={editing.credentialId}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              credentials.reload();
            }}
          />
        </Panel>
      )}
      <Async state={credentials}>
        {(list) => (
          <DataTable
            testId="credentials-table"
            rows={list}
            rowKey={(c) => c.gid}
            empty="No credential here yet."
            columns={[
              { header: 'Name', cell: (c) => <strong>{c.name}</strong> },
              { header: 'Type', cell: (c) => c.tname },
              { header: 'Description', cell: (c) => c.description ?? '' },
              {
                header: 'Tested',
                cell: (c) =>
                  c.status ? <Badge tone="ok">works</Badge> : <Badge tone="off">not tested</Badge>,
              },
              { header: 'Updated', cell: (c) => formatDate(c.updatedOn) },
              {
                header: 'Actions',
                cell: (c) => (
                  <span class="res-actions">
                    <button
                      type="button"
                      aria-label={`Edit ${c.name}`}
                      onClick={() => setEditing({ templateId: c.gtid, credentialId: c.gid })}
                    >
                      Edit
                    </button>
                    <RowTest credential={c} onTested={credentials.reload} />
                    <ConfirmDeleteButton
                      what={`credential "${c.name}"`}
                      onConfirm={async () => {
                        await api(`/api/Credentials/${c.gid}`, { method: 'DELETE' });
                        if (editing?.credentialId === c.gid) setEditing(null);
                        credentials.reload();
                      }}
                    />
                  </span>
                ),
              },
            ]}
          />
        )}
      </Async>
    </div>
  );
}
