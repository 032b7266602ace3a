// Owns the identity model: realms, users, workspaces, memberships and what each role may do.

export const DEFAULT_REALM = 'procesio01';

/** PROCESIO's AuthorizationEntityType values for workspaces: 1 personal (master), 2 shared. */
export const WorkspaceType = { Personal: 1, Shared: 2 } as const;
export type WorkspaceType = (typeof WorkspaceType)[keyof typeof WorkspaceType];

export const ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What a caller wants to do to a resource (PROCESIO's permission actions). */
export type Permission = 'read' | 'create' | 'update' | 'delete' | 'admin';

const GRANTS: Record<Role, readonly Permission[]> = {
  owner: ['read', 'create', 'update', 'delete', 'admin'],
  admin: ['read', 'create', 'update', 'delete', 'admin'],
  editor: ['read', 'create', 'update', 'delete'],
  viewer: ['read'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface Realm {
  id: string;
  name: string;
  createdOn: Date;
}

export interface User {
  id: string;
  realmId: string;
  userName: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  createdOn: Date;
}

export interface Workspace {
  id: string;
  realmId: string;
  name: string;
  type: WorkspaceType;
  ownerId: string | null;
  createdOn: Date;
}

export interface Membership {
  workspace: Workspace;
  role: Role;
}

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export function passwordAcceptable(password: string): boolean {
  return password.length >= PASSWORD_MIN && password.length <= PASSWORD_MAX;
}

/** User names and workspace names compare case-insensitively; this is the stored lookup key. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}
