// Data types (API.md §6.4): `/api/DataTypes` list, count, read by id or name, create, rename or
// replace, delete, the anonymous built-in catalogues and the attribute routes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { isGuid } from '../../domain/ids.js';
import { SluiceError } from '../../errors/catalogue.js';
import type {
  AttributeInput,
  CreateDataModelInput,
  DataTypeService,
  UpdateDataModelInput,
} from '../../services/data-type.service.js';
import type { Caller } from '../../services/process.service.js';
import { Page, PageQuery, pageInMemory, pageRequest } from '../pagination.js';
import { AUTH_ERRORS, ErrorBody, Guid, PRINCIPAL_SECURITY } from '../schemas/common.schemas.js';

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableDate = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const opt = <T extends Parameters<typeof Type.Optional>[0]>(schema: T) =>
  Type.Optional(Type.Union([schema, Type.Null()]));

const TYPE_FLAGS = {
  isDataModel: Type.Boolean(),
  isPrimaryType: Type.Boolean(),
  isProcesio: Type.Boolean({ description: 'A built-in type (read-only).' }),
  isPublic: Type.Boolean(),
  csharpCorrespondent: Type.Integer({ description: 'PrimaryDataType; 0 for data models.' }),
  type: Type.Integer({ description: 'DataModelTypeParam: Normal 1, Webhook 2.' }),
};

const DataAttribute = Type.Object(
  {
    id: Guid,
    dataTypeId: Guid,
    parentDataTypeId: Guid,
    name: Type.String(),
    displayName: Type.String(),
    dataTypeName: Type.String(),
    ...TYPE_FLAGS,
    isList: Type.Boolean(),
    jsonProperty: Type.String(),
    updatedOn: NullableDate,
    attributes: Type.Array(Type.Unknown(), {
      description: 'The attributes of the attribute’s model, inlined (DataAttributeDto).',
    }),
  },
  { description: 'DataAttributeDto.' },
);

const DataModel = Type.Object(
  {
    id: Guid,
    name: Type.String(),
    displayName: Type.String(),
    ...TYPE_FLAGS,
    workspaceId: Type.Union([Guid, Type.Null()]),
    attributes: Type.Array(DataAttribute),
    parentIds: Type.Array(Guid, { description: 'The models that use this one.' }),
    createdBy: NullableString,
    createdById: NullableString,
    createdOn: NullableDate,
    updatedBy: NullableString,
    updatedById: NullableString,
    updatedOn: NullableDate,
  },
  { description: 'DataModelDto.' },
);

const AttributeBody = Type.Object({
  id: opt(Type.String()),
  name: opt(Type.String()),
  displayName: opt(Type.String()),
  dataTypeId: opt(Type.String()),
  isList: opt(Type.Boolean()),
  jsonProperty: opt(Type.String()),
  parentDataTypeId: opt(Type.String()),
});

const CreateBody = Type.Object({
  name: opt(Type.String()),
  displayName: opt(Type.String()),
  isPublic: opt(Type.Boolean()),
  content: opt(
    Type.Object({
      name: opt(Type.String()),
      displayName: opt(Type.String()),
      isPublic: opt(Type.Boolean()),
      attributes: opt(Type.Array(AttributeBody)),
    }),
  ),
});

const UpdateBody = Type.Object({
  id: Type.String({ description: 'The model’s id (GUID).' }),
  name: opt(Type.String()),
  displayName: opt(Type.String()),
  isPublic: opt(Type.Boolean()),
  isProcesio: opt(Type.Boolean()),
  isPrimaryType: opt(Type.Boolean()),
  attributes: opt(Type.Array(AttributeBody)),
});

const ListQuery = Type.Object({
  ...PageQuery.properties,
  addProperties: Type.Optional(Type.Boolean()),
  includeProcesioEntries: Type.Optional(Type.Boolean()),
  includeExternalEntries: Type.Optional(Type.Boolean()),
});

const ValueParams = Type.Object({ value: Type.String({ description: 'Id (GUID) or name.' }) });
const IdTypeParams = Type.Object({
  value: Type.String({ description: 'Id (GUID).' }),
  type: Type.String({ description: 'Ignored.' }),
});
const RootParams = Type.Object({ rootId: Type.String({ description: 'Root model id (GUID).' }) });
const AttributeParams = Type.Object({
  rootId: Type.String({ description: 'Root model id (GUID).' }),
  attributeId: Type.String({ description: 'Attribute id (GUID).' }),
});

const Errors = { 400: ErrorBody, 404: ErrorBody, ...AUTH_ERRORS };
const SECURITY = { security: { auth: 'principal', workspace: true } } as const;
const NO_BODY = {
  security: { ...SECURITY.security, body: ['json', 'form', 'other'] },
} as const;
const ANONYMOUS = {
  security: { auth: 'anonymous', workspace: false, body: ['json', 'form', 'other'] },
} as const;
const TAGS = ['DataTypes'];

function caller(request: FastifyRequest): Caller {
  return { principal: request.principal!, workspace: request.workspaceContext! };
}

type PageQueryValue = Static<typeof PageQuery>;

