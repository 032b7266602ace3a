// Export and import of `.procesio` bundles (API.md §13.1): chosen entities or the whole
// workspace as a file download, and a bundle uploaded as the multipart part `importedData`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { SluiceError, invalidInput } from '../../errors/catalogue.js';
import type { BundleService, SensitiveExport } from '../../services/bundle.service.js';
import type { Caller } from '../../services/process.service.js';
import { AUTH_ERRORS, ErrorBody, PRINCIPAL_SECURITY } from '../schemas/common.schemas.js';
import {
  ExportEntitiesRequest,
  ExportHeaders,
  ImportAnswer,
  ImportHeaders,
} from '../schemas/transport.schemas.js';

const TAGS = ['Transport'];
const PART = 'importedData';
const Download = Type.String({ description: 'The bundle (application/octet-stream).' });

function caller(request: FastifyRequest): Caller {
  return { principal: request.principal!, workspace: request.workspaceContext! };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** A boolean header: true or false in any case; absent → `fallback`; anything else → 400. */
function flag(request: FastifyRequest, name: string, fallback: boolean): boolean {
  const value = header(request, name)?.trim();
  if (value === undefined || value === '') return fallback;
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false')
    throw invalidInput([{ target: name, value: `The ${name} header must be true or false.` }]);
  return lower === 'true';
}

function sendBundle(reply: FastifyReply, bundle: { fileName: string; bytes: Buffer }) {
  return reply
    .header('content-type', 'application/octet-stream')
    .header('content-disposition', `attachment; filename="${bundle.fileName}"`)
    .send(bundle.bytes);
}

export function registerTransportRoutes(
  app: FastifyInstance,
  deps: { bundles: BundleService; fileLimitBytes: number },
): void {
  const { bundles } = deps;

  app.post<{ Body: Static<typeof ExportEntitiesRequest> }>(
    '/api/Transport/export-entities',
    {
      config: { security: { auth: 'principal', workspace: true } },
      schema: {
        tags: TAGS,
        summary: 'Export chosen entities (and what they use) as a .procesio bundle',
        description:
          'Secret credential values are written as null unless `exportSensitiveData` is true, ' +
          'which needs the header `exportPassword` (at least 12 characters): secrets are then ' +
          'sealed with it as `sluice-enc:v1:` values.',
        security: PRINCIPAL_SECURITY,
        body: ExportEntitiesRequest,
        headers: Type.Object({ exportPassword: Type.Optional(Type.String()) }),
        response: { 200: Download, 400: ErrorBody, 404: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const sensitive: SensitiveExport = {
        exportSensitiveData: body.exportSensitiveData === true,
        password: header(request, 'exportPassword'),
      };
      return sendBundle(
        reply,
        await bundles.export(
          caller(request),
          {
            dataModelIds: body.dataModelIds ?? [],
            flowIds: body.flowIds ?? [],
            credentialIds: body.credentialIds ?? [],
            webhookIds: body.webhookIds ?? [],
            withDependencies: true,
          },
          sensitive,
        ),
      );
    },
  );

  app.get(
    '/api/Transport/export',
    {
      config: {
        security: { auth: 'principal', workspace: true, body: ['json', 'form', 'other'] },
      },
      schema: {
        tags: TAGS,
        summary: 'Export the whole workspace as a .procesio bundle',
        description:
          'Boolean headers choose the kinds (each true when absent): `exportDataTypes`, ' +
          '`exportFlows`, `exportCredentials`, `exportWebhooks`. `exportSensitiveData: true` ' +
          'with `exportPassword` seals secrets into the bundle; otherwise they are null.',
        security: PRINCIPAL_SECURITY,
        headers: ExportHeaders,
        response: { 200: Download, 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      const every = (name: string) => (flag(request, name, true) ? null : []);
      return sendBundle(
        reply,
        await bundles.export(
          caller(request),
          {
            dataModelIds: every('exportDataTypes'),
            flowIds: every('exportFlows'),
            credentialIds: every('exportCredentials'),
            webhookIds: every('exportWebhooks'),
            withDependencies: false,
          },
          {
            exportSensitiveData: flag(request, 'exportSensitiveData', false),
            password: header(request, 'exportPassword'),
          },
        ),
      );
    },
  );

  app.post(
    '/api/Transport/import',
    {
      config: { security: { auth: 'principal', workspace: true, body: ['multipart'] } },
      schema: {
        tags: TAGS,
        summary: 'Import a .procesio bundle (multipart part "importedData"), all or nothing',
        description:
          'Ids are kept; an id another workspace holds gets a new one (listed in `idMap`), an id ' +
          'this workspace holds is skipped unless `overrideData: true` replaces it. Any invalid ' +
          'entity answers 400 listing every problem, and nothing is written. Secrets sealed with ' +
          'a password need `importPassword`; without it they are imported empty (in `skipped`).',
        security: PRINCIPAL_SECURITY,
        headers: ImportHeaders,
        response: {
          200: ImportAnswer,
          400: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const options = {
        overrideData: flag(request, 'overrideData', false),
        importDataTypes: flag(request, 'importDataTypes', true),
        importCredentials: flag(request, 'importCredentials', true),
        importWebhooks: flag(request, 'importWebhooks', true),
        importFlows: flag(request, 'importFlows', true),
        password: header(request, 'importPassword') || undefined,
      };
      const bytes = await readImportedData(request, deps.fileLimitBytes);
      return bundles.import(caller(request), bytes, options);
    },
  );
}

/** The bytes of the `importedData` part (a file or a field), whole; other parts are skipped. */
async function readImportedData(request: FastifyRequest, limit: number): Promise<Buffer> {
  let found: Buffer | null = null;
  try {
    for await (const part of request.parts()) {
      const wanted = found === null && part.fieldname?.toLowerCase() === PART.toLowerCase();
      if (part.type === 'field') {
        if (wanted) found = Buffer.from(String(part.value), 'utf8');
        continue;
      }
      if (!wanted) {
        part.file.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.file.truncated)
        throw new SluiceError('FILE_TOO_LARGE', PART, {
          value: `The bundle is larger than the limit of ${limit} bytes.`,
        });
      found = Buffer.concat(chunks);
    }
  } catch (error) {
    if (error instanceof SluiceError) throw error;
    if ((error as { statusCode?: unknown }).statusCode === 413) throw error;
    throw invalidInput([
      {
        target: 'body',
        value: `The multipart body is malformed (${(error as Error).message ?? String(error)}).`,
      },
    ]);
  }
  if (!found)
    throw invalidInput([
      { target: PART, value: 'The multipart body has no part named importedData.' },
    ]);
  return found;
}
