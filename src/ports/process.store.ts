// The storage port for process definitions: the current flow document of each process, its
// immutable saved versions, and the sub-process calls read from it. Every method is scoped to one
// workspace and atomic; a process of another workspace is indistinguishable from a missing one.
import type { FlowRequestDto } from '../flow/flow.schema.js';

/** A stored flow document: the client's DTO without server fields, its `id` the process id. */
export type FlowDocument = FlowRequestDto & { id: string };

/** Who made a change, and when. */
export interface ProcessChange {
  at: Date;
  userId: string | null;
  userName: string | null;
}

/** A process without its flow document: what lists show. */
export interface ProcessSummary {
  id: string;
  workspaceId: string;
  title: string;
  description: string | null;
  parentId: string | null;
  timeout: number;
  debugMode: boolean;
  isNotification: boolean;
  active: boolean;
  isValid: boolean;
  /** The current version; the first save is 1. */
  version: number;
  createdOn: Date;
  createdById: string | null;
  createdBy: string | null;
  updatedOn: Date;
  updatedById: string | null;
  updatedBy: string | null;
}

export interface ProcessRecord extends ProcessSummary {
  document: FlowDocument;
}

/** One saved version, as an instance pinned to it runs it. Never changes once written. */
export interface ProcessVersionRecord {
  processId: string;
  version: number;
  document: FlowDocument;
  isValid: boolean;
  createdOn: Date;
  createdById: string | null;
}

/** The fields every save derives from the flow document. */
export interface ProcessContent {
  title: string;
  description: string | null;
  parentId: string | null;
  timeout: number;
  debugMode: boolean;
  isNotification: boolean;
  isValid: boolean;
  document: FlowDocument;
  /** Ids of the processes the flow calls as literal Call/Trigger Subprocess targets. */
  calls: string[];
}

export interface NewProcess extends ProcessContent {
  id: string;
  workspaceId: string;
  active: boolean;
  change: ProcessChange;
}

export interface ProcessUpdate extends ProcessContent {
  /** null = unchanged. */
  active: boolean | null;
  change: ProcessChange;
}

export interface ProcessListQuery {
  /** Lower-case substring of the title; null = every process. */
  search: string | null;
  offset: number;
  /** null = every row from `offset`. */
  limit: number | null;
}

export type ProcessDeletion =
  | { outcome: 'deleted' }
  | { outcome: 'missing' }
  /** Refused: these processes (never the process itself) call it as a sub-process. */
  | { outcome: 'in-use'; callers: ProcessSummary[] };

export interface ProcessStore {
  /**
   * Inserts the process with version 1. Returns false, writing nothing, when the id is taken by
   * a process of any workspace.
   */
  create(process: NewProcess): Promise<boolean>;
  /**
   * Replaces the current document with a new version (the current one + 1) in one transaction;
   * concurrent saves get distinct, consecutive versions. Null when the process is not in the
   * workspace.
   */
  save(workspaceId: string, id: string, update: ProcessUpdate): Promise<ProcessRecord | null>;
  get(workspaceId: string, id: string): Promise<ProcessRecord | null>;
  /** The process without its document: what a run needs to find its version. */
  summary(workspaceId: string, id: string): Promise<ProcessSummary | null>;
  /** One saved version of a process of the workspace, or null. */
  getVersion(
    workspaceId: string,
    id: string,
    version: number,
  ): Promise<ProcessVersionRecord | null>;
  /** Ordered by lower-case title (code-point order), then id. */
  list(
    workspaceId: string,
    query: ProcessListQuery,
  ): Promise<{ total: number; items: ProcessSummary[] }>;
  count(workspaceId: string): Promise<number>;
  /** Which of these ids name processes of the workspace. */
  existing(workspaceId: string, ids: readonly string[]): Promise<Set<string>>;
  /** The workspace's other processes that call this one, ordered like `list`. */
  callers(workspaceId: string, id: string): Promise<ProcessSummary[]>;
  /** Sets the active flag without a new version. Null when the process is not in the workspace. */
  setActive(
    workspaceId: string,
    id: string,
    active: boolean,
    change: ProcessChange,
  ): Promise<ProcessSummary | null>;
  /** Deletes the process with all its versions, unless another process calls it. */
  delete(workspaceId: string, id: string): Promise<ProcessDeletion>;
}
