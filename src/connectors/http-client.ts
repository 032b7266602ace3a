// Owns every outbound HTTP request of the server (DESIGN.md §6): each one passes the egress
// policy (host names through its `lookup` when a connection opens, literal addresses before the
// request), redirects are followed here, at most five, each hop checked the same way; one time
// limit covers the whole exchange, body included; the response body is streamed and bounded.
import http from 'node:http';
import net from 'node:net';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import type { Agent, Dispatcher } from 'undici';
import { EgressRefusedError, type EgressPolicy } from '../net/egress.js';
import { loadOnce } from './load-once.js';

// undici loads with the first outbound request, not with the server.
const loadUndici = loadOnce(() => import('undici'));

/** Bytes to send: fixed, or made anew for each hop of a redirect that keeps the body (307/308). */
export type RequestBody = string | Buffer | (() => Promise<BodySource> | BodySource);
export type BodySource = string | Buffer | Readable | AsyncIterable<Uint8Array>;

/** A client certificate presented on TLS connections: PKCS#12 (`pfx`) or PEM (`cert`, `key`). */
export interface ClientCertificate {
  pfx?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  passphrase?: string;
}

export interface HttpRequest {
  method: string;
  url: string | URL;
  /** Header names in any case. */
  headers?: Record<string, string>;
  body?: RequestBody | null;
  /** Aborts the request and its body (the instance was stopped). */
  signal?: AbortSignal;
  /** Limit of the whole exchange, the response body included. Default 30 s. */
  timeoutMs?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** The most body bytes (after decompression) a response may carry. Default 64 MiB. */
  maxResponseBytes?: number;
  clientCertificate?: ClientCertificate;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Lower-case names; a repeated header is a list. */
  headers: Record<string, string | string[]>;
  /** The URL that answered, after redirects. */
  url: URL;
  redirects: number;
  /**
   * The body, decompressed when the peer used gzip, deflate or brotli. It fails with
   * {@link HttpClientError} `too-large` past `maxResponseBytes` and `timeout` when time is up.
   * Read it, or call `discard()`.
   */
  body: Readable;
  /** The whole body; {@link HttpClientError} `too-large` past `maxBytes` (and the request's limit). */
  bytes(maxBytes?: number): Promise<Buffer>;
  /** The whole body as UTF-8. */
  text(maxBytes?: number): Promise<string>;
  discard(): void;
}

export type HttpFailureKind = 'invalid-url' | 'timeout' | 'network' | 'too-large' | 'redirects';

/** Why a request failed, other than an egress refusal ({@link EgressRefusedError}). */
export class HttpClientError extends Error {
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpClientError';
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_REDIRECTS = 5;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
/** Headers that describe a body and go when a redirect turns the request into a GET. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'transfer-encoding'];

/** The target as messages may show it: scheme, host and path, never the query (it may hold a key). */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** The egress refusal behind an error, however deep a socket or connector wrapped it. */
export function egressRefusalOf(error: unknown): EgressRefusedError | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const next = queue.shift();
    if (!next || typeof next !== 'object' || seen.has(next)) continue;
    seen.add(next);
    if (next instanceof EgressRefusedError) return next;
    const { cause, errors } = next as { cause?: unknown; errors?: unknown };
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return null;
}

function parseUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HttpClientError('invalid-url', `"${String(url).slice(0, 200)}" is not a URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new HttpClientError('invalid-url', `Only http and https URLs can be called.`);
  if (parsed.username || parsed.password)
    throw new HttpClientError('invalid-url', 'A URL may not carry a user name or password.');
  return parsed;
}

function lowerCaseHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

function tooLarge(maxBytes: number): HttpClientError {
  return new HttpClientError('too-large', `The response is larger than ${maxBytes} bytes.`);
}

/** Counts body bytes and fails past the limit, so a large or endless answer cannot fill memory. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) {
      done(tooLarge(this.maxBytes));
      return;
    }
    done(null, chunk);
  }
}

function decoderFor(encoding: string | undefined): Transform | null {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

async function bodySource(body: RequestBody): Promise<Dispatcher.DispatchOptions['body']> {
  const source = typeof body === 'function' ? await body() : body;
  if (typeof source === 'string' || Buffer.isBuffer(source) || source instanceof Readable)
    return source;
  return Readable.from(source);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** One outbound HTTP client per egress policy: connections are pooled and always checked. */
export class HttpClient {
  /** The pooled connections, made with the first request. */
  private agent: Agent | null = null;
  private closed = false;
  private readonly trust: { ca?: Buffer[] };

  /**
   * `ca` replaces the trusted roots (tests with their own authority); by default Node's roots,
   * plus NODE_EXTRA_CA_CERTS, are trusted.
   */
  constructor(
    private readonly policy: EgressPolicy,
    options: { ca?: Buffer[] } = {},
  ) {
    this.trust = options.ca ? { ca: options.ca } : {};
  }

  /**
   * Sends the request, following redirects (301, 302, 303 as GET without a body unless the method
   * was HEAD; 307, 308 with the same method and body). Authorization and cookies are dropped when
   * a redirect leaves the origin. Throws {@link EgressRefusedError} for a refused destination,
   * {@link HttpClientError} for other failures, and the signal's reason when `signal` aborts.
   */
  async request(request: HttpRequest): Promise<HttpResponse> {
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxRedirects = request.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    const maxBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const controller = new AbortController();
    const timeout = new HttpClientError(
      'timeout',
      `No answer within ${Math.round(timeoutMs / 100) / 10} s.`,
    );
    const undici = await loadUndici();
    const timer = setTimeout(() => controller.abort(timeout), timeoutMs);
    const onAbort = () => controller.abort(request.signal?.reason);
    if (request.signal?.aborted) onAbort();
    else request.signal?.addEventListener('abort', onAbort, { once: true });
    const dedicated = request.clientCertificate
      ? new undici.Agent({
          connect: { lookup: this.policy.lookup, ...this.trust, ...request.clientCertificate },
        })
      : null;
    let settled = false;
    const release = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      void dedicated?.close().catch(() => undefined);
    };

    try {
      let url = parseUrl(request.url);
      let method = request.method.toUpperCase();
      let headers = lowerCaseHeaders(request.headers);
      let body = request.body ?? null;
      for (let redirects = 0; ; redirects++) {
        this.checkLiteralAddress(url);
        const response = await this.send(
          undici,
          dedicated ?? this.shared(undici),
          url,
          method,
          headers,
          body,
          controller.signal,
        );
        const location = headerValue(response.headers.location);
        if (response.statusCode >= 300 && response.statusCode < 400 && location) {
          response.body.resume();
          if (redirects >= maxRedirects)
            throw new HttpClientError(
              'redirects',
              `More than ${maxRedirects} redirects, the last to ${describeUrl(url)}.`,
            );
          const next = parseUrl(new URL(location, url));
          if (next.origin !== url.origin) {
            headers = { ...headers };
            for (const name of CREDENTIAL_HEADERS) delete headers[name];
          }
          const keepsBody = response.statusCode === 307 || response.statusCode === 308;
          if (!keepsBody && method !== 'HEAD') {
            method = 'GET';
            body = null;
            headers = { ...headers };
            for (const name of BODY_HEADERS) delete headers[name];
          }
          url = next;
          continue;
        }
        return this.answer(response, url, redirects, maxBytes, release);
      }
    } catch (error) {
      release();
      throw this.failure(error, controller.signal, timeout, request.signal);
    }
  }

  /** Closes pooled connections; requests after this fail. */
  async close(): Promise<void> {
    this.closed = true;
    await this.agent?.close();
  }

  private shared(undici: Awaited<ReturnType<typeof loadUndici>>): Agent {
    if (!this.agent) {
      this.agent = new undici.Agent({ connect: { lookup: this.policy.lookup, ...this.trust } });
      // As a closed pool would: refuse rather than open connections again.
      if (this.closed) void this.agent.close();
    }
    return this.agent;
  }

  private checkLiteralAddress(url: URL): void {
    // A literal address never reaches `lookup` (sockets skip DNS for it), so it is checked here.
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host)) this.policy.assertAllowed(host, host);
  }

  private async send(
    undici: Awaited<ReturnType<typeof loadUndici>>,
    dispatcher: Dispatcher,
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: RequestBody | null,
    signal: AbortSignal,
  ): Promise<Dispatcher.ResponseData> {
    return undici.request(url, {
      dispatcher,
      method: method as Dispatcher.HttpMethod,
      headers,
      body: body === null ? null : await bodySource(body),
      signal,
      // The overall limit is ours; undici's own idle limits would only fire later.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  private answer(
    response: Dispatcher.ResponseData,
    url: URL,
    redirects: number,
    maxBytes: number,
    release: () => void,
  ): HttpResponse {
    const raw = response.body;
    const decoder = decoderFor(headerValue(response.headers['content-encoding']));
    const limit = new ByteLimit(maxBytes);
    const body = decoder ? raw.pipe(decoder).pipe(limit) : raw.pipe(limit);
    const fail = (error: Error) => {
      if (!limit.destroyed) limit.destroy(error);
    };
    raw.once('error', fail);
    decoder?.once('error', fail);
    body.once('close', release);
    body.once('end', release);
    body.once('error', () => {
      release();
      raw.destroy();
    });
    const bytes = async (limitBytes = Number.POSITIVE_INFINITY): Promise<Buffer> => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of body) {
        size += (chunk as Buffer).length;
        if (size > limitBytes) {
          const error = tooLarge(limitBytes);
          body.destroy(error);
          throw error;
        }
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks);
    };
    return {
      status: response.statusCode,
      statusText: http.STATUS_CODES[response.statusCode] ?? '',
      headers: response.headers as Record<string, string | string[]>,
      url,
      redirects,
      body,
      bytes,
      text: async (limitBytes) => (await bytes(limitBytes)).toString('utf8'),
      discard: () => {
        body.resume();
        body.once('error', () => undefined);
      },
    };
  }

  private failure(
    error: unknown,
    signal: AbortSignal,
    timeout: HttpClientError,
    callerSignal: AbortSignal | undefined,
  ): unknown {
    if (callerSignal?.aborted && signal.reason !== timeout) return callerSignal.reason;
    if (signal.aborted && signal.reason === timeout) return timeout;
    const refused = egressRefusalOf(error);
    if (refused) return refused;
    if (error instanceof HttpClientError) return error;
    return new HttpClientError('network', networkMessage(error), { cause: error });
  }
}

/** A connection failure in words a flow author understands, with the system's code. */
function networkMessage(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' && message !== '' ? message : 'the connection failed';
  return typeof code === 'string' && !text.includes(code)
    ? `The connection failed: ${text} (${code}).`
    : `The connection failed: ${text}.`;
}

const clients = new WeakMap<EgressPolicy, HttpClient>();

/** The one client of a policy: the server has one policy, so one pool of connections. */
export function httpClientFor(policy: EgressPolicy): HttpClient {
  let client = clients.get(policy);
  if (!client) {
    client = new HttpClient(policy);
    clients.set(policy, client);
  }
  return client;
}
