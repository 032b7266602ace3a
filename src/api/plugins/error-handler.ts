// Owns the translation of every failure into PROCESIO's error body (API.md §0.6): catalogue
// errors, schema validation failures, transport conditions (404/405/413/415) and defects (500).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  BareStringError,
  ERRORS,
  SluiceError,
  invalidInput,
  type ErrorItem,
} from '../../errors/catalogue.js';

interface AjvError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function fieldPath(error: AjvError, context: string | undefined): string {
  const segments = (error.instancePath ?? '')
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required' && typeof error.params?.missingProperty === 'string')
    segments.push(error.params.missingProperty);
  let out = '';
  for (const s of segments) out += /^\d+$/.test(s) ? `[${s}]` : out === '' ? s : `.${s}`;
  return out || (context === 'querystring' ? 'query' : (context ?? 'body'));
}

function validationError(
  error: FastifyError & { validation?: AjvError[]; validationContext?: string },
): SluiceError {
  const items = (error.validation ?? []).map((e) => {
    const target = fieldPath(e, error.validationContext);
    return { target, value: `${target} ${e.message ?? 'is invalid'}` };
  });
  // Several union branches report the same field; keep one line per field and message.
  const unique = items.filter(
    (item, i) => items.findIndex((o) => o.target === item.target && o.value === item.value) === i,
  );
  return invalidInput(unique.length > 0 ? unique : [{ target: 'body', value: error.message }]);
}

function transportError(status: number, target: string, value?: string): SluiceError {
  const code =
    status === 413
      ? 'PAYLOAD_TOO_LARGE'
      : status === 415
        ? 'UNSUPPORTED_MEDIA_TYPE'
        : status === 405
          ? 'METHOD_NOT_ALLOWED'
          : 'INVALID_INPUT';
  return new SluiceError(code, target, value !== undefined ? { value } : {});
}

export function toSluiceError(
  error: unknown,
  request: FastifyRequest,
): SluiceError | BareStringError | null {
  if (error instanceof SluiceError || error instanceof BareStringError) return error;
  const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fe.validation) return validationError(fe);
  const target = `${request.method} ${request.url.split('?')[0]}`;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return transportError(413, 'body');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return transportError(415, 'Content-Type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return invalidInput([{ target: 'body', value: 'The request body is not valid JSON.' }]);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return invalidInput([{ target: 'body', value: 'Content-Length does not match the body.' }]);
    default:
      break;
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 413 || status === 415 || status === 405) return transportError(status, target);
  if (status >= 400 && status < 500)
    return invalidInput([{ target: 'request', value: fe.message }]);
  return null;
}

export function sendError(reply: FastifyReply, error: SluiceError | BareStringError): FastifyReply {
  if (error instanceof BareStringError)
    return reply
      .code(error.http)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(error.body));
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .code(error.http)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(error.items));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const known = toSluiceError(error, request);
    if (known) {
      if (known.http >= 500) request.log.error({ err: error }, 'request failed');
      return sendError(reply, known);
    }
    request.log.error({ err: error }, 'unexpected failure');
    const internal: ErrorItem[] = [
      {
        statusCode: ERRORS.INTERNAL.statusCode,
        value: ERRORS.INTERNAL.value,
        target: `${request.method} ${request.url.split('?')[0]}`,
      },
    ];
    return reply.code(500).type('application/json; charset=utf-8').send(JSON.stringify(internal));
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new SluiceError('ROUTE_NOT_FOUND', `${request.method} ${request.url.split('?')[0]}`),
    ),
  );
}
