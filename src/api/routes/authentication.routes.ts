// The Proxy API (API.md §1.1–1.3): login, refresh in both forms, logout; token mode and cookie
// mode (`x-requested-by`).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { OAuthError } from '../../services/oauth-error.js';
import type { AuthService, TokenSet } from '../../services/auth.service.js';
import { accessCookie, clearSessionCookies, refreshCookie, setSessionCookies } from '../cookies.js';
import { bearerToken } from '../plugins/authentication.js';
import { ErrorBody } from '../schemas/common.schemas.js';

const LoginForm = Type.Object(
  {
    grant_type: Type.Optional(Type.String()),
    username: Type.Optional(Type.String()),
    password: Type.Optional(Type.String()),
    realm: Type.Optional(Type.String()),
    client_id: Type.Optional(Type.String()),
    client_secret: Type.Optional(Type.String()),
    refresh_token: Type.Optional(Type.String()),
    code: Type.Optional(Type.String()),
  },
  { description: 'Form fields (application/x-www-form-urlencoded).' },
);
type LoginForm = Static<typeof LoginForm>;

const RefreshForm = Type.Object({
  refresh_token: Type.Optional(Type.String()),
  client_id: Type.Optional(Type.String()),
});
type RefreshForm = Static<typeof RefreshForm>;

const LogoutForm = Type.Object({
  refresh_token: Type.Optional(Type.String()),
  token: Type.Optional(Type.String()),
});
type LogoutForm = Static<typeof LogoutForm>;

const TokenBody = Type.Object({
  access_token: Type.Union([Type.String(), Type.Null()]),
  expires_in: Type.Integer(),
  refresh_expires_in: Type.Integer(),
  refresh_token: Type.Union([Type.String(), Type.Null()]),
  token_type: Type.Union([Type.String(), Type.Null()]),
  session_state: Type.Union([Type.String(), Type.Null()]),
  scope: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  error_description: Type.Union([Type.String(), Type.Null()]),
});

const CookieModeBody = Type.Object({
  message: Type.Optional(Type.String()),
  error: Type.Optional(Type.String()),
  error_description: Type.Optional(Type.String()),
});

const TOKEN_RESPONSES = {
  200: Type.Union([TokenBody, CookieModeBody], {
    description:
      'Token mode: the nine-field token body. Cookie mode (x-requested-by): a message, with Set-Cookie.',
  }),
  400: Type.Union([TokenBody, CookieModeBody]),
  401: TokenBody,
  413: ErrorBody,
  415: ErrorBody,
  429: ErrorBody,
};

function cookieMode(request: FastifyRequest): boolean {
  const value = request.headers['x-requested-by'];
  return typeof value === 'string' && value.trim() !== '';
}

function emptyTokenBody(error: string | null, description: string | null) {
  return {
    access_token: null,
    expires_in: 0,
    refresh_expires_in: 0,
    refresh_token: null,
    token_type: null,
    session_state: null,
    scope: null,
    error,
    error_description: description,
  };
}

function clientAddress(request: FastifyRequest): string {
  return request.ip || request.socket.remoteAddress || 'unknown';
}

