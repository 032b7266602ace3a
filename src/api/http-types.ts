// Owns what a route declares about itself (who may call it, which workspace it works in, which
// body media it takes) and what the plumbing attaches to each request.
import type { Principal, WorkspaceContext } from '../domain/principal.js';

export type AuthMode =
  /** Anyone; a presented principal is still identified when valid (never refused). */
  | 'anonymous'
  /** A user (Bearer or cookie) or an API key. */
  | 'principal'
  /** A signed-in user only (Bearer or cookie); an API key gets 403. */
  | 'user';

/** `multipart` bodies are left unread for the route to stream (src/api/plugins/multipart.ts). */
export type BodyKind = 'none' | 'json' | 'form' | 'multipart' | 'other';

export interface RouteSecurity {
  auth: AuthMode;
  /** Whether the route works in a selected workspace (API.md §2.3). */
  workspace: boolean;
  /** Body media the route accepts; anything else is 415. Default: json. */
  body?: readonly BodyKind[];
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    workspaceContext: WorkspaceContext | null;
    bodyKind: BodyKind;
  }
  interface FastifyContextConfig {
    security?: RouteSecurity;
  }
}
