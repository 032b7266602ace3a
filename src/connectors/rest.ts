// Owns the REST API credential (API.md §7.2) as outbound requests use it: the base URL an endpoint
// is appended to, and each authentication method applied to a request (basic, API key in header
// and/or query, bearer, OAuth2 client credentials with a cached token, client certificate). Call
// API and the REST probe both call through here, so a credential behaves the same in both.
import { createHash } from 'node:crypto';
import type { ResolvedCredential } from '../credentials/resolved.js';
import {
  REST_VERBS,
  RestAuthMethods,
  RestProperties,
  RestTestMethods,
} from '../credentials/templates.js';
import {
  describeUrl,
  type ClientCertificate,
  type HttpClient,
  type HttpResponse,
  type RequestBody,
} from './http-client.js';
import type { CredentialProbe } from './probe.js';
import { httpClientFor } from './http-client.js';

/** A credential that cannot be used as it is, or whose token endpoint refused it. */
export class RestCredentialError extends Error {
  constructor(
    message: string,
    /** True when the same call may succeed later (the token endpoint failed on its side). */
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'RestCredentialError';
  }
}

export interface RestCall {
  method: string;
  /** Appended to the credential's URL; with no credential, the whole URL. */
  endpoint?: string;
  /** In order; a name may repeat. */
  query?: readonly (readonly [string, string])[];
  /** Sent as they are, after the credential's own headers (so they win over them). */
  headers?: Readonly<Record<string, string>>;
  body?: RequestBody | null;
  /** The body's length when it is a stream (so it is not sent chunked). */
  contentLength?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export interface RestDeps {
  client: HttpClient;
  /** The bytes of a credential file (certificate), or null when there is none. */
  readFile(path: string): Promise<Buffer | null>;
}

interface AppliedAuth {
  headers: Record<string, string>;
  query: [string, string][];
  clientCertificate?: ClientCertificate;
  /** Set when a cached token was used: a 401 drops it and the call is made once more. */
  cachedTokenKey?: string;
}

const TEXT_EXCERPT = 300;

function text(credential: ResolvedCredential, id: string): string {
  const value = credential.values.get(id);
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value.trim() : String(value).trim();
}

function flag(credential: ResolvedCredential, id: string): boolean {
  const value = credential.values.get(id);
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

function required(credential: ResolvedCredential, id: string, label: string): string {
  const value = text(credential, id);
  if (value === '')
    throw new RestCredentialError(`The credential "${credential.name}" has no ${label}.`);
  return value;
}

/** The endpoint appended to the base URL with exactly one `/` between them. */
export function joinUrl(base: string, endpoint: string): string {
  const path = endpoint.trim();
  if (path === '') return base;
  if (path.startsWith('?') || path.startsWith('#')) return base + path;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function withQuery(url: string, query: readonly (readonly [string, string])[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RestCredentialError(`"${url.slice(0, 200)}" is not a URL.`);
  }
  for (const [name, value] of query) parsed.searchParams.append(name, value);
  return parsed;
}

// --- OAuth2 client credentials ------------------------------------------------------------------

interface CachedToken {
  value: string;
  expiresAt: number;
}

/** Tokens by credential content: a changed secret or scope never reuses an old token. */
const tokens = new Map<string, CachedToken>();
/** A token is renewed this long before the peer says it expires. */
const TOKEN_MARGIN_MS = 30_000;
/** How long a token without `expires_in` is kept. */
const TOKEN_DEFAULT_LIFETIME_MS = 5 * 60_000;

function tokenKey(parts: string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > TEXT_EXCERPT ? `${flat.slice(0, TEXT_EXCERPT)}…` : flat;
}

async function fetchToken(
  credential: ResolvedCredential,
  call: RestCall,
  deps: RestDeps,
): Promise<{ value: string; lifetimeMs: number }> {
  const P = RestProperties;
  const tokenUrl = required(credential, P.ClientCredentialsTokenUrl, 'token URL');
  const clientId = required(credential, P.ClientCredentialsClientId, 'client id');
  const secret = required(credential, P.ClientCredentialsSecret, 'client secret');
  const scope = text(credential, P.ClientCredentialsScope);
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scope) form.set('scope', scope);
  const basic = Buffer.from(
    `${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`,
  ).toString('base64');
  const target = describeUrl(withQuery(tokenUrl, []));
  const post = (body: string, headers: Record<string, string>) =>
    deps.client.request({
      method: 'POST',
      url: tokenUrl,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...headers,
      },
      body,
      ...(call.signal ? { signal: call.signal } : {}),
      ...(call.timeoutMs ? { timeoutMs: call.timeoutMs } : {}),
      maxResponseBytes: 1024 * 1024,
    });
  // RFC 6749 §2.3.1: every server takes the client in HTTP Basic; some only in the body.
  let response = await post(form.toString(), { authorization: `Basic ${basic}` });
  if (response.status === 400 || response.status === 401) {
    response.discard();
    const inBody = new URLSearchParams(form);
    inBody.set('client_id', clientId);
    inBody.set('client_secret', secret);
    response = await post(inBody.toString(), {});
  }
  const body = await response.text();
  if (response.status < 200 || response.status >= 300)
    throw new RestCredentialError(
      `The token endpoint ${target} answered ${response.status} ${response.statusText}: ${excerpt(body)}`,
      response.status >= 500,
    );
  let parsed: { access_token?: unknown; expires_in?: unknown };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    throw new RestCredentialError(`The token endpoint ${target} did not answer JSON.`);
  }
  if (typeof parsed.access_token !== 'string' || parsed.access_token === '')
    throw new RestCredentialError(`The token endpoint ${target} answered no access_token.`);
  const seconds = Number(parsed.expires_in);
  return {
    value: parsed.access_token,
    lifetimeMs:
      Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : TOKEN_DEFAULT_LIFETIME_MS,
  };
}

