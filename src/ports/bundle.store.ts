// The storage port bundle imports ask before writing (API.md §13.1): which workspace, if any,
// already holds an id, for each kind of entity a bundle carries.

export type BundleEntityKind = 'dataType' | 'credential' | 'webhook' | 'flow';

export interface BundleStore {
  /** The workspace of each of these ids that exists, in any workspace of the server. */
  owners(kind: BundleEntityKind, ids: readonly string[]): Promise<Map<string, string>>;
}
