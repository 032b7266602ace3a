// Process definitions (API.md §3.1): `/api/Projects` list, count, read, create, replace, validate,
// delete, duplicate, example payload, sub-process callers and activation.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { invalidInput } from '../../errors/catalogue.js';
import { FlowRequest, type FlowRequestDto } from '../../flow/index.js';
import type { Caller, ProcessService } from '../../services/process.service.js';
import { Page, PageQuery, pageEnvelope, pageRequest, pageWindow } from '../pagination.js';
import { normalizeKeys } from '../plugins/case-insensitive.js';
import { AUTH_ERRORS, ErrorBody, Guid, PRINCIPAL_SECURITY } from '../schemas/common.schemas.js';

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableGuid = Type.Union([Guid, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

const AUDIT = {
  workspaceId: Guid,
  createdBy: NullableString,
  createdById: NullableGuid,
  createdOn: DateTime,
  updatedBy: NullableString,
  updatedById: NullableGuid,
  updatedOn: DateTime,
};

const SERVER_FIELDS = [
  'id',
  'status',
  'isValid',
  'active',
  'version',
  'currentActionId',
  'parentFlow',
  'firstName',
  'lastName',
  'workspaceId',
  'workspaceName',
  'createdBy',
  'updatedBy',
  'createdById',
  'updatedById',
  'createdOn',
  'updatedOn',
] as const;

const Flow = Type.Object(
  {
    id: Guid,
    ...Type.Omit(FlowRequest, SERVER_FIELDS).properties,
    status: Type.Integer({ description: 'FlowStatus: 1 active, 5 inactive.' }),
    isValid: Type.Boolean({ description: 'Whether the flow passes every validation rule.' }),
    active: Type.Boolean(),
    version: Type.Integer({ description: 'Current version; every save adds one.' }),
    currentActionId: Type.Null(),
    workspaceName: Type.String(),
    firstName: NullableString,
    lastName: NullableString,
    ...AUDIT,
  },
  { description: 'The stored flow document with the server’s fields.' },
);
const FlowAnswer = Type.Object({ flow: Flow });

const FlowSummary = Type.Object({
  id: Guid,
  parentId: NullableGuid,
  name: Type.Null({ description: 'Always null; the display name is `title`.' }),
  status: Type.Integer(),
  title: Type.String(),
  description: NullableString,
  isValid: Type.Boolean(),
  active: Type.Boolean(),
  timeout: Type.Integer(),
  currentActionId: Type.Null(),
  debugMode: Type.Boolean(),
  isNotification: Type.Boolean(),
  version: Type.Integer(),
  ...AUDIT,
});

const ProcessReference = Type.Object({ id: Guid, title: Type.String(), workspaceId: Guid });
const IdParams = Type.Object({ id: Type.String({ description: 'Process id (GUID).' }) });
const Errors = { 400: ErrorBody, 404: ErrorBody, ...AUTH_ERRORS };

const SECURITY = { security: { auth: 'principal', workspace: true } } as const;
/** Routes that take no body ignore whatever is sent. */
const NO_BODY = {
  security: { ...SECURITY.security, body: ['json', 'form', 'other'] },
} as const;

type IdRequest = FastifyRequest<{ Params: Static<typeof IdParams> }>;

function caller(request: FastifyRequest): Caller {
  return { principal: request.principal!, workspace: request.workspaceContext! };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Takes the flow out of a `{"flow": …}` wrapper (any case) before validation, so the bare and
 * the wrapped form are checked alike and errors name the flow's own fields.
 */
async function unwrapFlow(request: FastifyRequest): Promise<void> {
  const body = request.body;
  if (!isRecord(body) || 'title' in body) return;
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'flow');
  const inner = key === undefined ? undefined : body[key];
  if (isRecord(inner)) request.body = normalizeKeys(FlowRequest, inner);
}

const FLOW_BODY = {
  description: 'The flow document (API.md §3.2), bare or wrapped as `{"flow": …}`.',
};

export function registerProjectRoutes(
  app: FastifyInstance,
  deps: { processes: ProcessService },
): void {
  const { processes } = deps;

  app.get<{ Querystring: Static<typeof PageQuery> }>(
    '/api/Projects',
    {
      config: SECURITY,
      schema: {
        tags: ['Projects'],
        summary: 'Processes of the workspace, by title; `searchName` matches the title',
        security: PRINCIPAL_SECURITY,
        querystring: PageQuery,
        response: { 200: Page(FlowSummary), 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const { total, items } = await processes.list(caller(request), {
        search: page.search,
        ...pageWindow(page),
      });
      return pageEnvelope(page, total, items);
    },
  );

  app.get(
    '/api/Projects/count',
    {
      config: SECURITY,
      schema: {
        tags: ['Projects'],
        summary: 'How many processes the workspace has',
        security: PRINCIPAL_SECURITY,
        response: { 200: Type.Integer(), ...AUTH_ERRORS },
      },
    },
    async (request) => processes.count(caller(request)),
  );

  app.get(
    '/api/Projects/:id',
    {
      config: SECURITY,
      schema: {
        tags: ['Projects'],
        summary: 'One process with its flow document',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: FlowAnswer, ...Errors },
      },
    },
    async (request: IdRequest) => ({
      flow: await processes.get(caller(request), request.params.id),
    }),
  );

  app.post<{ Body: FlowRequestDto }>(
    '/api/Projects',
    {
      config: SECURITY,
      preValidation: unwrapFlow,
      schema: {
        tags: ['Projects'],
        summary: 'Create a process (version 1); an invalid graph is stored as a draft',
        security: PRINCIPAL_SECURITY,
        body: { ...FlowRequest, ...FLOW_BODY },
        response: { 200: FlowAnswer, ...Errors },
      },
    },
    async (request) => ({ flow: await processes.create(caller(request), request.body) }),
  );

  app.put<{ Body: FlowRequestDto }>(
    '/api/Projects',
    {
      config: SECURITY,
      preValidation: unwrapFlow,
      schema: {
        tags: ['Projects'],
        summary: 'Replace a process’s flow; every save is a new version',
        security: PRINCIPAL_SECURITY,
        body: { ...FlowRequest, ...FLOW_BODY },
        response: { 200: FlowAnswer, ...Errors },
      },
    },
    async (request) => ({ flow: await processes.update(caller(request), request.body) }),
  );

  app.post<{ Body: FlowRequestDto }>(
    '/api/Projects/validate',
    {
      config: SECURITY,
      preValidation: unwrapFlow,
      schema: {
        tags: ['Projects'],
        summary: 'Check a flow against every validation rule; all problems are answered together',
        security: PRINCIPAL_SECURITY,
        body: { ...FlowRequest, ...FLOW_BODY },
        response: {
          200: Type.Object({ isValid: Type.Literal(true) }),
          400: ErrorBody,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => processes.validate(caller(request), request.body),
  );

  app.delete(
    '/api/Projects/:id',
    {
      config: NO_BODY,
      schema: {
        tags: ['Projects'],
        summary: 'Delete a process and its versions; refused while another process calls it',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: Type.Object({ id: Guid }), ...Errors },
      },
    },
    async (request: IdRequest) => processes.delete(caller(request), request.params.id),
  );

  app.post(
    '/api/Projects/:id/duplicate',
    {
      config: NO_BODY,
      schema: {
        tags: ['Projects'],
        summary: 'Copy a process with new ids and "(copy)" in its title, without webhooks',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: {
          200: Type.Object({
            hasWebhook: Type.Boolean({ description: 'Whether the original had webhook bindings.' }),
            id: Guid,
          }),
          ...Errors,
        },
      },
    },
    async (request: IdRequest) => processes.duplicate(caller(request), request.params.id),
  );

  app.get(
    '/api/Projects/:id/payload',
    {
      config: SECURITY,
      schema: {
        tags: ['Projects'],
        summary: 'Example input payload: each input variable’s default or its type’s empty value',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: Type.Record(Type.String(), Type.Unknown()), ...Errors },
      },
    },
    async (request: IdRequest) => processes.payload(caller(request), request.params.id),
  );

  app.get(
    '/api/Projects/:id/used',
    {
      config: SECURITY,
      schema: {
        tags: ['Projects'],
        summary: 'The processes that call this one as a sub-process',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: Type.Array(ProcessReference), ...Errors },
      },
    },
    async (request: IdRequest) => processes.usedBy(caller(request), request.params.id),
  );

  app.patch(
    '/api/Projects/:id/toggle-activation',
    {
      config: NO_BODY,
      schema: {
        tags: ['Projects'],
        summary: 'Activate (header `state: true`) or deactivate (`state: false`) a process',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: {
          200: Type.Object({ id: Guid, active: Type.Boolean() }),
          ...Errors,
        },
      },
    },
    async (request: IdRequest) => {
      const header = request.headers.state;
      const state = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
      if (state !== 'true' && state !== 'false')
        throw invalidInput([{ target: 'state', value: 'Header state must be true or false.' }]);
      return processes.setActive(caller(request), request.params.id, state === 'true');
    },
  );
}
