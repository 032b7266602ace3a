// The action catalogue (API.md §9.1): `/api/Actions` lists, one action, by category, by folder
// (`node`), the folder tree and its changes, saved templates, custom action packages, single-
// action test runs and the Decisional operators.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { SluiceError } from '../../errors/catalogue.js';
import {
  PACKAGE_LIMIT_BYTES,
  type ActionCatalogueService,
} from '../../services/action-catalogue.service.js';
import type { ActionTestRunService } from '../../services/action-test-run.service.js';
import type { Caller } from '../../services/process.service.js';
import { readPackagePart } from '../plugins/multipart.js';
import {
  ActionManifest,
  ActionNode,
  ActionPrototype,
  CatalogueEnvelope,
  FolderBody,
  FullActionQuery,
  IdAnswer,
  ListQuery,
  NodeContents,
  NodeHeaders,
  NodeQuery,
  Operator,
  RenameBody,
  TemplateBody,
  TestBody,
  TestResult,
  TestStarted,
  UploadHeaders,
} from '../schemas/actions.schemas.js';
import { AUTH_ERRORS, ErrorBody, PRINCIPAL_SECURITY } from '../schemas/common.schemas.js';
import { Type } from '@sinclair/typebox';

const TAGS = ['Actions'];
const SECURITY = { security: { auth: 'principal', workspace: true } } as const;
/** Routes that take no body ignore whatever is sent. */
const NO_BODY = {
  security: { ...SECURITY.security, body: ['json', 'form', 'other'] },
} as const;
const MULTIPART = { security: { ...SECURITY.security, body: ['multipart'] } } as const;
const Errors = { 400: ErrorBody, 404: ErrorBody, ...AUTH_ERRORS };
const IdParams = Type.Object({ id: Type.String({ description: 'Id (GUID).' }) });

type IdRequest = FastifyRequest<{ Params: Static<typeof IdParams> }>;

