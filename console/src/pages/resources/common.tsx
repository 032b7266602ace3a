// Building blocks the resource pages (schedules, webhooks, credentials, data types, API keys,
// usage) share: a table, a form panel, a two-step delete, a copy button and the process picker.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox, Field, Loading, useAction, useApi } from '../../ui';
import './resources.css';

/** The pagination envelope of API.md §0.5. */
export interface Page<T> {
  totalItemCount: number;
  pageNumber: number;
  pageItemCount: number;
  pageItems: T[];
}

/** A row of `GET /api/Projects` (the fields the resource pages use). */
export interface ProcessSummary {
  id: string;
  title: string;
  active: boolean;
  isValid: boolean;
}

export interface Column<T> {
  header: string;
  cell: (row: T) => ComponentChildren;
  /** Extra class on the column's cells, e.g. `num` for right-aligned figures. */
  class?: string;
}

/** A plain table; each row carries `data-testid="<testId>-row"` and its key as `data-key`. */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  empty,
  testId,
  caption,
}: {
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  empty: string;
  testId: string;
  caption?: string;
}) {
  if (rows.length === 0)
    return (
      <p class="res-empty" data-testid={`${testId}-empty`}>
        {empty}
      </p>
    );
  return (
    <div class="res-table-wrap">
      <table class="res-table" data-testid={testId}>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} class={column.class} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} data-testid={`${testId}-row`} data-key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.header} class={column.class}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A titled form area shown above the list while creating or editing one resource. */
export function Panel({
  title,
  onClose,
  children,
  testId,
}: {
  title: string;
  onClose?: () => void;
  children: ComponentChildren;
  testId?: string;
}) {
  return (
    <section class="res-panel" aria-label={title} data-testid={testId}>
      <header class="res-panel-header">
        <h2>{title}</h2>
        {onClose && (
          <button type="button" class="res-link" onClick={onClose} aria-label={`Close ${title}`}>
            Close
          </button>
        )}
      </header>
      {children}
    </section>
  );
}

/**
 * A form whose submit runs `onSubmit` once at a time, shows the server's error and disables its
 * buttons meanwhile. `onSubmit` throws (an ApiError) to keep the form open with the message.
 */
