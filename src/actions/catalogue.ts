// Owns the platform action catalogue every workspace starts with: the control templates the
// engine runs itself and the actions Sluice implements.
import type { ActionDefinition } from './action.js';
import { CONTROL_TEMPLATES } from './control/control-templates.js';
import { listLengthAction } from './lists/length.action.js';
import { addNumbersAction } from './numbers/add.action.js';
import { ActionRegistry } from './registry.js';
import { concatenateAction } from './strings/concatenate.action.js';
import { replaceAction } from './strings/replace.action.js';
import { toLowerAction } from './strings/to-lower.action.js';
import { toUpperAction } from './strings/to-upper.action.js';

export const PLATFORM_ACTIONS: readonly ActionDefinition[] = Object.freeze([
  concatenateAction,
  replaceAction,
  toUpperAction,
  toLowerAction,
  listLengthAction,
  addNumbersAction,
]);

/** A new registry holding every control template and platform action. */
export function createActionRegistry(): ActionRegistry {
  const registry = new ActionRegistry();
  for (const template of CONTROL_TEMPLATES) registry.addControl(template);
  for (const action of PLATFORM_ACTIONS) registry.add(action);
  return registry;
}
