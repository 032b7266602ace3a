// The storage port for credentials (API.md §7) and workspace-defined credential templates. Every
// method is scoped to one workspace; another workspace's record is indistinguishable from none.
import type { CredentialTemplate } from '../credentials/templates.js';

/** One property as stored: a secret's value is a sealed string (see ports/secret-box.ts). */
export interface StoredProperty {
  id: string;
  value: unknown;
}

export interface CredentialChange {
  at: Date;
  userId: string | null;
  userName: string | null;
}

export interface CredentialSummary {
  id: string;
  workspaceId: string;
  templateId: string;
  name: string;
  description: string | null;
  status: boolean;
  createdOn: Date;
  createdById: string | null;
  createdBy: string | null;
  updatedOn: Date;
  updatedById: string | null;
  updatedBy: string | null;
}

export interface CredentialRecord extends CredentialSummary {
  properties: StoredProperty[];
}

export interface NewCredential {
  id: string;
  workspaceId: string;
  templateId: string;
  name: string;
  description: string | null;
  properties: StoredProperty[];
  change: CredentialChange;
}

export interface CredentialUpdate {
  name: string;
  description: string | null;
  status: boolean;
  properties: StoredProperty[];
  change: CredentialChange;
}

export interface CredentialListQuery {
  /** Only this template's credentials; null = all. */
  templateId: string | null;
  /** Lower-case substring of the name; null = every credential. */
  search: string | null;
  offset: number;
  /** null = every row from `offset`. */
  limit: number | null;
}

export type CredentialDeletion =
  | { outcome: 'deleted' }
  | { outcome: 'missing' }
  | { outcome: 'in-use'; processes: { id: string; title: string }[] };

export interface CredentialStore {
  /** False, writing nothing, when the id is taken by a credential of any workspace. */
  create(credential: NewCredential): Promise<boolean>;
  /** Null when the credential is not in the workspace. */
  update(workspaceId: string, id: string, update: CredentialUpdate): Promise<boolean>;
  get(workspaceId: string, id: string): Promise<CredentialRecord | null>;
  /** Ordered by lower-case name (code-point order), then id. */
  list(workspaceId: string, query: CredentialListQuery): Promise<CredentialSummary[]>;
  count(workspaceId: string, templateId: string | null): Promise<number>;
  /**
   * Deletes the credential unless the current flow of a process of the workspace mentions its id;
   * the check and the delete are one transaction.
   */
  delete(workspaceId: string, id: string): Promise<CredentialDeletion>;
  /** Every credential of every workspace, for maintenance that walks them all. */
  all(): Promise<CredentialRecord[]>;

  /** False when the id is taken by a template of any workspace. */
  createTemplate(
    workspaceId: string,
    template: CredentialTemplate,
    change: CredentialChange,
  ): Promise<boolean>;
  templates(workspaceId: string): Promise<CredentialTemplate[]>;
  template(workspaceId: string, id: string): Promise<CredentialTemplate | null>;
}
