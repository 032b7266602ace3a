// Status, version and liveness (API.md §12).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { StatusService } from '../../services/status.service.js';
import { API_VERSION, SLUICE_VERSION } from '../../version.js';
import { AUTH_ERRORS, PRINCIPAL_SECURITY } from '../schemas/common.schemas.js';

const Component = Type.Object(
  { status: Type.Union([Type.Literal('ok'), Type.Literal('down')]) },
  { additionalProperties: true },
);
const Status = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  version: Type.String(),
  apiVersion: Type.String(),
  time: Type.String({ format: 'date-time' }),
  components: Type.Record(Type.String(), Component),
});
const Version = Type.Object({
  version: Type.String(),
  apiVersion: Type.String(),
  name: Type.String(),
});

const ANONYMOUS = {
  security: { auth: 'anonymous', workspace: false, body: ['json', 'form', 'other'] },
} as const;

export function registerStatusRoutes(app: FastifyInstance, deps: { status: StatusService }): void {
  app.get(
    '/api/Status',
    {
      config: { security: { auth: 'principal', workspace: true } },
      schema: {
        tags: ['Status'],
        summary: 'Health of the database, queue, scheduler and workers',
        security: PRINCIPAL_SECURITY,
        response: { 200: Status, ...AUTH_ERRORS },
      },
    },
    async () => deps.status.report(),
  );

  const version = { version: SLUICE_VERSION, apiVersion: API_VERSION, name: 'Sluice' };
  const versionSchema = { tags: ['Status'], summary: 'Server version', response: { 200: Version } };
  app.get('/gui/Version', { config: ANONYMOUS, schema: versionSchema }, async () => version);
  app.post('/gui/Version', { config: ANONYMOUS, schema: versionSchema }, async () => version);

  app.get(
    '/health',
    {
      config: ANONYMOUS,
      schema: {
        tags: ['Status'],
        summary: 'Liveness: answers while the process serves requests',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
}
