// The workspaces the caller can use (API.md §1.5); the CLI's auth probe.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { WorkspaceType } from '../../domain/identity.js';
import type { IdentityService } from '../../services/identity.service.js';
import { AUTH_ERRORS, Guid, PRINCIPAL_SECURITY } from '../schemas/common.schemas.js';

const WorkspaceItem = Type.Object({
  id: Guid,
  workspace: Type.String({ description: 'The workspace name.' }),
  type: Type.Integer({ description: '1 personal, 2 shared.' }),
  licenseType: Type.Integer(),
  hasAccess: Type.Boolean(),
  parentId: Type.Union([Type.String(), Type.Null()]),
});

export function registerWorkspaceRoutes(
  app: FastifyInstance,
  deps: { identity: IdentityService },
): void {
  app.get(
    '/api/Workspaces',
    {
      config: { security: { auth: 'principal', workspace: false } },
      schema: {
        tags: ['Workspaces'],
        summary: 'Workspaces the caller can use, personal first',
        security: PRINCIPAL_SECURITY,
        response: { 200: Type.Array(WorkspaceItem), ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const principal = request.principal!;
      let memberships = await deps.identity.listWorkspaces(principal.user.id);
      // A key made in a shared workspace reaches only that workspace.
      if (principal.kind === 'apiKey' && principal.keyWorkspace.type !== WorkspaceType.Personal) {
        memberships = memberships.filter((m) => m.workspace.id === principal.keyWorkspace.id);
      }
      return memberships.map((m) => ({
        id: m.workspace.id,
        workspace: m.workspace.name,
        type: m.workspace.type,
        licenseType: 0,
        hasAccess: true,
        parentId: null,
      }));
    },
  );
}
