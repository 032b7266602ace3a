// The console's only way to the server: the public API, cookie mode, the selected workspace.

export interface ApiErrorDetail {
  statusCode?: number;
  value?: string;
  target?: string;
}

/** An API answer that was not 2xx, carrying the server's own message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly details: ApiErrorDetail[],
    message: string,
  ) {
    super(message);
  }
}

type QueryValue = string | number | boolean | undefined | null;

export interface ApiRequest {
  method?: string;
  /** JSON-encoded unless it is FormData, URLSearchParams or a string. */
  body?: unknown;
  /** An array value repeats the parameter (`filterStatus=15&filterStatus=20`). */
  query?: Record<string, QueryValue | QueryValue[]>;
  headers?: Record<string, string>;
}

/** Sent on every call: selects cookie mode (API.md §1.1) and names the caller. */
export const REQUESTED_BY = 'sluice-console';

let workspaceId: string | undefined;
let onSignedOut: (() => void) | undefined;

/** The workspace every later call works in (header `workspaceId`); undefined = personal. */
export function selectWorkspace(id: string | undefined): void {
  workspaceId = id;
}

export function selectedWorkspace(): string | undefined {
  return workspaceId;
}

/** Called when the server no longer accepts the session (401/403 on an authenticated call). */
export function whenSignedOut(listener: () => void): void {
  onSignedOut = listener;
}

export function apiUrl(path: string, query?: ApiRequest['query']): string {
  const params = new URLSearchParams();
  for (const [name, given] of Object.entries(query ?? {})) {
    for (const value of Array.isArray(given) ? given : [given])
      if (value !== undefined && value !== null && value !== '') params.append(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export async function api<T = unknown>(path: string, request: ApiRequest = {}): Promise<T> {
  const response = await exchange(path, request);
  const parsed = await readBody(response);
  if (!response.ok) throw failure(path, response.status, parsed);
  return parsed as T;
}

/** A file the API answers with raw bytes (`GET /api/File/download`), and its name. */
export async function apiDownload(
  path: string,
  request: ApiRequest = {},
): Promise<{ blob: Blob; fileName: string | null }> {
  const response = await exchange(path, request);
  if (!response.ok) throw failure(path, response.status, await readBody(response));
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return {
    blob: await response.blob(),
    fileName: encoded ? decodeURIComponent(encoded) : (plain ?? null),
  };
}

/** Sends the request, renewing the session once if the server no longer takes the access cookie. */
async function exchange(path: string, request: ApiRequest): Promise<Response> {
  const response = await send(path, request);
  if (isSignInRoute(path) || !(await sessionRefused(response))) return response;
  // The access cookie lives 30 minutes (the browser then drops it); the refresh cookie renews
  // it without a new sign-in.
  return (await refreshSession()) ? send(path, request) : response;
}

function isSignInRoute(path: string): boolean {
  return path.toLowerCase().includes('/api/authentication');
}

function failure(path: string, status: number, body: unknown): ApiError {
  const error = toApiError(status, body);
  if (!isSignInRoute(path) && endsSession(error)) onSignedOut?.();
  return error;
}

function send(path: string, request: ApiRequest): Promise<Response> {
  const headers: Record<string, string> = {
    'x-requested-by': REQUESTED_BY,
    accept: 'application/json',
    ...request.headers,
  };
  if (workspaceId && !('workspaceId' in headers)) headers.workspaceId = workspaceId;
  let body: BodyInit | undefined;
  if (request.body instanceof FormData || request.body instanceof URLSearchParams) {
    body = request.body;
  } else if (typeof request.body === 'string') {
    body = request.body;
    headers['content-type'] ??= 'text/plain';
  } else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] = 'application/json';
  }
  return fetch(apiUrl(path, request.query), {
    method: request.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    credentials: 'same-origin',
  });
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** An answer that refuses the session itself, not the operation (API.md §2.2). */
async function sessionRefused(response: Response): Promise<boolean> {
  if (response.status !== 401 && response.status !== 403) return false;
  const body = await readBody(response.clone());
  const details = Array.isArray(body) ? (body as ApiErrorDetail[]) : [];
  return endsSession(new ApiError(response.status, details, ''));
}

/**
 * Whether an error means the session is gone: no credentials (401, except a workspace the user
 * cannot use) or a refused token (403 `token`). A 403 for an operation the role may not do keeps
 * the user signed in.
 */
function endsSession(error: ApiError): boolean {
  const targets = error.details.map((detail) => detail.target);
  if (error.status === 401) return !targets.includes('workspace');
  return error.status === 403 && targets.includes('token');
}

let refreshing: Promise<boolean> | undefined;

/** Renews the access cookie from the refresh cookie; concurrent callers share one attempt. */
function refreshSession(): Promise<boolean> {
  refreshing ??= fetch('/api/Authentication/refreshToken', {
    method: 'POST',
    headers: { 'x-requested-by': REQUESTED_BY, accept: 'application/json' },
    credentials: 'same-origin',
  })
    .then((response) => response.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

function toApiError(status: number, body: unknown): ApiError {
  if (Array.isArray(body)) {
    const details = body.filter((d): d is ApiErrorDetail => typeof d === 'object' && d !== null);
    const message = details
      .map((d) => (d.target ? `${d.value ?? 'Error'} (${d.target})` : (d.value ?? 'Error')))
      .join('; ');
    return new ApiError(status, details, message || `Request failed (${status})`);
  }
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const message =
      (typeof record.error_description === 'string' && record.error_description) ||
      (typeof record.message === 'string' && record.message) ||
      (typeof record.error === 'string' && record.error) ||
      `Request failed (${status})`;
    return new ApiError(status, [], message);
  }
  if (typeof body === 'string' && body.trim()) return new ApiError(status, [], body.trim());
  return new ApiError(status, [], `Request failed (${status})`);
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
