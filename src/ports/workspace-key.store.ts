// The storage port for workspace data keys, kept only wrapped by a master key. One key per
// workspace, created on its first secret; rotation replaces the wrapping in place.
export interface WrappedKey {
  /** The data key id, written into every ciphertext sealed with it. */
  id: string;
  workspaceId: string;
  /** The master key that wrapped it. */
  masterKeyId: string;
  wrapped: string;
  createdOn: Date;
  updatedOn: Date;
}

export interface WorkspaceKeyStore {
  get(workspaceId: string): Promise<WrappedKey | null>;
  /**
   * Stores the key unless the workspace already has one, and answers the workspace's key either
   * way, so nodes racing to create it end up using the same key.
   */
  insert(key: WrappedKey): Promise<WrappedKey>;
  /** Every wrapped key, for rotation. */
  list(): Promise<WrappedKey[]>;
  /**
   * Replaces the wrapping of a key if it is still `expected` (compare-and-set); the previous
   * wrapping is gone afterwards. False when it changed in the meantime.
   */
  rewrap(
    id: string,
    expected: string,
    next: { masterKeyId: string; wrapped: string; at: Date },
  ): Promise<boolean>;
}
