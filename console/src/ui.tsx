// Building blocks every console page shares: loading and error states, data fetching, forms.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, errorMessage, type ApiRequest } from './api';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (null = not yet) and again whenever `path`, the query or `reload()` changes. */
export function useApi<T>(path: string | null, query?: ApiRequest['query']): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
    loading: path !== null,
  });
  const [generation, setGeneration] = useState(0);
  const queryKey = JSON.stringify(query ?? {});
  useEffect(() => {
    if (path === null) return;
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    api<T>(path, { query }).then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
    // `query` counts through queryKey: the object itself is new on every render.
  }, [path, queryKey, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Runs an action (a button's click), keeping its busy and error state for the view. */
export function useAction<A extends unknown[], R>(
  run: (...args: A) => Promise<R>,
): {
  busy: boolean;
  error: unknown;
  invoke: (...args: A) => Promise<R | undefined>;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const invoke = async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      return await run(...args);
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, invoke, clear: () => setError(undefined) };
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="loading" role="status" aria-live="polite">
      {label}
    </div>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <div class="error" role="alert">
      {errorMessage(error)}
    </div>
  );
}

/** The usual trio: a spinner while loading, the error if it failed, else the content. */
export function Async<T>({
  state,
  children,
}: {
  state: Loaded<T>;
  children: (data: T) => ComponentChildren;
}) {
  if (state.error !== undefined) return <ErrorBox error={state.error} />;
  if (state.data === undefined) return <Loading />;
  return <>{children(state.data)}</>;
}

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <header class="page-header">
      <h1>{title}</h1>
      <div class="page-actions">{children}</div>
    </header>
  );
}

export function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      {children}
    </label>
  );
}

export function formatDate(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}
