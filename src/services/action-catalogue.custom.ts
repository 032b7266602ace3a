// Owns each workspace's custom actions as the compiler and the engine see them (API.md §9.5):
// stored manifests and entry sources turned into runnable actions once per upload and kept in
// memory. Every compile asks storage which versions exist, so an upload through another server
// process is picked up at the next save or plan; the engine's lookups read what was loaded.
import type { ActionDefinition } from '../actions/action.js';
import {
  checkCustomActionPackage,
  customActionFromStored,
  readCustomActionPackage,
  type CustomActionManifest,
} from '../actions/custom/index.js';
import type { WorkspaceActionProvider } from '../actions/registry.js';
import type { TemplateCatalog } from '../flow/template-catalog.js';
import type { ActionStore, CustomActionRecord } from '../ports/action.store.js';

/** The package runtime (src/actions/custom/) as the catalogue uses it. */
export interface CustomActionRuntime {
  /**
   * Reads an uploaded zip. Throws when it is not a Sluice action package (no valid
   * `sluice-action.json`, no entry module); the error's message says what is wrong.
   */
  readPackage(zip: Uint8Array): { manifest: unknown; entrySource: string };
  /** The runnable action for a stored manifest and entry source (sandboxed when it runs). */
  fromStored(manifest: unknown, entrySource: string): ActionDefinition;
  /** Compiles the entry module without running it; throws naming what does not compile. */
  check(manifest: unknown, entrySource: string): Promise<void>;
}

export interface LoadedCustomAction {
  record: CustomActionRecord;
  definition: ActionDefinition;
  deleted: boolean;
}

export class WorkspaceCustomActions implements WorkspaceActionProvider {
  /** Per workspace, per lower-case id: the loaded action and the version it was built from. */
  private readonly loaded = new Map<string, Map<string, LoadedCustomAction>>();

  constructor(
    private readonly store: ActionStore,
    private readonly runtime: CustomActionRuntime,
    private readonly log: (message: string, fields: Record<string, unknown>) => void,
  ) {}

  /** The workspace's custom actions as storage holds them now, deleted ones included. */
  async refresh(workspaceId: string): Promise<ReadonlyMap<string, LoadedCustomAction>> {
    const versions = await this.store.customActionVersions(workspaceId);
    const current = this.loaded.get(workspaceId) ?? new Map<string, LoadedCustomAction>();
    const changed = versions.filter(
      (v) => current.get(v.id)?.record.updatedOn.getTime() !== v.updatedOn.getTime(),
    );
    const next = new Map(current);
    for (const record of await this.store.customActions(
      workspaceId,
      changed.map((v) => v.id),
    ))
      this.build(next, record);
    for (const version of versions) {
      const entry = next.get(version.id);
      if (entry) entry.deleted = version.deleted;
    }
    this.loaded.set(workspaceId, next);
    return next;
  }

  /** Makes a just-stored action available at once (the next refresh would find it too). */
  remember(record: CustomActionRecord): LoadedCustomAction | undefined {
    const actions = this.loaded.get(record.workspaceId) ?? new Map<string, LoadedCustomAction>();
    this.loaded.set(record.workspaceId, actions);
    return this.build(actions, record);
  }

  markDeleted(workspaceId: string, id: string): void {
    const entry = this.loaded.get(workspaceId)?.get(id);
    if (entry) entry.deleted = true;
  }

  async catalog(
    workspaceId: string,
    options: { includeDeleted: boolean },
  ): Promise<TemplateCatalog> {
    const actions = await this.refresh(workspaceId);
    return {
      get(templateId) {
        const entry = actions.get(templateId.toLowerCase());
        return entry && (options.includeDeleted || !entry.deleted)
          ? entry.definition.template
          : undefined;
      },
    };
  }

  executable(templateId: string, workspaceId: string): ActionDefinition | undefined {
    return this.loaded.get(workspaceId)?.get(templateId.toLowerCase())?.definition;
  }

  private build(
    into: Map<string, LoadedCustomAction>,
    record: CustomActionRecord,
  ): LoadedCustomAction | undefined {
    try {
      const entry = {
        record,
        definition: this.runtime.fromStored(record.manifest, record.entrySource),
        deleted: record.deletedOn !== null,
      };
      into.set(record.id, entry);
      return entry;
    } catch (error) {
      // A stored action the runtime no longer accepts is left out; the rest of the workspace
      // keeps working, and the log says which one and why.
      this.log('a stored custom action cannot be loaded', {
        workspaceId: record.workspaceId,
        actionId: record.id,
        err: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }
}

/** The runtime of src/actions/custom/ behind the catalogue's interface. */
export const packageRuntime: CustomActionRuntime = {
  readPackage: (zip) => readCustomActionPackage(zip),
  fromStored: (manifest, entrySource) => customActionFromStored(manifest, entrySource),
  check: (manifest, entrySource) =>
    checkCustomActionPackage({ manifest: manifest as CustomActionManifest, entrySource }),
};