function caller(request: FastifyRequest): Caller {
  return { principal: request.principal!, workspace: request.workspaceContext! };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads a whole upload into memory, refusing it past `limit` bytes (packages are small). */
async function collect(
  content: AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
  limit: number,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of content as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit)
      throw new SluiceError('FILE_TOO_LARGE', 'package', {
        value: `The package is larger than the limit of ${limit} bytes.`,
      });
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

export function registerActionRoutes(
  app: FastifyInstance,
  deps: { actionCatalogue: ActionCatalogueService; actionTests: ActionTestRunService },
): void {
  const catalogue = deps.actionCatalogue;
  const tests = deps.actionTests;

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/Actions',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Every action of the workspace, the folder tree and the saved templates',
        description:
          '`actionFilter` keeps actions (and templates) whose name or description contains it, ' +
          'in any case; `getFullAction=true` adds `configuration`, `events` and `updatedOn`.',
        security: PRINCIPAL_SECURITY,
        querystring: ListQuery,
        response: { 200: CatalogueEnvelope, 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) =>
      catalogue.list(caller(request), {
        filter: request.query.actionFilter,
        full: request.query.getFullAction ?? false,
      }),
  );

  app.get(
    '/api/Actions/decisional/operators',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'The operators of Decisional conditions (operatorType 1 unary, 2 binary)',
        security: PRINCIPAL_SECURITY,
        response: { 200: Type.Array(Operator), ...AUTH_ERRORS },
      },
    },
    async () => catalogue.operators(),
  );

  app.get<{ Params: { category: string }; Querystring: Static<typeof FullActionQuery> }>(
    '/api/Actions/category/:category',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'The actions of one category or platform folder (by name, any case)',
        security: PRINCIPAL_SECURITY,
        params: Type.Object({ category: Type.String() }),
        querystring: FullActionQuery,
        response: { 200: CatalogueEnvelope, 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) =>
      catalogue.byCategory(
        caller(request),
        request.params.category,
        request.query.getFullAction ?? false,
      ),
  );

  app.get<{ Querystring: Static<typeof NodeQuery> }>(
    '/api/Actions/node',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'What one folder holds (folder id in header `id`; none = the root)',
        description:
          'A platform folder holds its family’s actions; user folders and the root hold saved ' +
          'templates; `isCustom=true` lists the workspace’s custom actions.',
        security: PRINCIPAL_SECURITY,
        headers: NodeHeaders,
        querystring: NodeQuery,
        response: { 200: NodeContents, ...Errors },
      },
    },
    async (request) =>
      catalogue.node(caller(request), {
        folderId: header(request, 'id'),
        isCustom: request.query.isCustom ?? false,
        full: request.query.getFullAction ?? false,
      }),
  );

  app.get(
    '/api/Actions/folders',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'The folder tree: platform folders (read-only), then the workspace’s',
        security: PRINCIPAL_SECURITY,
        response: { 200: Type.Array(ActionNode), ...AUTH_ERRORS },
      },
    },
    async (request) => catalogue.folderTree(caller(request)),
  );

  app.get(
    '/api/Actions/folders/:id',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'One folder with its sub-folders',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: ActionNode, ...Errors },
      },
    },
    async (request: IdRequest) => catalogue.folder(caller(request), request.params.id),
  );

  app.post<{ Body: Static<typeof FolderBody> }>(
    '/api/Actions/folders',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Create a folder (name 1–64 characters, unique among its siblings)',
        security: PRINCIPAL_SECURITY,
        body: FolderBody,
        response: { 200: ActionNode, ...Errors },
      },
    },
    async (request) => catalogue.createFolder(caller(request), request.body),
  );

  app.patch<{ Body: Static<typeof RenameBody> }>(
    '/api/Actions/folders/rename',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Rename a folder of the workspace (platform folders are read-only)',
        security: PRINCIPAL_SECURITY,
        body: RenameBody,
        response: { 200: ActionNode, ...Errors },
      },
    },
    async (request) => catalogue.renameFolder(caller(request), request.body),
  );

  app.delete(
    '/api/Actions/folders/:id',
    {
      config: NO_BODY,
      schema: {
        tags: TAGS,
        summary: 'Delete an empty folder of the workspace',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: IdAnswer, ...Errors },
      },
    },
    async (request: IdRequest) => catalogue.deleteFolder(caller(request), request.params.id),
  );

  app.get(
    '/api/Actions/templates/:id',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'One saved template (a pre-configured action)',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: ActionPrototype, ...Errors },
      },
    },
    async (request: IdRequest) => catalogue.template(caller(request), request.params.id),
  );

  app.post<{ Body: Static<typeof TemplateBody> }>(
    '/api/Actions/templates',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Save a template; an existing id of the workspace is replaced',
        security: PRINCIPAL_SECURITY,
        body: TemplateBody,
        response: { 200: ActionPrototype, ...Errors },
      },
    },
    async (request) => catalogue.saveTemplate(caller(request), request.body),
  );

  app.delete(
    '/api/Actions/templates/:id',
    {
      config: NO_BODY,
      schema: {
        tags: TAGS,
        summary: 'Delete a saved template',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: IdAnswer, ...Errors },
      },
    },
    async (request: IdRequest) => catalogue.deleteTemplate(caller(request), request.params.id),
  );

  app.post<{ Body: Static<typeof TestBody> }>(
    '/api/Actions/test',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'Test one action: answers {id, status: 10} and runs it in the background',
        description:
          'Placeholders of `action.parameters` bind to `variables`, whose values are ' +
          '`testValues`. File values are uploaded first (POST /api/File/upload/testAction).',
        security: PRINCIPAL_SECURITY,
        body: TestBody,
        response: { 200: TestStarted, ...Errors },
      },
    },
    async (request) => tests.start(caller(request), request.body),
  );

  app.get(
    '/api/Actions/test/:id',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'The result of a test run (kept one hour)',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: TestResult, ...Errors },
      },
    },
    async (request: IdRequest) => tests.result(caller(request), request.params.id),
  );

  app.get(
    '/api/Actions/:id',
    {
      config: SECURITY,
      schema: {
        tags: TAGS,
        summary: 'One action with its configuration (DetailedActionTemplateDto)',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: ActionManifest, ...Errors },
      },
    },
    async (request: IdRequest) => {
      // `restricted` is a PROCESIO route Sluice does not serve yet (API.md §0.7).
      if (request.params.id.trim().toLowerCase() === 'restricted')
        throw new SluiceError('ROUTE_NOT_FOUND', `GET ${request.url.split('?')[0]}`);
      return catalogue.get(caller(request), request.params.id);
    },
  );

  app.post(
    '/api/Actions',
    {
      config: MULTIPART,
      schema: {
        tags: TAGS,
        summary: 'Upload a custom action package (multipart part "package", a zip ≤ 10 MiB)',
        description:
          'The zip holds `sluice-action.json` and a JavaScript entry module (API.md §9.5). ' +
          'Headers `name` and `path` (icon) override the manifest. The manifest’s `id` replaces ' +
          'the workspace’s action with that id.',
        security: PRINCIPAL_SECURITY,
        headers: UploadHeaders,
        response: { 200: IdAnswer, 413: ErrorBody, 415: ErrorBody, ...Errors },
      },
    },
    async (request) => {
      const zip = await readPackagePart(request, PACKAGE_LIMIT_BYTES, (file) =>
        collect(file.content, PACKAGE_LIMIT_BYTES),
      );
      return catalogue.upload(caller(request), zip, {
        name: header(request, 'name'),
        icon: header(request, 'path'),
      });
    },
  );

  app.delete(
    '/api/Actions/:id',
    {
      config: NO_BODY,
      schema: {
        tags: TAGS,
        summary: 'Delete a custom action (platform actions are read-only)',
        description:
          'The action disappears from the catalogue and flows saved with it afterwards are ' +
          'invalid; instances already published keep running it.',
        security: PRINCIPAL_SECURITY,
        params: IdParams,
        response: { 200: IdAnswer, ...Errors },
      },
    },
    async (request: IdRequest) => catalogue.deleteCustom(caller(request), request.params.id),
  );
}
