// API keys (API.md §10): list, create (value shown once), revoke one or all. Only a signed-in
// user manages keys; an API-key caller gets 403.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { normalizeGuid } from '../../domain/ids.js';
import type { UserPrincipal } from '../../domain/principal.js';
import { BareStringError } from '../../errors/catalogue.js';
import type { ApiKeyService } from '../../services/api-key.service.js';
import { AUTH_ERRORS, ErrorBody, Guid, USER_SECURITY } from '../schemas/common.schemas.js';

const KeyItem = Type.Object({
  id: Guid,
  name: Type.String({ description: 'Sent as header `key`.' }),
  lastAccessed: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const NewKey = Type.Object({
  ...KeyItem.properties,
  value: Type.String({ description: 'Sent as header `value`. Shown only in this answer.' }),
});
const BareString = Type.String({ description: 'A bare JSON string, as PROCESIO answers.' });

const SECURITY = { security: { auth: 'user', workspace: true } } as const;

export function registerApiKeyRoutes(app: FastifyInstance, deps: { apiKeys: ApiKeyService }): void {
  const user = (p: unknown) => p as UserPrincipal;

  app.get(
    '/api/ApiKey',
    {
      config: SECURITY,
      schema: {
        tags: ['ApiKey'],
        summary: 'The caller’s API keys in the workspace (never their values)',
        security: USER_SECURITY,
        response: { 200: Type.Array(KeyItem), ...AUTH_ERRORS },
      },
    },
    async (request) => deps.apiKeys.list(user(request.principal), request.workspaceContext!),
  );

  app.post(
    '/api/ApiKey',
    {
      config: { security: { ...SECURITY.security, body: ['json', 'form', 'other'] } },
      schema: {
        tags: ['ApiKey'],
        summary: 'Create an API key bound to the workspace; the value is shown only here',
        security: USER_SECURITY,
        response: { 200: NewKey, 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => deps.apiKeys.create(user(request.principal), request.workspaceContext!),
  );

  app.delete(
    '/api/ApiKey',
    {
      config: { security: { ...SECURITY.security, body: ['json', 'form', 'other'] } },
      schema: {
        tags: ['ApiKey'],
        summary: 'Revoke all the caller’s keys in the workspace',
        security: USER_SECURITY,
        response: {
          200: Type.Object({ deleted: Type.Integer() }),
          400: BareString,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const deleted = await deps.apiKeys.deleteAll(
        user(request.principal),
        request.workspaceContext!,
      );
      if (deleted === 0) throw new BareStringError(400, 'No apikey found to delete');
      return { deleted };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/ApiKey/:id',
    {
      config: { security: { ...SECURITY.security, body: ['json', 'form', 'other'] } },
      schema: {
        tags: ['ApiKey'],
        summary: 'Revoke one key',
        security: USER_SECURITY,
        params: Type.Object({ id: Type.String() }),
        response: {
          200: Type.Object({ id: Guid }),
          400: BareString,
          404: BareString,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const id = normalizeGuid(request.params.id);
      if (!id) throw new BareStringError(400, 'Invalid key id.');
      if (!(await deps.apiKeys.delete(user(request.principal), request.workspaceContext!, id)))
        throw new BareStringError(404, 'Invalid key id.');
      return { id };
    },
  );
}
