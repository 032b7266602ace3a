// Webhooks (API.md §5): `/api/Webhooks` definitions (list, read, create, replace, delete, the
// processes binding one, its data model) and the anonymous inbound trigger
// `/api/Webhooks/launch/{webhookId}`, whose body is read by its media type.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { xmlProblem, xmlToJson } from '../../actions/json/xml.js';
import { SluiceError, invalidInput } from '../../errors/catalogue.js';
import type { DataTypeService } from '../../services/data-type.service.js';
import type { Caller } from '../../services/process.service.js';
import type {
  StagedFile,
  WebhookAnswer,
  WebhookCall,
  WebhookInput,
  WebhookService,
} from '../../services/webhook.service.js';
import type { WebhookRecord } from '../../ports/webhook.store.js';
import { Page, PageQuery, pageEnvelope, pageRequest, pageWindow } from '../pagination.js';
import { AUTH_ERRORS, ErrorBody, PRINCIPAL_SECURITY } from '../schemas/common.schemas.js';
import {
  LaunchParams,
  ProcessReference,
  WebhookDto,
  WebhookIdParams,
  WebhookRequest,
} from '../schemas/webhooks.schemas.js';

const TAGS = ['Webhooks'];
const SECURITY = { security: { auth: 'principal', workspace: true } } as const;
/** Routes that take no body ignore whatever is sent. */
const NO_BODY = {
  security: { ...SECURITY.security, body: ['json', 'form', 'other'] },
} as const;
const Errors = { 400: ErrorBody, 404: ErrorBody, ...AUTH_ERRORS };
const DEFAULT_MIME_TYPE = 'application/octet-stream';
/** type/subtype as RFC 6838 allows them. */
const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

type IdRequest = FastifyRequest<{ Params: Static<typeof WebhookIdParams> }>;
type LaunchRequest = FastifyRequest<{ Params: Static<typeof LaunchParams> }>;

function caller(request: FastifyRequest): Caller {
  return { principal: request.principal!, workspace: request.workspaceContext! };
}

export function registerWebhookRoutes(
  app: FastifyInstance,
  deps: { webhooks: WebhookService; dataTypes: DataTypeService },
): void {
  const { webhooks, dataTypes } = deps;

  app.get<{ Querystring: Static<typeof PageQuery> }>(
    '/api/Webhooks',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Webhooks of the workspace by name (paged)',
        security: PRINCIPAL_SECURITY,
        querystring: PageQuery,
        response: { 200: Page(WebhookDto), 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const { total, items } = await webhooks.list(caller(request), {
        search: page.search,
        ...pageWindow(page),
      });
      return pageEnvelope(page, total, items);
    },
  );

  app.get(
    '/api/Webhooks/:id',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'One webhook',
        security: PRINCIPAL_SECURITY,
        params: WebhookIdParams,
        response: { 200: WebhookDto, ...Errors },
      },
    },
    async (request: IdRequest) => webhooks.get(caller(request), request.params.id),
  );

  app.post<{ Body: Static<typeof WebhookRequest> }>(
    '/api/Webhooks',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Create a webhook; answers the stored webhook',
        security: PRINCIPAL_SECURITY,
        body: WebhookRequest,
        response: { 200: WebhookDto, 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => webhooks.create(caller(request), request.body as WebhookInput),
  );

  app.put<{ Body: Static<typeof WebhookRequest> }>(
    '/api/Webhooks',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Replace a webhook (by `id`); answers the stored webhook',
        security: PRINCIPAL_SECURITY,
        body: WebhookRequest,
        response: { 200: WebhookDto, ...Errors },
      },
    },
    async (request) => webhooks.update(caller(request), request.body as WebhookInput),
  );

  app.delete(
    '/api/Webhooks/:id',
    {
      config: NO_BODY,
      schema: {
        tags: TAGS,
        summary: 'Delete a webhook; refused while a process binds it',
        security: PRINCIPAL_SECURITY,
        params: WebhookIdParams,
        response: { 200: Type.Object({ id: Type.String() }), ...Errors },
      },
    },
    async (request: IdRequest) => webhooks.delete(caller(request), request.params.id),
  );

  app.get(
    '/api/Webhooks/:id/used',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'The processes whose flow binds the webhook',
        security: PRINCIPAL_SECURITY,
        params: WebhookIdParams,
        response: { 200: Type.Array(ProcessReference), ...Errors },
      },
    },
    async (request: IdRequest) => webhooks.usedBy(caller(request), request.params.id),
  );

  app.get(
    '/api/Webhooks/datamodels/:id',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'The webhook’s payload data model (DataModelDto)',
        description:
          'The data model `dataModelId` names, with its attributes; else the `dataModel` the ' +
          'designer stored with the webhook; 404 when it has neither.',
        security: PRINCIPAL_SECURITY,
        params: WebhookIdParams,
        response: { 200: Type.Unknown(), ...Errors },
      },
    },
    async (request: IdRequest) => {
      const who = caller(request);
      return webhooks.dataModelOf(who, request.params.id, (id) => dataTypes.getById(who, id));
    },
  );

  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/api/Webhooks/launch/:webhookId',
    config: {
      security: {
        auth: 'anonymous',
        workspace: false,
        body: ['json', 'form', 'multipart', 'other'],
      },
    },
    schema: {
      tags: TAGS,
      summary: 'Trigger a webhook: starts one instance per bound, runnable process',
      description:
        'Anonymous. The body is read by its Content-Type: JSON, NDJSON (a list), XML (as JSON), ' +
        'form fields, multipart (fields and files; files become File values), text (a string); ' +
        'no body is `{}`; query `payload=<json>` replaces it. Bindings receive the body, the ' +
        'headers (lower-case names) and the query. `respondOk=true` answers an empty 200, ' +
        '`respondOk=false` a small HTML page; otherwise the webhook’s custom response or ' +
        '`{instanceId, instanceIds}`. A call the dedupe rule has seen answers ' +
        '`{instanceIds: [], duplicate: true}`.',
      params: LaunchParams,
      response: {
        200: Type.Unknown({ description: 'See the description.' }),
        400: ErrorBody,
        404: ErrorBody,
        413: ErrorBody,
        415: ErrorBody,
      },
    },
    handler: async (request: LaunchRequest, reply) => {
      const webhook = await webhooks.find(request.params.webhookId);
      const files: StagedFile[] = [];
      let call: WebhookCall;
      try {
        call = await readCall(request, webhook, webhooks, files);
      } catch (error) {
        await webhooks.discard(files);
        throw error;
      }
      return send(reply, await webhooks.deliver(webhook, call));
    },
  });
}

