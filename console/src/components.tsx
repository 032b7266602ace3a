// Pieces the process and instance pages share: status badges, the activation switch, paging,
// validation errors, JSON blocks, two-step confirmation and polling.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, apiDownload, ApiError, type ApiErrorDetail } from './api';
import { ErrorBox, useAction } from './ui';
import {
  actionStatusName,
  actionTone,
  displayValue,
  instanceStatusName,
  instanceTone,
  type Flow,
} from './model';

export function StatusBadge({ status }: { status: number }) {
  return (
    <span class={`badge badge-${instanceTone(status)}`} data-status={status}>
      {instanceStatusName(status)}
    </span>
  );
}

export function ActionStatusBadge({ status }: { status: number | undefined }) {
  return (
    <span class={`badge badge-${actionTone(status)}`} data-status={status}>
      {actionStatusName(status)}
    </span>
  );
}

export function Badge({
  tone,
  children,
}: {
  tone: 'ok' | 'bad' | 'busy' | 'idle';
  children: ComponentChildren;
}) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

/** The process's `active` flag (API.md §3.1.2), switched with `toggle-activation`. */
export function ActivationSwitch({
  processId,
  title,
  active,
  onChange,
}: {
  processId: string;
  title: string;
  active: boolean;
  onChange: (active: boolean) => void;
}) {
  const toggle = useAction(async (next: boolean) => {
    const answer = await api<{ id: string; active: boolean }>(
      `/api/Projects/${processId}/toggle-activation`,
      { method: 'PATCH', headers: { state: String(next) } },
    );
    onChange(answer.active);
  });
  return (
    <span class="switch-cell">
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          aria-label={`Active: ${title}`}
          checked={active}
          aria-checked={active}
          disabled={toggle.busy}
          onChange={(event) => void toggle.invoke(event.currentTarget.checked)}
        />
        <span class="switch-track" aria-hidden="true" />
        <span class="switch-label">{active ? 'Active' : 'Inactive'}</span>
      </label>
      <ErrorBox error={toggle.error} />
    </span>
  );
}

export function Pager({
  pageNumber,
  pageSize,
  total,
  noun,
  onPage,
}: {
  pageNumber: number;
  pageSize: number;
  total: number;
  noun: string;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={pageNumber <= 1} onClick={() => onPage(pageNumber - 1)}>
        Previous
      </button>
      <span>
        Page {Math.min(pageNumber, pages)} of {pages} · {total} {noun}
      </span>
      <button type="button" disabled={pageNumber >= pages} onClick={() => onPage(pageNumber + 1)}>
        Next
      </button>
    </nav>
  );
}

/** Names a validation target (API.md §3.9) after the flow's own actions and variables. */
export function describeTarget(target: string | undefined, flow: Partial<Flow> | null): string {
  if (!target) return '';
  const [head = '', setting] = target.split('.');
  const action = flow?.actions?.find((a) => a.id === head);
  if (action) {
    const name = action.actionName || action.actionTemplateName || 'action';
    return setting ? `${name}, setting ${setting}` : name;
  }
  const variable = flow?.variables?.find((v) => v.id === head);
  if (variable) return `variable ${variable.name}`;
  for (const candidate of flow?.actions ?? []) {
    if (candidate.ports?.some((port) => port.id === head))
      return `an edge of ${candidate.actionName || 'an action'}`;
  }
  return target;
}

/** The error items of a failed save or validation, each naming what it is about. */
export function ValidationErrors({
  error,
  flow,
  onSelect,
}: {
  error: unknown;
  flow: Partial<Flow> | null;
  onSelect?: (detail: ApiErrorDetail) => void;
}) {
  if (!(error instanceof ApiError) || error.details.length === 0) return <ErrorBox error={error} />;
  return (
    <div class="error validation-errors" role="alert">
      <p>
        {error.details.length === 1
          ? 'The server reported 1 problem:'
          : `The server reported ${error.details.length} problems:`}
      </p>
      <ul>
        {error.details.map((detail, index) => (
          <li key={index} data-target={detail.target}>
            <span class="validation-message">{detail.value}</span>
            {detail.target && (
              <>
                {' — '}
                {onSelect ? (
                  <button type="button" class="link-button" onClick={() => onSelect(detail)}>
                    {describeTarget(detail.target, flow)}
                  </button>
                ) : (
                  <span>{describeTarget(detail.target, flow)}</span>
                )}
              </>
            )}
            {detail.statusCode !== undefined && (
              <span class="muted"> (code {detail.statusCode})</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function JsonBlock({ value }: { value: unknown }) {
  return <pre class="json-block">{displayValue(value)}</pre>;
}

interface StoredFile {
  name: string;
  path: string;
}

/** A File value whose bytes the server holds (API.md §4.3: `path` is set once uploaded). */
function storedFiles(value: unknown): StoredFile[] {
  const candidates = Array.isArray(value) ? value : [value];
  return candidates.filter(
    (item): item is StoredFile =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as StoredFile).path === 'string' &&
      (item as StoredFile).path !== '' &&
      typeof (item as StoredFile).name === 'string',
  );
}

/** Saves a stored file through `GET /api/File/download` (the session cookie cannot ride a link). */
async function download(file: StoredFile): Promise<void> {
  const { blob, fileName } = await apiDownload('/api/File/download', {
    query: { isArchived: false },
    headers: { uploadFilePath: file.path },
  });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName ?? file.name;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A variable's value: JSON, plus a download button for each stored file in it. */
export function ValueView({ value }: { value: unknown }) {
  const files = storedFiles(value);
  const save = useAction(download);
  return (
    <>
      <JsonBlock value={value} />
      {files.map((file) => (
        <button
          key={file.path}
          type="button"
          class="small-button"
          disabled={save.busy}
          onClick={() => void save.invoke(file)}
        >
          Download {file.name}
        </button>
      ))}
      <ErrorBox error={save.error} />
    </>
  );
}

/** A destructive button that asks once more in place (no modal dialog to dismiss). */
export function ConfirmButton({
  label,
  question,
  busy,
  onConfirm,
}: {
  label: string;
  question: string;
  busy?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" class="danger" disabled={busy} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        class="danger"
        disabled={busy}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Yes, {label.toLowerCase()}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/**
 * Calls `tick` every `intervalMs` while `enabled` and the page is visible; a hidden tab polls
 * nothing and catches up at once when shown again.
 */
export function usePolling(tick: () => void, intervalMs: number, enabled: boolean): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      if (timer === undefined) timer = setInterval(() => latest.current(), intervalMs);
    };
    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') {
        latest.current();
        start();
      } else stop();
    };
    if (document.visibilityState === 'visible') start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [intervalMs, enabled]);
}
