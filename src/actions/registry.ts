// Owns the action catalogue the flow compiler and the engine read: control templates (whose
// behaviour is the engine's) and executable actions, looked up by template id in any case. The
// platform actions are shared by every workspace; a workspace's own custom actions come from a
// provider the composition root plugs in, so this layer never touches storage.
import type { ActionTemplate, CatalogSource, TemplateCatalog } from '../flow/template-catalog.js';
import type { ActionDefinition } from './action.js';

/** The custom actions of each workspace, as the services layer keeps them. */
export interface WorkspaceActionProvider {
  /**
   * The workspace's custom actions as storage holds them now (deleted ones only when asked). Also
   * makes them available to {@link executable} without waiting.
   */
  catalog(workspaceId: string, options: { includeDeleted: boolean }): Promise<TemplateCatalog>;
  /**
   * A custom action of the workspace among those already loaded, deleted ones included: an
   * instance always compiles its plan (through `catalog`) before it runs an action.
   */
  executable(templateId: string, workspaceId: string): ActionDefinition | undefined;
}

export class ActionRegistry implements TemplateCatalog, CatalogSource {
  private readonly templates = new Map<string, ActionTemplate>();
  private readonly executables = new Map<string, ActionDefinition>();
  private workspaceActions: WorkspaceActionProvider | null = null;

  /** Templates whose behaviour the engine implements itself (Start, Decisional, For Each, …). */
  addControl(template: ActionTemplate): this {
    this.put(template);
    return this;
  }

  add(action: ActionDefinition): this {
    this.put(action.template);
    this.executables.set(action.template.id.toLowerCase(), action);
    return this;
  }

  /** Plugs in where each workspace's custom actions come from (once). */
  useWorkspaceActions(provider: WorkspaceActionProvider): this {
    if (this.workspaceActions) throw new Error('workspace actions are already provided');
    this.workspaceActions = provider;
    return this;
  }

  private put(template: ActionTemplate): void {
    const id = template.id.toLowerCase();
    if (this.templates.has(id)) throw new Error(`action template ${id} is registered twice`);
    this.templates.set(id, template);
  }

  /** A platform template (control or executable); custom actions are per workspace. */
  get(templateId: string): ActionTemplate | undefined {
    return this.templates.get(templateId.toLowerCase());
  }

  /** A platform action, else (given a workspace) one of that workspace's custom actions. */
  executable(templateId: string, workspaceId?: string): ActionDefinition | undefined {
    const platform = this.executables.get(templateId.toLowerCase());
    if (platform || workspaceId === undefined) return platform;
    return this.workspaceActions?.executable(templateId, workspaceId);
  }

  /** Whether the id belongs to a platform action (custom actions may not take one). */
  isPlatform(templateId: string): boolean {
    return this.templates.has(templateId.toLowerCase());
  }

  /** Every platform template, control templates first, in registration order. */
  list(): ActionTemplate[] {
    return [...this.templates.values()];
  }

  async catalogFor(
    workspaceId: string,
    options: { includeDeleted: boolean },
  ): Promise<TemplateCatalog> {
    if (!this.workspaceActions) return this;
    const own = await this.workspaceActions.catalog(workspaceId, options);
    return { get: (templateId) => this.get(templateId) ?? own.get(templateId) };
  }
}