function send(reply: FastifyReply, answer: WebhookAnswer): FastifyReply {
  if (answer.kind === 'empty') return reply.code(200).send();
  if (answer.kind === 'page') return reply.type('text/html; charset=utf-8').send(answer.html);
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(answer.value));
}

/** The query's value of `name`, matched in any case (API.md §0.2). */
function queryValue(query: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(query).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : query[key];
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads what an inbound call carries (API.md §5.2); file parts are staged into `files`. */
async function readCall(
  request: FastifyRequest,
  webhook: WebhookRecord,
  webhooks: WebhookService,
  files: StagedFile[],
): Promise<WebhookCall> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  const query: Record<string, unknown> = { ...(request.query as Record<string, unknown>) };

  let respondOk: boolean | null = null;
  const flag = first(queryValue(query, 'respondOk'));
  if (flag !== undefined) {
    const text = String(flag).toLowerCase();
    if (text !== 'true' && text !== 'false')
      throw invalidInput([{ target: 'respondOk', value: 'respondOk must be true or false.' }]);
    respondOk = text === 'true';
  }

  let body = await readBody(request, webhook, webhooks, files);
  const payload = first(queryValue(query, 'payload'));
  if (payload !== undefined) {
    try {
      body = JSON.parse(String(payload));
    } catch {
      throw invalidInput([{ target: 'payload', value: 'The payload query is not valid JSON.' }]);
    }
  }
  return { body, headers, query, respondOk, files };
}

async function readBody(
  request: FastifyRequest,
  webhook: WebhookRecord,
  webhooks: WebhookService,
  files: StagedFile[],
): Promise<unknown> {
  switch (request.bodyKind) {
    case 'none':
      return {};
    case 'json':
    case 'form':
      return request.body ?? {};
    case 'multipart':
      return readMultipart(request, webhook, webhooks, files);
    case 'other':
      return readOther(request);
  }
}

/** NDJSON, XML and text bodies; any other media type is refused (415). */
function readOther(request: FastifyRequest): unknown {
  const media = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const text = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
  if (media === 'text/plain') return text;
  if (media === 'application/x-ndjson') {
    return text
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line, index) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw invalidInput([
            { target: `body[${index}]`, value: `Line ${index + 1} is not valid JSON.` },
          ]);
        }
      });
  }
  if (media === 'application/xml' || media === 'text/xml') {
    if (text.trim() === '') return {};
    const problem = xmlProblem(text);
    if (problem) throw invalidInput([{ target: 'body', value: `The body ${problem}` }]);
    return xmlToJson(text);
  }
  throw new SluiceError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type', {
    value:
      `Unsupported media type ${media}; a webhook takes JSON, NDJSON, XML, form fields, ` +
      'multipart/form-data or text/plain.',
  });
}

/** Fields as strings, files as File values; a name given several times becomes a list. */
async function readMultipart(
  request: FastifyRequest,
  webhook: WebhookRecord,
  webhooks: WebhookService,
  files: StagedFile[],
): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  const add = (name: string, value: unknown) => {
    if (name === '__proto__') return;
    if (!Object.hasOwn(fields, name)) fields[name] = value;
    else {
      const previous = fields[name];
      fields[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
  };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const declared = part.mimetype?.trim() ?? '';
        const staged = await webhooks.stageFile(webhook, {
          filename: part.filename ?? '',
          mimeType: MIME_TYPE.test(declared) ? declared.toLowerCase() : DEFAULT_MIME_TYPE,
          content: part.file,
        });
        files.push(staged);
        if (part.file.truncated)
          throw new SluiceError('FILE_TOO_LARGE', part.fieldname, {
            value: 'A file is larger than the upload limit.',
          });
        add(part.fieldname, staged.value);
      } else {
        add(part.fieldname, part.value);
      }
    }
  } catch (error) {
    if (error instanceof SluiceError) throw error;
    const status = (error as { statusCode?: unknown }).statusCode;
    if (status === 413) throw error;
    throw invalidInput([
      {
        target: 'body',
        value: `The multipart body is malformed (${(error as Error).message ?? String(error)}).`,
      },
    ]);
  }
  return fields;
}
