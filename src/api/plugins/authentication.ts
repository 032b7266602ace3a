// Owns who a Web API request comes from (API.md §2): Bearer token, API key (`key`/`value`) or
// session cookie, in that order unless `auth_type: 1` asks for the key only; then the
// workspace the request works in.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../../domain/principal.js';
import { SluiceError } from '../../errors/catalogue.js';
import type { ApiKeyService } from '../../services/api-key.service.js';
import type { AuthService } from '../../services/auth.service.js';
import type { IdentityService } from '../../services/identity.service.js';
import { accessCookie } from '../cookies.js';
import type { RouteSecurity } from '../http-types.js';

export interface AuthenticationDeps {
  auth: AuthService;
  apiKeys: ApiKeyService;
  identity: IdentityService;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** Query parameters are matched case-insensitively (API.md §0.2). */
export function queryParam(request: FastifyRequest, name: string): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  if (!query) return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase() === lower)
      return typeof value === 'string'
        ? value
        : Array.isArray(value)
          ? String(value[0])
          : undefined;
  }
  return undefined;
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const authorization = header(request, 'authorization');
  const match = authorization ? /^Bearer\s+(.+)$/i.exec(authorization) : null;
  return match?.[1]?.trim() || undefined;
}

/**
 * Identifies the caller. Returns null when nothing was presented; throws 403 when something was
 * presented and nothing of it is valid.
 */
export async function identify(
  request: FastifyRequest,
  deps: AuthenticationDeps,
): Promise<Principal | null> {
  const keyName = header(request, 'key');
  const keyValue = header(request, 'value');
  const keyOnly = header(request, 'auth_type') === '1';
  const bearer = keyOnly ? undefined : bearerToken(request);
  const cookie = keyOnly ? undefined : accessCookie(request);
  const keyPresented = keyName !== undefined || keyValue !== undefined;

  if (bearer) {
    const principal = await deps.auth.authenticateAccessToken(bearer, 'bearer');
    if (principal) return principal;
  }
  if (keyName && keyValue) {
    const principal = await deps.apiKeys.authenticate(keyName, keyValue);
    if (principal) return principal;
  }
  if (cookie) {
    const principal = await deps.auth.authenticateAccessToken(cookie, 'cookie');
    // A cookie is sent by the browser on its own; the header proves the page asked for it.
    if (principal && header(request, 'x-requested-by')) return principal;
  }
  if (!bearer && !keyPresented && !cookie) return null;
  throw new SluiceError(
    'INVALID_CREDENTIALS',
    keyPresented ? 'Invalid api_key_name or workspace' : 'token',
  );
}

export function registerAuthentication(app: FastifyInstance, deps: AuthenticationDeps): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('workspaceContext', null);

  app.addHook('onRequest', async (request) => {
    const security: RouteSecurity | undefined = request.routeOptions.config.security;
    if (!security || security.auth === 'anonymous') return;
    const principal = await identify(request, deps);
    if (!principal) throw new SluiceError('UNAUTHENTICATED', 'user');
    if (security.auth === 'user' && principal.kind !== 'user') {
      throw new SluiceError('FORBIDDEN', 'user', { value: 'Unauthorized user.' });
    }
    request.principal = principal;
    if (security.workspace) {
      request.workspaceContext = await deps.identity.resolveWorkspace(principal, {
        workspaceId: header(request, 'workspaceid'),
        targetWorkspace: queryParam(request, 'targetWorkspace'),
        workspaceName: header(request, 'workspace'),
      });
    }
  });
}
