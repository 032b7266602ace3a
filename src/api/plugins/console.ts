// Owns serving the web console (DESIGN.md §10): the files Vite builds into console/dist, at `/`.
// API paths are never answered with console files: an unknown /api route still gets the API's
// own 404 body, so the console cannot shadow the API, /swagger or the health routes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SluiceError } from '../../errors/catalogue.js';

/** console/dist of the checkout; the same three levels up from src/ and from the built dist/. */
export const DEFAULT_CONSOLE_ROOT = fileURLToPath(
  new URL('../../../console/dist', import.meta.url),
);

export interface ConsoleOptions {
  /** The directory holding the built console (index.html, assets/). */
  root?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Paths the server owns outside /api; a console file of the same name must never answer them. */
const SERVER_PREFIXES = ['/api/', '/swagger', '/gui/', '/health', '/metrics'];

/** Vite writes content-hashed file names under assets/: safe to cache for a year. */
const HASHED_ASSETS = '/assets/';

// The console talks to its own origin only and never runs inline script.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT =
  'The Sluice web console is not built: run `npm run build` (or `npm run build:console`) in the ' +
  'Sluice directory, then restart `sluice serve`. The API is available under /api.\n';

function isServerPath(pathname: string): boolean {
  const lower = pathname.toLowerCase();
  return SERVER_PREFIXES.some(
    (prefix) => lower === prefix.replace(/\/$/, '') || lower.startsWith(prefix),
  );
}

/** The file under `root` a URL path names, or null when it would leave `root`. */
function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return file === root || file.startsWith(`${root}${path.sep}`) ? file : null;
}

function statFile(file: string): fs.Stats | null {
  try {
    const stats = fs.statSync(file);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  file: string,
  stats: fs.Stats,
  cacheControl: string,
): FastifyReply {
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  reply
    .header('cache-control', cacheControl)
    .header('etag', etag)
    .header('last-modified', stats.mtime.toUTCString())
    .header('x-content-type-options', 'nosniff');
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  if (type.startsWith('text/html')) {
    reply
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin');
  }
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply
    .code(200)
    .type(type)
    .header('content-length', stats.size)
    .send(fs.createReadStream(file));
}

function sendText(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply
    .code(status)
    .type('text/plain; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(text);
}

export function registerConsole(app: FastifyInstance, options: ConsoleOptions = {}): void {
  const root = path.resolve(options.root ?? DEFAULT_CONSOLE_ROOT);

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    // Unknown server routes keep the API's 404 body (API.md §0.7).
    if (isServerPath(pathname))
      throw new SluiceError('ROUTE_NOT_FOUND', `${request.method} ${pathname}`);
    const index = path.join(root, 'index.html');
    const indexStats = statFile(index);
    // Looked up per request, so a console built while the server runs is served at once.
    if (!indexStats) return sendText(reply, 503, NOT_BUILT);
    const file = resolveInside(root, pathname);
    if (file === null) return sendText(reply, 404, 'Not found.\n');
    const stats = pathname.endsWith('/') ? null : statFile(file);
    if (stats) {
      const hashed = pathname.startsWith(HASHED_ASSETS);
      return sendFile(
        request,
        reply,
        file,
        stats,
        hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    }
    // A missing file with an extension is a broken asset reference: answering it with the HTML
    // page would only hide the fault behind a MIME-type error in the browser.
    if (path.posix.extname(pathname) !== '') return sendText(reply, 404, 'Not found.\n');
    // Anything else is a page of the single-page console; it routes itself.
    return sendFile(request, reply, index, indexStats, 'no-cache');
  };

  const config = { security: { auth: 'anonymous' as const, workspace: false } };
  const schema = { hide: true };
  app.get('/', { config, schema }, serve);
  app.get('/*', { config, schema }, serve);
}
