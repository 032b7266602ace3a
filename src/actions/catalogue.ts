// Owns the platform action catalogue every workspace starts with: the control templates the
// engine runs itself and the actions Sluice implements, one index per family.
import type { ActionDefinition } from './action.js';
import { CONTROL_TEMPLATES } from './control/control-templates.js';
import { ActionRegistry } from './registry.js';
import { STRING_ACTIONS } from './strings/index.js';
import { LIST_ACTIONS } from './lists/index.js';
import { NUMBER_ACTIONS } from './numbers/index.js';
import { DATE_ACTIONS } from './dates/index.js';
import { CONVERTER_ACTIONS } from './converters/index.js';
import { UTILITY_ACTIONS } from './utilities/index.js';
import { JSON_ACTIONS } from './json/index.js';
import { FILE_ACTIONS } from './files/index.js';
import { HTTP_ACTIONS } from './http/index.js';
import { EMAIL_ACTIONS } from './email/index.js';
import { DATABASE_ACTIONS } from './database/index.js';
import { CODE_ACTIONS } from './code/index.js';

export const PLATFORM_ACTIONS: readonly ActionDefinition[] = Object.freeze([
  ...STRING_ACTIONS,
  ...LIST_ACTIONS,
  ...NUMBER_ACTIONS,
  ...DATE_ACTIONS,
  ...CONVERTER_ACTIONS,
  ...UTILITY_ACTIONS,
  ...JSON_ACTIONS,
  ...FILE_ACTIONS,
  ...HTTP_ACTIONS,
  ...EMAIL_ACTIONS,
  ...DATABASE_ACTIONS,
  ...CODE_ACTIONS,
]);

/** A new registry holding every control template and platform action. */
export function createActionRegistry(): ActionRegistry {
  const registry = new ActionRegistry();
  for (const template of CONTROL_TEMPLATES) registry.addControl(template);
  for (const action of PLATFORM_ACTIONS) registry.add(action);
  return registry;
}