export function ResourceForm({
  onSubmit,
  onCancel,
  submitLabel,
  children,
  testId,
  extraActions,
}: {
  onSubmit: () => Promise<unknown>;
  onCancel?: () => void;
  submitLabel: string;
  children: ComponentChildren;
  testId?: string;
  extraActions?: ComponentChildren;
}) {
  const save = useAction(onSubmit);
  return (
    <form
      class="res-form"
      data-testid={testId}
      onSubmit={(event) => {
        event.preventDefault();
        void save.invoke();
      }}
    >
      {children}
      <ErrorBox error={save.error} />
      <div class="res-form-actions">
        <button type="submit" class="primary" disabled={save.busy}>
          {save.busy ? 'Saving…' : submitLabel}
        </button>
        {extraActions}
        {onCancel && (
          <button type="button" onClick={onCancel} disabled={save.busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/**
 * Delete in two clicks: the first asks, the second runs `onConfirm`. A refusal (e.g. "in use by")
 * stays visible next to the button.
 */
export function ConfirmDeleteButton({
  label = 'Delete',
  what,
  onConfirm,
}: {
  label?: string;
  /** Names the thing in the question, e.g. `schedule "Nightly"`. */
  what: string;
  onConfirm: () => Promise<unknown>;
}) {
  const [asking, setAsking] = useState(false);
  const remove = useAction(onConfirm);
  if (!asking)
    return (
      <span class="res-delete">
        <button
          type="button"
          class="danger"
          onClick={() => {
            remove.clear();
            setAsking(true);
          }}
          aria-label={`${label} ${what}`}
        >
          {label}
        </button>
        <ErrorBox error={remove.error} />
      </span>
    );
  return (
    <span class="res-delete" role="group" aria-label={`Confirm: ${label.toLowerCase()} ${what}`}>
      <span class="res-confirm-question">
        {label} {what}?
      </span>
      <button
        type="button"
        class="danger"
        disabled={remove.busy}
        onClick={async () => {
          await remove.invoke();
          setAsking(false);
        }}
      >
        Yes, {label.toLowerCase()}
      </button>
      <button type="button" disabled={remove.busy} onClick={() => setAsking(false)}>
        No
      </button>
    </span>
  );
}

/** Copies `text` to the clipboard; falls back to selecting a hidden field where the API is absent. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      class="res-copy"
      onClick={() =>
        copyText(text).then(
          () => setState('copied'),
          () => setState('failed'),
        )
      }
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text' : label}
    </button>
  );
}

/** Loads every process of the workspace, by title (the API's order). */
export function useProcesses() {
  return useApi<Page<ProcessSummary>>('/api/Projects');
}

/** A `<select>` of the workspace's processes; `anyLabel` adds a first option meaning "none/all". */
export function ProcessPicker({
  value,
  onChange,
  label = 'Process',
  anyLabel,
  required,
}: {
  value: string;
  onChange: (processId: string) => void;
  label?: string;
  anyLabel?: string;
  required?: boolean;
}) {
  const processes = useProcesses();
  if (processes.error !== undefined) return <ErrorBox error={processes.error} />;
  if (!processes.data) return <Loading label="Loading processes…" />;
  const items = processes.data.pageItems;
  return (
    <Field label={label}>
      <select
        value={value}
        required={required}
        onChange={(event) => onChange(event.currentTarget.value)}
      >
        {anyLabel !== undefined ? (
          <option value="">{anyLabel}</option>
        ) : (
          <option value="" disabled>
            {items.length === 0 ? 'No process in this workspace' : 'Choose a process'}
          </option>
        )}
        {items.map((process) => (
          <option key={process.id} value={process.id}>
            {process.title}
            {process.active ? '' : ' (inactive)'}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Built-in data types by id (API.md §6.1), to name a variable's or attribute's type. */
export const BUILT_IN_TYPE_NAMES: Record<string, string> = {
  '0317bfee-b2f5-4bde-bfe8-121212121210': 'Boolean',
  '0317bfee-b2f5-4bde-bfe8-121212121211': 'Integer',
  '0317bfee-b2f5-4bde-bfe8-121212121212': 'Float',
  '0317bfee-b2f5-4bde-bfe8-121212121213': 'Double',
  '0317bfee-b2f5-4bde-bfe8-121212121214': 'String',
  '0317bfee-b2f5-4bde-bfe8-121212121218': 'DateTime',
  '0317bfee-b2f5-4bde-bfe8-121212121222': 'Guid',
  '0317bfee-b2f5-4bde-bfe8-121212121220': 'Json',
  '0317bfee-b2f5-4bde-bfe8-121212121221': 'Object',
  '10c6ac59-3929-49e6-99dc-121212121219': 'File',
};

/** A process variable as `GET /api/Projects/{id}` answers it (the fields used here). */
export interface FlowVariable {
  id: string;
  name: string;
  dataType: string;
  /** Input 10, process 20, output 30. */
  type: number;
  isList?: boolean | null;
  isRequired?: boolean | null;
  defaultValue?: unknown;
}

export interface FlowDocument {
  id: string;
  title: string;
  variables?: FlowVariable[] | null;
  webhooks?: WebhookBindingDto[] | null;
  [property: string]: unknown;
}

/** A webhook binding inside a flow document (API.md §5.3). */
export interface WebhookBindingDto {
  id?: string | null;
  webhookId: string;
  webhookVariables?: { variableId: string; variableType: number }[] | null;
  variableId?: string | null;
  isObsoleted?: boolean | null;
  filterRules?: unknown;
}

export async function loadFlow(processId: string): Promise<FlowDocument> {
  const answer = await api<{ flow: FlowDocument }>(`/api/Projects/${processId}`);
  return answer.flow;
}

export const INPUT_VARIABLE = 10;

/**
 * A random (v4) GUID. `crypto.randomUUID` exists only in secure contexts, and a self-hosted
 * console is often reached over plain HTTP on a LAN address; `getRandomValues` works everywhere.
 */
export function newGuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Milliseconds as a short human figure: 850 ms, 12.4 s, 3.2 min. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** A small status word with a colour class: on/off, ok/failed. */
export function Badge({
  tone,
  children,
}: {
  tone: 'ok' | 'off' | 'bad' | 'info';
  children: string;
}) {
  return <span class={`res-badge res-badge-${tone}`}>{children}</span>;
}