export function registerAuthenticationRoutes(
  app: FastifyInstance,
  deps: { auth: AuthService },
): void {
  const { auth } = deps;

  function sendTokens(
    request: FastifyRequest,
    reply: FastifyReply,
    tokens: TokenSet,
    message: string,
  ) {
    if (cookieMode(request)) {
      reply.header(
        'set-cookie',
        setSessionCookies(request, {
          access: tokens.accessToken,
          accessMaxAge: tokens.accessExpiresIn,
          refresh: tokens.refreshToken,
          refreshMaxAge: tokens.refreshExpiresIn,
        }),
      );
      reply.header('x-session-expires-at', tokens.refreshExpiresOn.toISOString());
      reply.header('access-control-expose-headers', 'x-session-expires-at');
      return reply.code(200).send({ message });
    }
    return reply.code(200).send({
      access_token: tokens.accessToken,
      expires_in: tokens.accessExpiresIn,
      refresh_expires_in: tokens.refreshExpiresIn,
      refresh_token: tokens.refreshToken,
      token_type: 'bearer',
      session_state: tokens.loginId,
      scope: 'email profile',
      error: null,
      error_description: null,
    });
  }

  function sendOAuthError(request: FastifyRequest, reply: FastifyReply, error: OAuthError) {
    if (cookieMode(request))
      return reply.code(400).send({ error: error.error, error_description: error.description });
    return reply.code(error.tokenModeStatus).send(emptyTokenBody(error.error, error.description));
  }

  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    work: () => Promise<TokenSet>,
    message: string,
  ) {
    try {
      return sendTokens(request, reply, await work(), message);
    } catch (error) {
      if (error instanceof OAuthError) return sendOAuthError(request, reply, error);
      throw error;
    }
  }

  function refreshTokenOf(request: FastifyRequest, fromForm: string | undefined): string {
    const token = fromForm?.trim() || (cookieMode(request) ? refreshCookie(request) : undefined);
    if (!token) throw new OAuthError('invalid_request', 'Refresh token is missing');
    return token;
  }

  app.post<{ Body: LoginForm }>(
    '/api/Authentication',
    {
      config: { security: { auth: 'anonymous', workspace: false, body: ['form'] } },
      schema: {
        tags: ['Authentication'],
        summary: 'Log in (password grant) or refresh (grant_type=refresh_token)',
        consumes: ['application/x-www-form-urlencoded'],
        body: LoginForm,
        response: TOKEN_RESPONSES,
      },
    },
    async (request, reply) => {
      const form = request.body;
      const grant = form.grant_type?.trim() || 'password';
      if (grant === 'refresh_token') {
        return answer(
          request,
          reply,
          () => auth.refresh(refreshTokenOf(request, form.refresh_token)),
          'Token refreshed successfully',
        );
      }
      return answer(
        request,
        reply,
        async () => {
          if (grant !== 'password')
            throw new OAuthError(
              'unsupported_grant_type',
              `Grant type "${grant}" is not supported`,
            );
          const missing = (['username', 'password'] as const).filter((f) => !form[f]);
          if (missing.length > 0)
            throw new OAuthError('invalid_request', `Missing form field: ${missing.join(', ')}`);
          return auth.login({
            realm: form.realm ?? '',
            username: form.username ?? '',
            password: form.password ?? '',
            address: clientAddress(request),
          });
        },
        'Authentication successful',
      );
    },
  );

  app.post<{ Body: RefreshForm }>(
    '/api/Authentication/refreshToken',
    {
      config: { security: { auth: 'anonymous', workspace: false, body: ['form', 'json'] } },
      schema: {
        tags: ['Authentication'],
        summary: 'Exchange a refresh token for a new token pair (the old one is retired)',
        consumes: ['application/x-www-form-urlencoded'],
        body: RefreshForm,
        response: TOKEN_RESPONSES,
      },
    },
    async (request, reply) =>
      answer(
        request,
        reply,
        () => auth.refresh(refreshTokenOf(request, request.body.refresh_token)),
        'Token refreshed successfully',
      ),
  );

  function clearCookies(request: FastifyRequest, reply: FastifyReply) {
    const cleared = clearSessionCookies(request);
    if (cleared.length > 0) reply.header('set-cookie', cleared);
  }

  app.post<{ Body: LogoutForm }>(
    '/api/Authentication/logOut',
    {
      config: { security: { auth: 'anonymous', workspace: false, body: ['form', 'json'] } },
      schema: {
        tags: ['Authentication'],
        summary:
          'End one login: the one of the form refresh_token, else of the presented token or cookie',
        body: LogoutForm,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const refreshToken = request.body.refresh_token?.trim() || refreshCookie(request);
      if (refreshToken) {
        await auth.logoutByRefreshToken(refreshToken);
      } else {
        const access = bearerToken(request) ?? accessCookie(request);
        const principal = access ? await auth.authenticateAccessToken(access, 'bearer') : null;
        if (principal) await auth.logoutLogin(principal.loginId);
      }
      clearCookies(request, reply);
      return reply.code(204).send();
    },
  );

  app.delete<{ Body: LogoutForm }>(
    '/api/Authentication/logOut',
    {
      config: { security: { auth: 'anonymous', workspace: false, body: ['form', 'json'] } },
      schema: {
        tags: ['Authentication'],
        summary: 'End every login of the user the access token (form field token) belongs to',
        body: LogoutForm,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const token = request.body.token?.trim() || bearerToken(request) || accessCookie(request);
      if (token) await auth.logoutEverywhere(token);
      clearCookies(request, reply);
      return reply.code(204).send();
    },
  );
}
