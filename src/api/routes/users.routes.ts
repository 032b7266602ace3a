// Password routes and the signed-in user (API.md §1.4, §1.5).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { UserPrincipal } from '../../domain/principal.js';
import { SluiceError } from '../../errors/catalogue.js';
import type { AuthService } from '../../services/auth.service.js';
import type { AuthenticationDeps } from '../plugins/authentication.js';
import { identify } from '../plugins/authentication.js';
import { AUTH_ERRORS, ErrorBody, Guid, Message, USER_SECURITY } from '../schemas/common.schemas.js';

const ChangeBody = Type.Object({
  clientId: Type.Optional(Type.String()),
  token: Type.Optional(
    Type.String({
      description: 'The user’s access token; absent = the request’s own Bearer token or cookie.',
    }),
  ),
  oldPassword: Type.String(),
  newPassword: Type.String(),
});
const ForgotBody = Type.Object({ email: Type.String(), realm: Type.Optional(Type.String()) });
const UpdateBody = Type.Object({ token: Type.String(), password: Type.String() });

const Me = Type.Object({
  id: Guid,
  userName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  firstName: Type.Union([Type.String(), Type.Null()]),
  lastName: Type.Union([Type.String(), Type.Null()]),
  realm: Type.String(),
  createdOn: Type.String({ format: 'date-time' }),
});

const ANONYMOUS = { security: { auth: 'anonymous', workspace: false } } as const;

export function registerUserRoutes(
  app: FastifyInstance,
  deps: AuthenticationDeps & { auth: AuthService },
): void {
  async function changingUser(
    request: FastifyRequest,
    token: string | undefined,
  ): Promise<UserPrincipal> {
    if (token?.trim()) {
      const principal = await deps.auth.authenticateAccessToken(token.trim(), 'bearer');
      if (!principal) throw new SluiceError('INVALID_CREDENTIALS', 'token');
      return principal;
    }
    const principal = await identify(request, deps);
    if (!principal) throw new SluiceError('UNAUTHENTICATED', 'token');
    if (principal.kind !== 'user') throw new SluiceError('FORBIDDEN', 'token');
    return principal;
  }

  app.post<{ Body: Static<typeof ChangeBody> }>(
    '/api/Users/password/change',
    {
      config: ANONYMOUS,
      schema: {
        tags: ['Users'],
        summary: 'Change the password (old and new); every other login of the user ends',
        body: ChangeBody,
        response: { 200: Message, 400: ErrorBody, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const principal = await changingUser(request, request.body.token);
      await deps.auth.changePassword(principal, request.body.oldPassword, request.body.newPassword);
      return { message: 'Password changed' };
    },
  );

  app.post<{ Body: Static<typeof ForgotBody> }>(
    '/api/Users/password/forgot',
    {
      config: ANONYMOUS,
      schema: {
        tags: ['Users'],
        summary: 'Request a password reset token by e-mail',
        body: ForgotBody,
        response: { 200: Message, 400: ErrorBody },
      },
    },
    async (request) => {
      await deps.auth.forgotPassword(request.body.email, request.body.realm || undefined);
      return { message: 'If the address is known, a reset e-mail was sent.' };
    },
  );

  app.post<{ Body: Static<typeof UpdateBody> }>(
    '/api/Users/password/update',
    {
      config: ANONYMOUS,
      schema: {
        tags: ['Users'],
        summary: 'Set a new password with a reset token; every login of the user ends',
        body: UpdateBody,
        response: { 200: Message, 400: ErrorBody },
      },
    },
    async (request) => {
      await deps.auth.resetPassword(request.body.token, request.body.password);
      return { message: 'Password updated' };
    },
  );

  app.get(
    '/api/Users/me',
    {
      config: { security: { auth: 'principal', workspace: false } },
      schema: {
        tags: ['Users'],
        summary: 'The signed-in user',
        security: USER_SECURITY,
        response: { 200: Me, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const principal = request.principal!;
      const { user, realm } = principal;
      return {
        id: user.id,
        userName: user.userName,
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        realm: realm.name,
        createdOn: user.createdOn.toISOString(),
      };
    },
  );
}
