// Owns what the SMTP, SQL and FTP connectors share: reading a credential's property values, picking
// the address to connect to (the host resolved once, every address checked against the egress
// policy), and the one failure shape they report, whose message never carries a secret.
import type { LookupAddress } from 'node:dns';
import net from 'node:net';
import type { ResolvedCredential } from '../credentials/resolved.js';
import { EgressRefusedError, type EgressPolicy } from '../net/egress.js';

/**
 * Why a connector could not do its work. `type` is the failure type an action reports
 * (`egress.refused`, `connection`, `authentication`, `tls`, `timeout`, `sql`, `smtp.rejected`,
 * `credential.invalid`…);
 * `message` is safe to show: it names the peer and quotes its error, never a secret.
 */
export class ConnectorError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

/** The credential's value for a property as text (trimmed); '' when absent. */
export function textValue(credential: ResolvedCredential, propertyId: string): string {
  const value = credential.values.get(propertyId.toLowerCase());
  if (value === null || value === undefined) return '';
  return (typeof value === 'string' ? value : String(value)).trim();
}

/** A secret as stored: not trimmed, since spaces may belong to a password. */
export function secretValue(credential: ResolvedCredential, propertyId: string): string {
  const value = credential.values.get(propertyId.toLowerCase());
  return typeof value === 'string' ? value : value == null ? '' : String(value);
}

/** A checkbox: true, or the text "true" in any case. */
export function flagValue(credential: ResolvedCredential, propertyId: string): boolean {
  const value = credential.values.get(propertyId.toLowerCase());
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

/** The option GUID a select or radio property holds, lower case; '' when none. */
export function optionValue(credential: ResolvedCredential, propertyId: string): string {
  return textValue(credential, propertyId).toLowerCase();
}

/** A TCP port from the credential, `fallback` when empty; anything else than 1–65535 is refused. */
export function portValue(
  credential: ResolvedCredential,
  propertyId: string,
  fallback: number,
): number {
  const text = textValue(credential, propertyId);
  if (text === '') return fallback;
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw invalidCredential(credential, `its port "${text}" is not a number from 1 to 65535`);
  return port;
}

export function invalidCredential(credential: ResolvedCredential, problem: string): ConnectorError {
  return new ConnectorError(
    'credential.invalid',
    `The credential "${credential.name}" cannot be used: ${problem}.`,
    false,
  );
}

/**
 * Fails unless the credential's template is of the `type` the connector serves (`smtp`, `sql`,
 * `ftp`): the built-in template, or a workspace's own template of that type.
 */
export function requireTemplate(credential: ResolvedCredential, type: string, kind: string): void {
  if (credential.template.type.toLowerCase() !== type)
    throw invalidCredential(
      credential,
      `it is a "${credential.template.name}" credential, not ${kind}`,
    );
}

/** Where a connector connects: the address it checked, and the host name TLS verifies. */
export interface Destination {
  host: string;
  address: string;
  port: number;
  /** The host name for TLS SNI and certificate checks; undefined when the host is an address. */
  servername: string | undefined;
}

/**
 * Resolves `host` once and checks every address it has against the egress policy; the connector
 * then connects to the first address itself, so nothing re-resolves the name to something else.
 */
export async function resolveDestination(
  host: string,
  port: number,
  egress: EgressPolicy,
): Promise<Destination> {
  const bare = host.replace(/^\[|\]$/g, '');
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    egress.lookup(bare, { all: true }, (error, found) =>
      error ? reject(error) : resolve(found as unknown as LookupAddress[]),
    ),
  ).catch((error: unknown) => {
    if (error instanceof EgressRefusedError)
      throw new ConnectorError('egress.refused', error.message, false);
    const code = (error as { code?: string }).code ?? 'ENOTFOUND';
    // A name that does not resolve now may resolve later (DNS outage): worth another attempt.
    throw new ConnectorError(
      'connection',
      `The host "${host}" could not be resolved (${code}).`,
      true,
    );
  });
  const first = addresses[0];
  if (!first)
    throw new ConnectorError('connection', `The host "${host}" could not be resolved.`, true);
  return {
    host: bare,
    address: first.address,
    port,
    servername: net.isIP(bare) ? undefined : bare,
  };
}

/** `message` with every non-empty secret replaced by the mask, whatever the peer echoed back. */
export function redact(message: string, secrets: readonly string[]): string {
  let safe = message;
  for (const secret of secrets) if (secret.length > 0) safe = safe.split(secret).join('********');
  return safe;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
]);

/** Whether an error is a network failure (refused, reset, unreachable, timed out). */
export function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

const CERTIFICATE_CODES = /^(?:CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_CERT_|HOSTNAME_)/;

/** Whether an error is a refused TLS certificate (untrusted, expired, wrong host name). */
export function isCertificateError(error: unknown): boolean {
  // nodemailer keeps the TLS code as `originalCode` under its own `ESOCKET`.
  const { code, originalCode } = (error ?? {}) as { code?: unknown; originalCode?: unknown };
  return [code, originalCode].some((c) => typeof c === 'string' && CERTIFICATE_CODES.test(c));
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}

/** "host:port" as a message names the peer, brackets around an IPv6 address. */
export function peerName(host: string, port: number): string {
  return `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
}

/** `promise`, or a rejection as soon as `signal` aborts (the work itself ends on its timeouts). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
