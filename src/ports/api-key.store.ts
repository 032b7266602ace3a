// The storage port for API keys: a name, the SHA-256 of the value, its workspace and owner.

export interface ApiKeyRecord {
  id: string;
  workspaceId: string;
  userId: string;
  name: string;
  valueHash: string;
  createdOn: Date;
  lastAccessed: Date | null;
}

export interface ApiKeyStore {
  create(key: ApiKeyRecord): Promise<void>;
  count(workspaceId: string, userId: string): Promise<number>;
  /** The owner's keys in the workspace, oldest first. */
  list(workspaceId: string, userId: string): Promise<ApiKeyRecord[]>;
  findByName(name: string): Promise<ApiKeyRecord | null>;
  /** Deletes one key if it is the owner's in that workspace; returns whether it existed. */
  delete(id: string, workspaceId: string, userId: string): Promise<boolean>;
  deleteAll(workspaceId: string, userId: string): Promise<number>;
  /** Records a use; skipped when the stored time is newer than `notBefore`. */
  touch(id: string, at: Date, notBefore: Date): Promise<void>;
}