async function clientCredentialsToken(
  credential: ResolvedCredential,
  call: RestCall,
  deps: RestDeps,
  fresh: boolean,
): Promise<{ value: string; key: string; cached: boolean }> {
  const P = RestProperties;
  const key = tokenKey([
    credential.id,
    text(credential, P.ClientCredentialsTokenUrl),
    text(credential, P.ClientCredentialsClientId),
    text(credential, P.ClientCredentialsSecret),
    text(credential, P.ClientCredentialsScope),
  ]);
  const cached = tokens.get(key);
  if (!fresh && cached && cached.expiresAt > Date.now())
    return { value: cached.value, key, cached: true };
  const token = await fetchToken(credential, call, deps);
  tokens.set(key, {
    value: token.value,
    expiresAt: Date.now() + Math.max(0, token.lifetimeMs - TOKEN_MARGIN_MS),
  });
  return { value: token.value, key, cached: false };
}

// --- authentication -------------------------------------------------------------------------------

async function certificate(
  credential: ResolvedCredential,
  deps: RestDeps,
): Promise<ClientCertificate> {
  const P = RestProperties;
  const path = required(credential, P.CertificateFile, 'certificate file');
  const bytes = await deps.readFile(path);
  if (!bytes)
    throw new RestCredentialError(
      `The certificate file of the credential "${credential.name}" is missing; upload it again.`,
    );
  const passphrase = text(credential, P.CertificatePassword);
  const pem = bytes.includes('-----BEGIN');
  // A PEM file holds the certificate and its key; anything else is read as PKCS#12.
  return {
    ...(pem ? { cert: bytes, key: bytes } : { pfx: bytes }),
    ...(passphrase ? { passphrase } : {}),
  };
}

async function applyAuth(
  credential: ResolvedCredential,
  call: RestCall,
  deps: RestDeps,
  freshToken: boolean,
): Promise<AppliedAuth> {
  const P = RestProperties;
  const method = text(credential, P.AuthMethod).toLowerCase() || RestAuthMethods.NoAuth;
  switch (method) {
    case RestAuthMethods.NoAuth:
      return { headers: {}, query: [] };
    case RestAuthMethods.Basic: {
      const user = text(credential, P.BasicUser);
      const password = text(credential, P.BasicPassword);
      const encoded = Buffer.from(`${user}:${password}`).toString('base64');
      return { headers: { authorization: `Basic ${encoded}` }, query: [] };
    }
    case RestAuthMethods.ApiKey: {
      const name = required(credential, P.ApiKeyName, 'API key name');
      const value = text(credential, P.ApiKeyValue);
      const inQuery = flag(credential, P.ApiKeyInQuery);
      // Neither box ticked: the header, where PROCESIO's runtime puts a key by default.
      const inHeader = flag(credential, P.ApiKeyInHeader) || !inQuery;
      return {
        headers: inHeader ? { [name.toLowerCase()]: value } : {},
        query: inQuery ? [[name, value]] : [],
      };
    }
    case RestAuthMethods.Bearer:
      return {
        headers: { authorization: `Bearer ${required(credential, P.BearerToken, 'token')}` },
        query: [],
      };
    case RestAuthMethods.ClientCredentials: {
      const token = await clientCredentialsToken(credential, call, deps, freshToken);
      return {
        headers: { authorization: `Bearer ${token.value}` },
        query: [],
        ...(token.cached ? { cachedTokenKey: token.key } : {}),
      };
    }
    case RestAuthMethods.Certificate:
      return { headers: {}, query: [], clientCertificate: await certificate(credential, deps) };
    case RestAuthMethods.OAuth2:
      throw new RestCredentialError(
        'OAuth2 authorization-code credentials cannot be used yet; use OAuth2 client credentials or a bearer token.',
      );
    default:
      throw new RestCredentialError(
        `The credential "${credential.name}" has an unknown authentication method.`,
      );
  }
}

