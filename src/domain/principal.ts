// Owns who is calling: a signed-in user (by Bearer token or cookie) or an API key, and the
// workspace the request works in.
import type { Realm, Role, User, Workspace } from './identity.js';

export interface UserPrincipal {
  kind: 'user';
  via: 'bearer' | 'cookie';
  user: User;
  realm: Realm;
  loginId: string;
}

export interface ApiKeyPrincipal {
  kind: 'apiKey';
  user: User;
  realm: Realm;
  keyId: string;
  /** The workspace the key was created in. */
  keyWorkspace: Workspace;
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

export interface WorkspaceContext {
  workspace: Workspace;
  role: Role;
}
