// The storage port for custom data models (API.md §6.3): models with their ordered attributes,
// scoped to a workspace, with public models visible read-only across the realm. Every write is
// one transaction; a model of another workspace is indistinguishable from a missing one.

/** Who made a change, and when. */
export interface DataModelChange {
  at: Date;
  userId: string | null;
  userName: string | null;
}

export interface StoredAttribute {
  /** GUID, unique within its model; flow bindings name it. */
  id: string;
  name: string;
  displayName: string;
  dataTypeId: string;
  isList: boolean;
  jsonProperty: string | null;
  updatedOn: Date;
}

export interface StoredDataModel {
  id: string;
  workspaceId: string;
  name: string;
  displayName: string;
  isPublic: boolean;
  /** DataModelTypeParam: Normal 1, Webhook 2. */
  type: number;
  /** In the client's order. */
  attributes: StoredAttribute[];
  createdOn: Date;
  createdById: string | null;
  createdBy: string | null;
  updatedOn: Date;
  updatedById: string | null;
  updatedBy: string | null;
}

/** The fields a create or replace writes; attributes are replaced as a whole. */
export interface DataModelContent {
  name: string;
  displayName: string;
  isPublic: boolean;
  attributes: Omit<StoredAttribute, 'updatedOn'>[];
}

/** Something that uses a model: another model (by an attribute) or a process (by a variable). */
export interface DataModelUser {
  kind: 'model' | 'process';
  id: string;
  name: string;
}

export type DataModelDeletion =
  | { outcome: 'deleted' }
  | { outcome: 'missing' }
  /** Another write committed since the generation the caller read; nothing was written. */
  | { outcome: 'stale' }
  /** Refused: these use it (never the model itself). */
  | { outcome: 'in-use'; users: DataModelUser[] };

export type DataModelWrite<T> =
  | { outcome: 'written'; model: T }
  | { outcome: 'missing' }
  /** Another write committed since the generation the caller read; nothing was written. */
  | { outcome: 'stale' }
  /** Another model of the workspace has this name (any case). */
  | { outcome: 'name-taken' }
  /** Refused: made private while these models or processes of other workspaces use it. */
  | { outcome: 'in-use'; users: DataModelUser[] };

/**
 * Every write below increments one global generation. Given `expectedGeneration` (what
 * {@link DataTypeStore.generation} answered before the caller read the models it validated
 * against), a write commits only if no other write committed since, and answers `stale`
 * otherwise; then the caller reads and validates again.
 */
export interface DataTypeStore {
  /** The generation of the data models now (read it before the models a write depends on). */
  generation(): Promise<number>;
  /**
   * The workspace's own models and the public models of the other workspaces of its realm,
   * with their attributes, ordered by lower-case display name (code-point order), then id.
   */
  visible(workspaceId: string): Promise<StoredDataModel[]>;
  /** How many models the workspace owns. */
  count(workspaceId: string): Promise<number>;
  create(
    workspaceId: string,
    id: string,
    content: DataModelContent,
    change: DataModelChange,
    expectedGeneration?: number,
  ): Promise<DataModelWrite<StoredDataModel>>;
  /**
   * Rewrites the model and its attribute set; attributes keep the ids given. A public model made
   * private is refused while models or processes of other workspaces use it.
   */
  replace(
    workspaceId: string,
    id: string,
    content: DataModelContent,
    change: DataModelChange,
    expectedGeneration?: number,
  ): Promise<DataModelWrite<StoredDataModel>>;
  /**
   * Deletes the model unless another model's attribute (in any workspace) or a variable of a
   * current process of its realm uses it.
   */
  delete(workspaceId: string, id: string, expectedGeneration?: number): Promise<DataModelDeletion>;
}