/** Header names the transport sets itself; a flow setting them would corrupt the request. */
const TRANSPORT_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

async function send(
  credential: ResolvedCredential | null,
  call: RestCall,
  deps: RestDeps,
  freshToken: boolean,
): Promise<{ response: HttpResponse; cachedTokenKey?: string }> {
  const auth: AppliedAuth = credential
    ? await applyAuth(credential, call, deps, freshToken)
    : { headers: {}, query: [] };
  const base = credential ? required(credential, RestProperties.Url, 'URL') : '';
  const url = withQuery(credential ? joinUrl(base, call.endpoint ?? '') : (call.endpoint ?? ''), [
    ...auth.query,
    ...(call.query ?? []),
  ]);
  const headers: Record<string, string> = { ...auth.headers };
  for (const [name, value] of Object.entries(call.headers ?? {}))
    if (!TRANSPORT_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  if (call.body && call.contentLength !== undefined)
    headers['content-length'] = String(call.contentLength);
  const response = await deps.client.request({
    method: call.method,
    url,
    headers,
    body: call.body ?? null,
    ...(call.signal ? { signal: call.signal } : {}),
    ...(call.timeoutMs ? { timeoutMs: call.timeoutMs } : {}),
    ...(call.maxResponseBytes ? { maxResponseBytes: call.maxResponseBytes } : {}),
    ...(auth.clientCertificate ? { clientCertificate: auth.clientCertificate } : {}),
  });
  return { response, ...(auth.cachedTokenKey ? { cachedTokenKey: auth.cachedTokenKey } : {}) };
}

/**
 * Calls the credential's API (or, with no credential, the absolute URL in `endpoint`). A 401
 * answered to a cached OAuth2 token drops the token and the call is made once more with a new one.
 * Throws {@link RestCredentialError} for an unusable credential and the client's errors otherwise.
 */
export async function callRest(
  credential: ResolvedCredential | null,
  call: RestCall,
  deps: RestDeps,
): Promise<HttpResponse> {
  const first = await send(credential, call, deps, false);
  if (first.response.status !== 401 || !first.cachedTokenKey) return first.response;
  first.response.discard();
  tokens.delete(first.cachedTokenKey);
  return (await send(credential, call, deps, true)).response;
}

/** Forgets every cached OAuth2 token (tests). */
export function forgetRestTokens(): void {
  tokens.clear();
}

// --- probe --------------------------------------------------------------------------------------

const TEST_METHODS: Readonly<Record<string, string>> = {
  [RestTestMethods.Get]: 'GET',
  [RestTestMethods.Post]: 'POST',
  [RestTestMethods.Put]: 'PUT',
  [RestTestMethods.Patch]: 'PATCH',
  [RestTestMethods.Delete]: 'DELETE',
};

/** The verb of a test method option, a Call API verb GUID or a plain verb name. */
function testMethod(value: string): string {
  const lower = value.toLowerCase();
  if (lower === '') return 'GET';
  return (
    TEST_METHODS[lower] ?? REST_VERBS.find((v) => v.gid === lower)?.value ?? value.toUpperCase()
  );
}

/**
 * API.md §7.4: the test method on URL + test endpoint with the credential's authentication;
 * any 2xx (after redirects) is a success. An OAuth2 token is always fetched anew.
 */
export const probeRest: CredentialProbe = async (credential, context) => {
  const method = testMethod(text(credential, RestProperties.TestMethod));
  const call: RestCall = {
    method,
    endpoint: text(credential, RestProperties.TestEndpoint),
    signal: context.signal,
    maxResponseBytes: 1024 * 1024,
  };
  const deps: RestDeps = {
    client: httpClientFor(context.egress),
    readFile: (path) => context.readFile(path),
  };
  try {
    const { response } = await send(credential, call, deps, true);
    const target = `${method} ${describeUrl(response.url)}`;
    const answered = `${target} answered ${response.status} ${response.statusText}`.trim();
    if (response.status >= 200 && response.status < 300) {
      response.discard();
      return { ok: true, message: `${answered}.` };
    }
    const body = await response.text().catch(() => '');
    return { ok: false, message: body.trim() ? `${answered}: ${excerpt(body)}` : `${answered}.` };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
};
