// Owns the session cookies of cookie mode (API.md §1.1): names, attributes and parsing.
//
// Two name pairs exist. `__Host-procesio.*` is PROCESIO's, what the CLI expects; browsers store a
// `__Host-` cookie only with `Secure`, which Sluice cannot set on plain HTTP. So a browser talking
// plain HTTP gets `procesio.*` instead; every other client, and every client over HTTPS, gets the
// `__Host-` pair. Either pair is accepted wherever a cookie is read (docs/compatibility.md,
// "Session cookies").
import type { FastifyRequest } from 'fastify';

export const ACCESS_COOKIE = '__Host-procesio.access';
export const REFRESH_COOKIE = '__Host-procesio.refresh';
/** The pair a browser gets over plain HTTP, where `__Host-` cookies cannot be stored. */
export const PLAIN_HTTP_ACCESS_COOKIE = 'procesio.access';
export const PLAIN_HTTP_REFRESH_COOKIE = 'procesio.refresh';

export interface SessionCookieNames {
  access: string;
  refresh: string;
}

const HOST_PREFIXED: SessionCookieNames = { access: ACCESS_COOKIE, refresh: REFRESH_COOKIE };
const PLAIN_HTTP: SessionCookieNames = {
  access: PLAIN_HTTP_ACCESS_COOKIE,
  refresh: PLAIN_HTTP_REFRESH_COOKIE,
};

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep the raw value
    }
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

function isSecure(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

function header(request: FastifyRequest, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

/**
 * Whether the request comes from a web browser. Browsers send the fetch metadata headers
 * `Sec-Fetch-Site` and `Sec-Fetch-Dest` (Node's fetch sends only `Sec-Fetch-Mode`, so that one
 * proves nothing), but only to trustworthy origins (HTTPS, localhost); on plain HTTP to any other
 * host the `Mozilla/` user agent every browser sends is what is left to go by.
 */
function fromBrowser(request: FastifyRequest): boolean {
  if (header(request, 'sec-fetch-site') || header(request, 'sec-fetch-dest')) return true;
  return header(request, 'user-agent').startsWith('Mozilla/');
}

/** The cookie names a login or refresh answer sets for this request. */
export function sessionCookieNames(request: FastifyRequest): SessionCookieNames {
  return !isSecure(request) && fromBrowser(request) ? PLAIN_HTTP : HOST_PREFIXED;
}

/** The access token of the request's session cookie, under either name (`__Host-` first). */
export function accessCookie(request: FastifyRequest): string | undefined {
  const cookies = parseCookies(request.headers.cookie);
  return cookies.get(ACCESS_COOKIE) || cookies.get(PLAIN_HTTP_ACCESS_COOKIE) || undefined;
}

/** The refresh token of the request's session cookie, under either name (`__Host-` first). */
export function refreshCookie(request: FastifyRequest): string | undefined {
  const cookies = parseCookies(request.headers.cookie);
  return cookies.get(REFRESH_COOKIE) || cookies.get(PLAIN_HTTP_REFRESH_COOKIE) || undefined;
}

/** A Set-Cookie value; `Secure` only when the request came over HTTPS. */
export function sessionCookie(
  name: string,
  value: string,
  maxAgeSeconds: number,
  secure: boolean,
): string {
  const parts = [
    `${name}=${value}`,
    'HttpOnly',
    'Path=/',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (secure) parts.splice(2, 0, 'Secure');
  return parts.join('; ');
}

/** The Set-Cookie pair that starts a session (login, refresh). */
export function setSessionCookies(
  request: FastifyRequest,
  tokens: { access: string; accessMaxAge: number; refresh: string; refreshMaxAge: number },
): string[] {
  const names = sessionCookieNames(request);
  const secure = isSecure(request);
  return [
    sessionCookie(names.access, tokens.access, tokens.accessMaxAge, secure),
    sessionCookie(names.refresh, tokens.refresh, tokens.refreshMaxAge, secure),
  ];
}

/**
 * The Set-Cookie values that end a session: every session cookie the request carries, whichever
 * pair it is; when it carries none (a client that keeps cookies elsewhere), the pair its login
 * would have set. Empty when the request has no Cookie header at all (a Bearer or form logout).
 */
export function clearSessionCookies(request: FastifyRequest): string[] {
  if (!request.headers.cookie) return [];
  const present = parseCookies(request.headers.cookie);
  const secure = isSecure(request);
  const known = [
    ACCESS_COOKIE,
    REFRESH_COOKIE,
    PLAIN_HTTP_ACCESS_COOKIE,
    PLAIN_HTTP_REFRESH_COOKIE,
  ];
  const carried = known.filter((name) => present.has(name));
  const names = carried.length > 0 ? carried : Object.values(sessionCookieNames(request));
  return names.map((name) => sessionCookie(name, '', 0, secure));
}
