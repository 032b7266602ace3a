// Owns the action catalogue the flow compiler and the engine read: control templates (whose
// behaviour is the engine's) and executable actions, looked up by template id in any case.
import type { ActionTemplate, TemplateCatalog } from '../flow/template-catalog.js';
import type { ActionDefinition } from './action.js';

export class ActionRegistry implements TemplateCatalog {
  private readonly templates = new Map<string, ActionTemplate>();
  private readonly executables = new Map<string, ActionDefinition>();

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

  private put(template: ActionTemplate): void {
    const id = template.id.toLowerCase();
    if (this.templates.has(id)) throw new Error(`action template ${id} is registered twice`);
    this.templates.set(id, template);
  }

  get(templateId: string): ActionTemplate | undefined {
    return this.templates.get(templateId.toLowerCase());
  }

  executable(templateId: string): ActionDefinition | undefined {
    return this.executables.get(templateId.toLowerCase());
  }

  list(): ActionTemplate[] {
    return [...this.templates.values()];
  }
}
