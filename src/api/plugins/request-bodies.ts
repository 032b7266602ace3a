// Owns request body media (API.md §0.3): JSON in any charset or with no Content-Type, forms for
// the Proxy API, 415 for anything a route does not take; and the case rules applied to bodies
// and queries before schema validation.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SluiceError, invalidInput } from '../../errors/catalogue.js';
import type { BodyKind } from '../http-types.js';
import { normalizeKeys } from './case-insensitive.js';

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
  } catch {
    throw invalidInput([{ target: 'body', value: 'The request body is not valid JSON.' }]);
  }
}

/** Form fields as strings; a repeated field keeps its first value. */
function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text))
    if (!(key in out) && key !== '__proto__') out[key] = value;
  return out;
}

const MULTIPART = /^\s*multipart\/form-data\s*(;|$)/i;

function setKind(request: FastifyRequest, kind: BodyKind) {
  request.bodyKind = kind;
}

export function registerRequestBodies(app: FastifyInstance): void {
  app.decorateRequest('bodyKind', 'none');
  app.removeAllContentTypeParsers();

  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    try {
      setKind(request, 'json');
      done(null, parseJson(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser(
    /^application\/[\w.+-]*\+json/i,
    { parseAs: 'string' },
    (request, body, done) => {
      try {
        setKind(request, 'json');
        done(null, parseJson(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (request, body, done) => {
      setKind(request, 'form');
      done(null, parseForm(body as string));
    },
  );
  // No Content-Type at all: read as JSON (clients send bodies without one). Any other type is
  // collected and refused below unless the route takes it.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    if (request.headers['content-type'] === undefined) {
      try {
        const parsed = parseJson((body as Buffer).toString('utf8'));
        setKind(request, parsed === undefined ? 'none' : 'json');
        done(null, parsed);
      } catch (error) {
        done(error as Error, undefined);
      }
      return;
    }
    setKind(request, 'other');
    done(null, body);
  });

  app.addHook('preValidation', async (request) => {
    const security = request.routeOptions.config.security;
    const accepted = security?.body ?? ['json'];
    // multipart/form-data has its own parser, which reads nothing: the route streams it. A route
    // that takes any media but not multipart ignores such a body as it ignores other media.
    if (request.bodyKind === 'none' && MULTIPART.test(request.headers['content-type'] ?? ''))
      setKind(
        request,
        accepted.includes('other') && !accepted.includes('multipart') ? 'other' : 'multipart',
      );
    if (request.bodyKind !== 'none' && !accepted.includes(request.bodyKind)) {
      throw new SluiceError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type', {
        value: `Unsupported media type ${request.headers['content-type'] ?? '(none)'}; this route takes ${accepted.map(describe).join(' or ')}.`,
      });
    }
    const schema = request.routeOptions.schema;
    if (schema?.body && request.body === undefined) request.body = {};
    if (schema?.body) request.body = normalizeKeys(schema.body as object, request.body);
    if (schema?.querystring && request.query) {
      request.query = normalizeKeys(
        schema.querystring as object,
        { ...(request.query as object) },
        '',
        { booleanStrings: true },
      );
    }
  });
}

function describe(kind: BodyKind): string {
  return kind === 'form'
    ? 'application/x-www-form-urlencoded'
    : kind === 'json'
      ? 'application/json'
      : kind === 'multipart'
        ? 'multipart/form-data'
        : kind;
}
