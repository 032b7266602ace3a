// Credentials (API.md §7.3): templates (list, read, workspace-defined), credentials (list, count,
// read with secrets masked, create, replace, delete), lists by template, the REST verbs, the live
// test of a credential (§7.4) and the uploads of the files credentials name.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Caller } from '../../services/process.service.js';
import type { CredentialProbeService } from '../../services/credential-probe.service.js';
import type {
  CredentialInput,
  CredentialService,
  TemplateInput,
} from '../../services/credential.service.js';
import { PageQuery, pageRequest, pageWindow } from '../pagination.js';
import { readPackagePart } from '../plugins/multipart.js';
import { AUTH_ERRORS, ErrorBody, Guid, PRINCIPAL_SECURITY } from '../schemas/common.schemas.js';

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableGuid = Type.Union([Guid, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const TAGS = ['Credentials'];

const Condition = Type.Object({
  dependencyId: Type.String({ description: 'The property whose value decides.' }),
  operator: Type.String({ description: '`equals` (value) or `in` (one of the values).' }),
  value: Type.Union([Type.String(), Type.Array(Type.String())]),
});

const Option = Type.Object({ name: Type.String(), value: Type.String() });

const TemplateProperty = Type.Object({
  id: Guid,
  label: Type.String(),
  placeholder: Type.String(),
  type: Type.String({ description: 'text, radio, select, password, checkbox, table, file…' }),
  tooltip: Type.String(),
  message: Type.String(),
  isTest: Type.Boolean(),
  order: Type.Integer(),
  validations: Type.Object({
    isRequired: Type.Boolean(),
    expects: Type.Integer({ description: 'NONE 0, URI 1, HOSTNAME 2.' }),
  }),
  layout: Type.Object({ columns: Type.Integer() }),
  condition: Type.Union([Condition, Type.Null()]),
  disabled: Type.Boolean(),
  pill: Type.Unknown(),
  configurations: Type.Unknown(),
  options: Type.Array(Option),
  isSecret: Type.Boolean({ description: 'Encrypted at rest; answered masked.' }),
});

const Template = Type.Object({
  gid: Guid,
  pid: NullableGuid,
  name: Type.String(),
  type: Type.String(),
  icon: Type.String(),
  properties: Type.Array(TemplateProperty),
});

const TemplateRequest = Type.Object(
  {
    gid: Type.Optional(NullableString),
    pid: Type.Optional(NullableString),
    name: Type.Optional(NullableString),
    type: Type.Optional(NullableString),
    icon: Type.Optional(NullableString),
    properties: Type.Optional(
      Type.Union([
        Type.Array(
          Type.Object({
            id: Type.Optional(NullableString),
            label: Type.Optional(NullableString),
            placeholder: Type.Optional(NullableString),
            type: Type.Optional(NullableString),
            tooltip: Type.Optional(NullableString),
            message: Type.Optional(NullableString),
            isTest: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
            order: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
            validations: Type.Optional(
              Type.Union([
                Type.Object({
                  isRequired: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
                  expects: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
                }),
                Type.Null(),
              ]),
            ),
            layout: Type.Optional(
              Type.Union([
                Type.Object({ columns: Type.Optional(Type.Union([Type.Integer(), Type.Null()])) }),
                Type.Null(),
              ]),
            ),
            condition: Type.Optional(
              Type.Union([
                Type.Object({
                  dependencyId: Type.String(),
                  operator: Type.Optional(Type.String()),
                  value: Type.Union([Type.String(), Type.Array(Type.String())]),
                }),
                Type.Null(),
              ]),
            ),
            disabled: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
            pill: Type.Optional(Type.Unknown()),
            configurations: Type.Optional(Type.Unknown()),
            options: Type.Optional(
              Type.Union([
                Type.Array(
                  Type.Object({ name: Type.Optional(Type.String()), value: Type.String() }),
                ),
                Type.Null(),
              ]),
            ),
            isSecret: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
          }),
        ),
        Type.Null(),
      ]),
    ),
  },
  { description: 'A credential template (API.md §7.1); `gid` is generated when absent.' },
);

const CredentialSummary = Type.Object({
  gid: Guid,
  gtid: Guid,
  gtpid: NullableGuid,
  name: Type.String(),
  tname: Type.String({ description: 'The template’s name.' }),
  type: Type.String({ description: 'The template’s type.' }),
  status: Type.Boolean({ description: 'Validated by a successful test; reset by a change.' }),
  description: NullableString,
  workspaceId: Guid,
  createdBy: NullableString,
  createdById: NullableGuid,
  createdOn: DateTime,
  updatedBy: NullableString,
  updatedById: NullableGuid,
  updatedOn: DateTime,
});

const PropertyValue = Type.Object({
  id: Guid,
  value: Type.Unknown({ description: 'Secrets: "********" when set, "" when not.' }),
});

const Credential = Type.Object({
  ...CredentialSummary.properties,
  properties: Type.Array(PropertyValue),
});

const CredentialRequest = Type.Object(
  {
    gid: Type.Optional(NullableString),
    gtid: Type.Optional(NullableString),
    name: Type.Optional(NullableString),
    description: Type.Optional(NullableString),
    properties: Type.Optional(
      Type.Union([
        Type.Array(
          Type.Object({
            id: Type.Optional(NullableString),
            value: Type.Optional(Type.Unknown()),
          }),
        ),
        Type.Null(),
      ]),
    ),
  },
  {
    description:
      'A credential: template `gtid`, `name`, `properties [{id, value}]`; an option property holds the option’s GUID; a secret sent as "********" keeps its stored value.',
  },
);

const Verb = Type.Object({ gid: Guid, gtid: Guid, value: Type.String() });
const ProbeAnswer = Type.Object({
  isSuccess: Type.Boolean(),
  message: Type.String({ description: 'What was checked, e.g. the test call and its status.' }),
});
const UploadParams = Type.Object({
  credentialsId: Type.String({ description: 'The credential id (GUID), or `test`.' }),
});
const UPLOAD_ERRORS = { 400: ErrorBody, 413: ErrorBody, 415: ErrorBody, ...AUTH_ERRORS };
const IdAnswer = Type.Object({ id: Guid });
const IdParams = Type.Object({ id: Type.String({ description: 'Credential id (GUID).' }) });
const TemplateParams = Type.Object({ templateId: Type.String({ description: 'Template id.' }) });
const Errors = { 400: ErrorBody, 404: ErrorBody, ...AUTH_ERRORS };

const SECURITY = { security: { auth: 'principal', workspace: true } } as const;
/** Routes that take no body ignore whatever is sent. */
const NO_BODY = {
  security: { ...SECURITY.security, body: ['json', 'form', 'other'] },
} as const;

type IdRequest = FastifyRequest<{ Params: Static<typeof IdParams> }>;
type TemplateRequestT = FastifyRequest<{ Params: Static<typeof TemplateParams> }>;
type ListRequest = FastifyRequest<{
  Params: Partial<Static<typeof TemplateParams>>;
  Querystring: Static<typeof PageQuery>;
}>;

function caller(request: FastifyRequest): Caller {
  return { principal: request.principal!, workspace: request.workspaceContext! };
}

export function registerCredentialRoutes(
  app: FastifyInstance,
  deps: { credentials: CredentialService; credentialProbes: CredentialProbeService },
): void {
  const { credentials, credentialProbes } = deps;

  const list = (request: ListRequest) => {
    const page = pageRequest(request.query);
    return credentials.list(caller(request), {
      templateId: request.params.templateId ?? null,
      search: page.search,
      ...pageWindow(page),
    });
  };

  app.get(
    '/api/Credentials/types',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Credential templates: the built-in ones, then the workspace’s own',
        security: PRINCIPAL_SECURITY,
        response: { 200: Type.Array(Template), ...AUTH_ERRORS },
      },
    },
    async (request) => credentials.templates(caller(request)),
  );

  app.get(
    '/api/Credentials/types/:id',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'One credential template',
        security: PRINCIPAL_SECURITY,
        params: Type.Object({ id: Type.String({ description: 'Template id (GUID).' }) }),
        response: { 200: Template, ...Errors },
      },
    },
    async (request: IdRequest) => credentials.template(caller(request), request.params.id),
  );

  app.post<{ Body: Static<typeof TemplateRequest> }>(
    '/api/Credentials/types',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Add a workspace-defined credential template (built-in ids are refused)',
        security: PRINCIPAL_SECURITY,
        body: TemplateRequest,
        response: { 200: Template, 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) =>
      credentials.createTemplate(caller(request), request.body as unknown as TemplateInput),
  );

  app.get<{ Querystring: Static<typeof PageQuery> }>(
    '/api/Credentials',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Credentials of the workspace by name, without properties (a plain array)',
        security: PRINCIPAL_SECURITY,
        querystring: PageQuery,
        response: { 200: Type.Array(CredentialSummary), 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => list(request as ListRequest),
  );

  app.get(
    '/api/Credentials/count',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'How many credentials the workspace has',
        security: PRINCIPAL_SECURITY,
        response: { 200: Type.Integer(), ...AUTH_ERRORS },
      },
    },
    async (request) => credentials.count(caller(request), null),
  );

  app.get(
    '/api/Credentials/list/:templateId',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Credentials of one template, by name (a plain array)',
        security: PRINCIPAL_SECURITY,
        params: TemplateParams,
        querystring: PageQuery,
        response: { 200: Type.Array(CredentialSummary), 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => list(request as ListRequest),
  );

  app.get(
    '/api/Credentials/list/:templateId/count',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'How many credentials of one template the workspace has',
        security: PRINCIPAL_SECURITY,
        params: TemplateParams,
        response: { 200: Type.Integer(), ...AUTH_ERRORS },
      },
    },
    async (request: TemplateRequestT) =>
      credentials.count(caller(request), request.params.templateId),
  );

  app.get(
    '/api/Credentials/verbs/:templateId',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'The HTTP verbs of the REST API template (Call API’s Verb options); [] otherwise',
        security: PRINCIPAL_SECURITY,
        params: TemplateParams,
        response: { 200: Type.Array(Verb), ...AUTH_ERRORS },
      },
    },
    async (request: TemplateRequestT) =>
      credentials.verbs(caller(request), request.params.templateId),
  );

  app.get(
    '/api/Credentials/:id',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'One credential with its properties; secrets are masked',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: Credential, ...Errors },
      },
    },
    async (request: IdRequest) => credentials.get(caller(request), request.params.id),
  );

  app.post<{ Body: Static<typeof CredentialRequest> }>(
    '/api/Credentials',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Create a credential; secret values are encrypted before they are stored',
        security: PRINCIPAL_SECURITY,
        body: CredentialRequest,
        response: { 200: IdAnswer, 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => credentials.create(caller(request), request.body as CredentialInput),
  );

  app.put<{ Body: Static<typeof CredentialRequest> }>(
    '/api/Credentials',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Replace a credential; a masked secret keeps its value, a change resets status',
        security: PRINCIPAL_SECURITY,
        body: CredentialRequest,
        response: { 200: IdAnswer, ...Errors },
      },
    },
    async (request) => credentials.update(caller(request), request.body as CredentialInput),
  );

  app.delete(
    '/api/Credentials/:id',
    {
      config: NO_BODY,
      schema: {
        tags: TAGS,
        summary: 'Delete a credential',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: IdAnswer, ...Errors },
      },
    },
    async (request: IdRequest) => credentials.delete(caller(request), request.params.id),
  );

  app.post<{ Body: Static<typeof CredentialRequest> }>(
    '/api/Credentials/test',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Test a credential live (saved or not) within 10 s',
        description:
          'Connects with the credential as its actions would (REST: the test method on URL + ' +
          'test endpoint, any 2xx succeeds). With the `gid` of a stored credential, masked ' +
          'secrets use the stored values and the outcome sets its `status`; nothing else is ' +
          'saved. A refusing or unreachable peer answers 400 with its error, target `connection`.',
        security: PRINCIPAL_SECURITY,
        body: CredentialRequest,
        response: { 200: ProbeAnswer, 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => credentialProbes.test(caller(request), request.body as CredentialInput),
  );

  app.post<{ Params: Static<typeof UploadParams> }>(
    '/api/Credentials/upload/:credentialsId',
    {
      config: { security: { auth: 'principal', workspace: true, body: ['multipart'] } },
      schema: {
        tags: TAGS,
        summary: 'Upload a file a credential names: a certificate or a key (part "package")',
        description:
          'multipart/form-data with the file in the part named `package`. Answers the stored ' +
          'path as a JSON string, `credentials/<credentialsId>/<fileId>/<fileName>`, to put in ' +
          'the credential’s file property. `credentialsId` `test` stores a temporary file ' +
          '(`credentials/test/…`) that `POST /api/Credentials/test` can use for an hour.',
        security: PRINCIPAL_SECURITY,
        params: UploadParams,
        response: { 200: Type.String({ description: 'The stored path.' }), ...UPLOAD_ERRORS },
      },
    },
    async (request, reply) => {
      const who = caller(request);
      const owner = credentialProbes.prepareUpload(who, request.params.credentialsId);
      const path = await readPackagePart(request, credentialProbes.fileLimitBytes, (file) =>
        credentialProbes.upload(who, owner, file),
      );
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(path));
    },
  );
}
