// The storage port for webhooks (API.md §5): their definitions, scoped to a workspace, the
// processes whose flows bind them, and the deliveries a dedupe rule has seen. Claiming a delivery
// is atomic across every server sharing the database.

/** Who made a change, and when. */
export interface WebhookChange {
  at: Date;
  userId: string | null;
  userName: string | null;
}

/** Sluice's dedupe rule (API.md §5.1): a key from a header (1) or a body path (2) within a window. */
export interface DedupeRule {
  source: 1 | 2;
  path: string;
  windowSeconds: number;
}

/** `customResponseConfig` (API.md §5.1): StaticJson 1, Javascript 2, JsonPath 3. */
export interface CustomResponseConfig {
  configType: number;
  config: unknown;
}

/** What a create or update writes. */
export interface WebhookContent {
  name: string;
  payloadIsList: boolean;
  hasHeader: boolean;
  hasQuery: boolean;
  dataModelId: string | null;
  /** AUTO 0, MANUAL 1. */
  type: number;
  /** The sample payload; stored verbatim. */
  definition: unknown;
  isEdited: boolean;
  /** The payload data model as the designer sent it; stored verbatim. */
  dataModel: unknown;
  customResponseConfig: CustomResponseConfig | null;
  dedupe: DedupeRule | null;
}

export interface WebhookRecord extends WebhookContent {
  id: string;
  workspaceId: string;
  createdOn: Date;
  createdById: string | null;
  createdBy: string | null;
  updatedOn: Date;
  updatedById: string | null;
  updatedBy: string | null;
}

export interface WebhookListQuery {
  /** Lower-case substring of the name; null = every webhook. */
  search: string | null;
  offset: number;
  /** null = every row from `offset`. */
  limit: number | null;
}

/** A process whose current flow document mentions a webhook id (its bindings decide the rest). */
export interface BindingCandidate {
  id: string;
  title: string;
  workspaceId: string;
  active: boolean;
  isValid: boolean;
  createdById: string | null;
  /** The current flow document as stored. */
  document: unknown;
}

export type WebhookWrite = 'written' | 'missing' | 'name-taken' | 'id-taken';

export interface WebhookStore {
  /** Inserts a webhook; `id-taken` when any workspace has that id, `name-taken` within its own. */
  create(
    workspaceId: string,
    id: string,
    content: WebhookContent,
    change: WebhookChange,
  ): Promise<Exclude<WebhookWrite, 'missing'>>;
  /** Replaces a webhook's content; `missing` when it is not in the workspace. */
  update(
    workspaceId: string,
    id: string,
    content: WebhookContent,
    change: WebhookChange,
  ): Promise<Exclude<WebhookWrite, 'id-taken'>>;
  get(workspaceId: string, id: string): Promise<WebhookRecord | null>;
  /** A webhook of any workspace: what the anonymous launch route starts from. */
  find(id: string): Promise<WebhookRecord | null>;
  /** Ordered by lower-case name (code-point order), then id. */
  list(
    workspaceId: string,
    query: WebhookListQuery,
  ): Promise<{ total: number; items: WebhookRecord[] }>;
  delete(workspaceId: string, id: string): Promise<boolean>;
  /** The processes of the workspace whose current flow mentions the id, ordered by title. */
  bindingCandidates(workspaceId: string, webhookId: string): Promise<BindingCandidate[]>;
  /**
   * Records that `key` was delivered to the webhook at `now`, unless it was already seen and its
   * window has not expired. True for the one caller (across every server) that claims it.
   */
  claimDelivery(webhookId: string, key: string, now: Date, expiresOn: Date): Promise<boolean>;
  /** Forgets a claimed delivery (nothing was started for it after all). */
  releaseDelivery(webhookId: string, key: string): Promise<void>;
  /** Deletes deliveries whose window ended before `now`; returns how many. */
  pruneDeliveries(now: Date): Promise<number>;
}