export function registerDataTypeRoutes(
  app: FastifyInstance,
  deps: { dataTypes: DataTypeService },
): void {
  const { dataTypes } = deps;
  const paged = <T extends { displayName: string; id: string }>(items: T[], q: PageQueryValue) =>
    pageInMemory(
      items,
      pageRequest(q),
      (i) => i.displayName,
      (i) => i.id,
    );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/DataTypes',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Data types of the workspace by display name; built-ins unless excluded',
        security: PRINCIPAL_SECURITY,
        querystring: ListQuery,
        response: { 200: Page(DataModel), 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      const items = await dataTypes.list(caller(request), {
        addProperties: q.addProperties ?? false,
        includeProcesioEntries: q.includeProcesioEntries ?? true,
        includeExternalEntries: q.includeExternalEntries ?? false,
      });
      return paged(items, q);
    },
  );

  app.get(
    '/api/DataTypes/count',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'How many data models the workspace has (built-ins not counted)',
        security: PRINCIPAL_SECURITY,
        response: { 200: Type.Integer(), ...AUTH_ERRORS },
      },
    },
    async (request) => dataTypes.count(caller(request)),
  );

  for (const [route, items, summary] of [
    ['primary', () => dataTypes.primary(), 'The nine primitive types'],
    ['procesio', () => dataTypes.procesio(), 'The built-in data models with their attributes'],
  ] as const) {
    app.get<{ Querystring: PageQueryValue }>(
      `/api/DataTypes/${route}`,
      {
        config: ANONYMOUS,
        schema: {
          tags: TAGS,
          summary,
          querystring: PageQuery,
          response: { 200: Page(DataModel), 400: ErrorBody },
        },
      },
      async (request) => paged(items(), request.query),
    );
    app.get(
      `/api/DataTypes/${route}/count`,
      {
        config: ANONYMOUS,
        schema: { tags: TAGS, summary: `${summary}: how many`, response: { 200: Type.Integer() } },
      },
      async () => items().length,
    );
  }

  app.get<{ Params: Static<typeof ValueParams>; Querystring: { displayName?: boolean } }>(
    '/api/DataTypes/:value',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary:
          'A data type by id (GUID, 404 when unknown) or by name (`displayName=true`: by display name; null when none)',
        security: PRINCIPAL_SECURITY,
        params: ValueParams,
        querystring: Type.Object({ displayName: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Union([DataModel, Type.Null()]), ...Errors },
      },
    },
    async (request) => {
      const { value } = request.params;
      if (isGuid(value.trim())) return dataTypes.getById(caller(request), value);
      // `restricted` is a PROCESIO route Sluice does not serve yet (API.md §0.7).
      if (value.trim().toLowerCase() === 'restricted')
        throw new SluiceError('ROUTE_NOT_FOUND', `GET ${request.url.split('?')[0]}`);
      return dataTypes.getByName(caller(request), value, request.query.displayName ?? false);
    },
  );

  app.get<{ Params: Static<typeof IdTypeParams> }>(
    '/api/DataTypes/:value/:type',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'A data type by id; the trailing segment is ignored',
        security: PRINCIPAL_SECURITY,
        params: IdTypeParams,
        response: { 200: DataModel, ...Errors },
      },
    },
    async (request) => {
      if (!isGuid(request.params.value.trim()))
        throw new SluiceError('ROUTE_NOT_FOUND', `GET ${request.url.split('?')[0]}`);
      return dataTypes.getById(caller(request), request.params.value);
    },
  );

  app.post<{ Body: CreateDataModelInput }>(
    '/api/DataTypes',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Create a data model; attributes in `content` are created too',
        security: PRINCIPAL_SECURITY,
        body: CreateBody,
        response: { 200: DataModel, ...Errors },
      },
    },
    async (request) => dataTypes.create(caller(request), request.body),
  );

  app.put<{ Body: UpdateDataModelInput }>(
    '/api/DataTypes',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Rename a data model; with `attributes`, replace its attribute set too',
        security: PRINCIPAL_SECURITY,
        body: UpdateBody,
        response: { 200: DataModel, ...Errors },
      },
    },
    async (request) => dataTypes.update(caller(request), request.body),
  );

  app.delete<{ Params: Static<typeof ValueParams> }>(
    '/api/DataTypes/:value',
    {
      config: NO_BODY,
      schema: {
        tags: TAGS,
        summary: 'Delete a data model; refused while a process or another model uses it',
        security: PRINCIPAL_SECURITY,
        params: ValueParams,
        response: { 200: Type.Object({ id: Guid }), ...Errors },
      },
    },
    async (request) => dataTypes.delete(caller(request), request.params.value),
  );

  for (const method of ['POST', 'PUT'] as const) {
    app.route<{ Params: Static<typeof RootParams>; Body: AttributeInput }>({
      method,
      url: '/api/DataTypes/attribute/:rootId',
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary:
          method === 'POST'
            ? 'Add an attribute to the model or to a model inside it (`parentDataTypeId`)'
            : 'Replace an attribute (by `id`) of the model or of a model inside it',
        security: PRINCIPAL_SECURITY,
        params: RootParams,
        body: AttributeBody,
        response: { 200: DataModel, ...Errors },
      },
      handler: async (request) =>
        method === 'POST'
          ? dataTypes.addAttribute(caller(request), request.params.rootId, request.body)
          : dataTypes.replaceAttribute(caller(request), request.params.rootId, request.body),
    });
  }

  app.delete<{ Params: Static<typeof AttributeParams> }>(
    '/api/DataTypes/attribute/:rootId/:attributeId',
    {
      config: NO_BODY,
      schema: {
        tags: TAGS,
        summary: 'Delete an attribute of the model or of a model inside it; answers the model',
        security: PRINCIPAL_SECURITY,
        params: AttributeParams,
        response: { 200: DataModel, ...Errors },
      },
    },
    async (request) =>
      dataTypes.deleteAttribute(caller(request), request.params.rootId, request.params.attributeId),
  );
}
