// The storage port for the action catalogue's workspace data (API.md §9): user folders, saved
// templates (prototypes), custom actions and single-action test runs with their uploaded files.
// Every read and write is scoped to one workspace; another workspace's record is
// indistinguishable from none, and an id another workspace holds is refused as taken.

export interface ActionChange {
  at: Date;
  userId: string | null;
  userName: string | null;
}

export interface ActionFolderRecord {
  id: string;
  workspaceId: string;
  /** null at the root. */
  parentId: string | null;
  name: string;
  order: number;
  createdOn: Date;
  updatedOn: Date;
}

export type FolderCreation = 'created' | 'id-taken' | 'name-taken' | 'parent-missing';
export type FolderRename = 'renamed' | 'missing' | 'name-taken';
export type FolderDeletion = 'deleted' | 'missing' | 'not-empty';

export interface ActionPrototypeRecord {
  id: string;
  workspaceId: string;
  /** The user folder it is filed in; null at the root. */
  parentNodeId: string | null;
  name: string;
  icon: string | null;
  /** The pre-configured ActionDto, stored verbatim. */
  actionTemplate: unknown;
  createdOn: Date;
  createdById: string | null;
  updatedOn: Date;
  updatedById: string | null;
}

export type PrototypeSave = 'saved' | 'id-taken' | 'folder-missing';

export interface CustomActionRecord {
  id: string;
  workspaceId: string;
  name: string;
  /** The package's `sluice-action.json`, as accepted. */
  manifest: unknown;
  entrySource: string;
  createdOn: Date;
  createdById: string | null;
  createdBy: string | null;
  updatedOn: Date;
  updatedById: string | null;
  updatedBy: string | null;
  /** Set by a delete: hidden from the catalogue, still run by instances published before. */
  deletedOn: Date | null;
}

/** What tells a cached custom action apart from a newer upload of the same id. */
export interface CustomActionVersion {
  id: string;
  updatedOn: Date;
  deleted: boolean;
}

export interface NewCustomAction {
  id: string;
  workspaceId: string;
  name: string;
  manifest: unknown;
  entrySource: string;
  change: ActionChange;
}

/** ActionStatus of a test run (API.md §9.4): 10 running, 40 done, 90 error. */
export interface ActionTestRecord {
  id: string;
  workspaceId: string;
  templateId: string;
  status: number;
  /** The answer of `GET /api/Actions/test/{id}` once finished; null while running. */
  result: unknown;
  createdById: string | null;
  startedOn: Date;
  finishedOn: Date | null;
  expiresOn: Date;
}

export interface NewActionTest {
  id: string;
  workspaceId: string;
  templateId: string;
  createdById: string | null;
  startedOn: Date;
  expiresOn: Date;
}

/** A file uploaded for a test before it runs (`POST /api/File/upload/testAction`). */
export interface ActionTestFileRecord {
  testId: string;
  workspaceId: string;
  variableId: string;
  fileId: string;
  /** The stored file value (`{name, id, path, size, mimeType, hash}`). */
  value: unknown;
  expiresOn: Date;
}

export interface ActionStore {
  folders(workspaceId: string): Promise<ActionFolderRecord[]>;
  folder(workspaceId: string, id: string): Promise<ActionFolderRecord | null>;
  /**
   * Creates a folder under `parentId` (null: the root). Names are unique among siblings in any
   * case; a parent that is not a folder of the workspace is `parent-missing`.
   */
  createFolder(
    folder: Omit<ActionFolderRecord, 'createdOn' | 'updatedOn'>,
    change: ActionChange,
  ): Promise<FolderCreation>;
  renameFolder(
    workspaceId: string,
    id: string,
    name: string,
    change: ActionChange,
  ): Promise<FolderRename>;
  /** Deletes a folder that holds no folder and no template; the check and the delete are atomic. */
  deleteFolder(workspaceId: string, id: string): Promise<FolderDeletion>;

  prototypes(workspaceId: string): Promise<ActionPrototypeRecord[]>;
  prototype(workspaceId: string, id: string): Promise<ActionPrototypeRecord | null>;
  /** Creates the template, or replaces the workspace's template with that id. */
  savePrototype(
    prototype: Omit<
      ActionPrototypeRecord,
      'createdOn' | 'createdById' | 'updatedOn' | 'updatedById'
    >,
    change: ActionChange,
  ): Promise<PrototypeSave>;
  deletePrototype(workspaceId: string, id: string): Promise<boolean>;

  /**
   * Stores a custom action, or replaces the workspace's action with that id (a deleted one comes
   * back). `id-taken` when another workspace holds the id.
   */
  saveCustomAction(action: NewCustomAction): Promise<'saved' | 'id-taken'>;
  /** Every custom action of the workspace, deleted ones included, without their content. */
  customActionVersions(workspaceId: string): Promise<CustomActionVersion[]>;
  /** The full records of these ids in the workspace (deleted ones included). */
  customActions(workspaceId: string, ids: readonly string[]): Promise<CustomActionRecord[]>;
  /** Marks the action deleted; false when it is not a live action of the workspace. */
  deleteCustomAction(workspaceId: string, id: string, at: Date): Promise<boolean>;

  /**
   * Records a test as running. Replaces a finished test with that id in the workspace; false when
   * another workspace holds the id or the test is still running.
   */
  startTest(test: NewActionTest): Promise<boolean>;
  /**
   * Records the result (and keeps the test and its uploaded files until `expiresOn`); false when
   * the test is no longer there.
   */
  finishTest(
    id: string,
    outcome: { status: number; result: unknown; finishedOn: Date; expiresOn: Date },
  ): Promise<boolean>;
  test(workspaceId: string, id: string): Promise<ActionTestRecord | null>;
  /** Whether another workspace holds this test id (by a test or an upload). */
  testIdTakenElsewhere(workspaceId: string, id: string): Promise<boolean>;
  /** Creates or replaces the upload for (test, variable, file id). */
  saveTestFile(file: ActionTestFileRecord): Promise<void>;
  testFiles(workspaceId: string, testId: string): Promise<ActionTestFileRecord[]>;
  /** Tests and uploads whose time is up (oldest first), for the clean-up. */
  expiredTests(now: Date, limit: number): Promise<ActionTestRecord[]>;
  expiredTestFiles(now: Date, limit: number): Promise<ActionTestFileRecord[]>;
  /** Deletes a test with its uploads. */
  deleteTest(id: string): Promise<void>;
  deleteTestFile(testId: string, variableId: string, fileId: string): Promise<void>;
}
