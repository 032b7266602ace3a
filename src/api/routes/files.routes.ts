// File routes (API.md §4.3, §4.8, §4.9): upload the bytes of a published instance's File input,
// download a file value of an instance.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { roleAllows } from '../../domain/identity.js';
import { SluiceError } from '../../errors/catalogue.js';
import type { ActionTestRunService } from '../../services/action-test-run.service.js';
import type { FileService } from '../../services/file.service.js';
import type { Caller } from '../../services/instance.service.js';
import type { ScheduleService } from '../../services/schedule.service.js';
import { readPackagePart } from '../plugins/multipart.js';
import { AUTH_ERRORS, ErrorBody, PRINCIPAL_SECURITY } from '../schemas/common.schemas.js';

const TAGS = ['Files'];

/** Ids travel as headers, in any case (API.md §0.2); Node hands them over lower-cased. */
const UploadHeaders = Type.Object({
  flowInstanceId: Type.Optional(Type.String({ description: 'The published instance.' })),
  variableName: Type.Optional(Type.String({ description: 'Name of the File input.' })),
  fileId: Type.Optional(Type.String({ description: 'An id in that input’s value.' })),
  flowTemplateId: Type.Optional(Type.String({ description: 'The instance’s process (optional).' })),
  processId: Type.Optional(Type.String({ description: 'Alias of flowTemplateId.' })),
});

const TestUploadHeaders = Type.Object({
  testActionId: Type.Optional(Type.String({ description: 'The test id (`gid`).' })),
  variableId: Type.Optional(Type.String({ description: 'The File variable of the test.' })),
  fileId: Type.Optional(Type.String({ description: 'The id the test value names.' })),
});

const ScheduleUploadHeaders = Type.Object({
  scheduleId: Type.Optional(Type.String({ description: 'The schedule.' })),
  variableId: Type.Optional(Type.String({ description: 'The File input (variable id).' })),
  fileId: Type.Optional(Type.String({ description: 'An id in that input’s value.' })),
});

const DownloadIds = {
  uploadFilePath: Type.Optional(Type.String({ description: 'The file value’s path.' })),
  variableId: Type.Optional(Type.String()),
  instanceId: Type.Optional(Type.String()),
  flowTemplateId: Type.Optional(Type.String()),
};
const DownloadHeaders = Type.Object(DownloadIds);
const DownloadQuery = Type.Object({
  ...DownloadIds,
  isArchived: Type.Optional(Type.Boolean({ description: 'Accepted and ignored.' })),
});
type DownloadQuery = Static<typeof DownloadQuery>;

function caller(request: FastifyRequest): Caller {
  return {
    workspaceId: request.workspaceContext!.workspace.id,
    userId: request.principal!.user.id,
  };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** `filename` for every client (ASCII, no quotes), `filename*` with the exact UTF-8 name. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function registerFileRoutes(
  app: FastifyInstance,
  deps: { files: FileService; actionTests: ActionTestRunService; schedules: ScheduleService },
): void {
  const service = deps.files;

  app.post(
    '/api/File/upload/flow',
    {
      config: { security: { auth: 'principal', workspace: true, body: ['multipart'] } },
      schema: {
        tags: TAGS,
        summary:
          'Upload the bytes of a File input of a published instance (multipart part "package")',
        description:
          'multipart/form-data; the file is the part named `package` (its filename and content ' +
          'type become the file’s name and mimeType), other parts are ignored. Answers the ' +
          'fileId as a JSON string.',
        security: PRINCIPAL_SECURITY,
        headers: UploadHeaders,
        response: {
          200: Type.String({ description: 'The fileId.' }),
          400: ErrorBody,
          404: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request, reply) => {
      if (!roleAllows(request.workspaceContext!.role, 'create'))
        throw new SluiceError('FORBIDDEN', 'role', { value: 'Unauthorized user.' });
      const target = await service.prepareFlowUpload(caller(request), {
        instanceId: header(request, 'flowInstanceId'),
        variableName: header(request, 'variableName'),
        fileId: header(request, 'fileId'),
        processId: header(request, 'flowTemplateId') || header(request, 'processId'),
      });
      const fileId = await readPackagePart(request, service.fileLimitBytes, (file) =>
        service.storeFlowUpload(target, file),
      );
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(fileId));
    },
  );

  app.post(
    '/api/File/upload/testAction',
    {
      config: { security: { auth: 'principal', workspace: true, body: ['multipart'] } },
      schema: {
        tags: TAGS,
        summary: 'Upload a File test value before testing an action (multipart part "package")',
        description:
          'Headers `testActionId` (the `gid` the test will use), `variableId` and `fileId` (the ' +
          'id the test value names). The file waits one hour for its test. Answers the fileId ' +
          'as a JSON string.',
        security: PRINCIPAL_SECURITY,
        headers: TestUploadHeaders,
        response: {
          200: Type.String({ description: 'The fileId.' }),
          400: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const fileId = await deps.actionTests.upload(
        { principal: request.principal!, workspace: request.workspaceContext! },
        {
          testActionId: header(request, 'testActionId'),
          variableId: header(request, 'variableId'),
          fileId: header(request, 'fileId'),
        },
        (store) => readPackagePart(request, service.fileLimitBytes, store),
      );
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(fileId));
    },
  );

  app.post(
    '/api/File/upload/schedule',
    {
      config: { security: { auth: 'principal', workspace: true, body: ['multipart'] } },
      schema: {
        tags: TAGS,
        summary: 'Upload the bytes of a File input a schedule passes to its runs (part "package")',
        description:
          'Headers `scheduleId`, `variableId` (the File input) and `fileId` (an id in the ' +
          'input’s value in the schedule’s processInputs). Every run gets its own copy. Answers ' +
          'the fileId as a JSON string.',
        security: PRINCIPAL_SECURITY,
        headers: ScheduleUploadHeaders,
        response: {
          200: Type.String({ description: 'The fileId.' }),
          400: ErrorBody,
          404: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const target = await deps.schedules.prepareUpload(
        { principal: request.principal!, workspace: request.workspaceContext! },
        {
          scheduleId: header(request, 'scheduleId'),
          variableId: header(request, 'variableId'),
          fileId: header(request, 'fileId'),
        },
      );
      const fileId = await readPackagePart(request, service.fileLimitBytes, (file) =>
        deps.schedules.storeUpload(target, file),
      );
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(fileId));
    },
  );

  app.get<{ Querystring: DownloadQuery }>(
    '/api/File/download',
    {
      config: { security: { auth: 'principal', workspace: true } },
      schema: {
        tags: TAGS,
        summary: 'Download a file value of an instance by its path',
        description:
          'Ids as headers (or query parameters; headers win). Streams the bytes with the stored ' +
          'mimeType and a Content-Disposition attachment.',
        security: PRINCIPAL_SECURITY,
        headers: DownloadHeaders,
        querystring: DownloadQuery,
        response: { 400: ErrorBody, 404: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      const pick = (name: keyof typeof DownloadIds) => header(request, name) || request.query[name];
      const file = await service.download(caller(request), {
        path: pick('uploadFilePath'),
        variableId: pick('variableId'),
        instanceId: pick('instanceId'),
        processId: pick('flowTemplateId'),
      });
      return reply
        .header('content-type', file.mimeType)
        .header('content-length', String(file.size))
        .header('content-disposition', contentDisposition(file.name))
        .header('x-content-type-options', 'nosniff')
        .send(file.stream);
    },
  );
}
