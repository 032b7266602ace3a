// Owns the platform action catalogue every workspace starts with: the control templates the
// engine runs itself and the actions Sluice implements, one list per family. Each family is one
// read-only platform folder of `GET /api/Actions/folders` and gives its actions their category and
// default icon, so an action added to a family's list is filed without further wiring.
import type { ActionTemplate } from '../flow/template-catalog.js';
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

/** One family of platform actions: its folder, its category and its members. */
export interface ActionFamily {
  /** The `category` of every action of the family (`GET /api/Actions/category/{category}`). */
  readonly category: string;
  /** The id of the family's platform folder; stable, in Sluice's `5a1ce0a0-` range. */
  readonly folderId: string;
  /** The folder's name; also accepted by the category route. */
  readonly name: string;
  /** The icon of an action that names none of its own. */
  readonly icon: string;
  /** Templates whose behaviour is the engine's (only the control family has them). */
  readonly controls: readonly ActionTemplate[];
  /** The family's executable actions: the list its folder's index exports, as it grows. */
  readonly actions: readonly ActionDefinition[];
}

const folderId = (n: number) => `5a1ce0a0-f01d-4e00-8000-${n.toString(16).padStart(12, '0')}`;

function family(
  n: number,
  category: string,
  name: string,
  icon: string,
  actions: readonly ActionDefinition[],
  controls: readonly ActionTemplate[] = [],
): ActionFamily {
  return Object.freeze({ category, folderId: folderId(n), name, icon, controls, actions });
}

/** Every family in the order the catalogue and the folder tree list them. */
export const ACTION_FAMILIES: readonly ActionFamily[] = Object.freeze([
  family(1, 'control', 'Flow control', 'icon-workflow', [], CONTROL_TEMPLATES),
  family(2, 'strings', 'Text', 'text_fields', STRING_ACTIONS),
  family(3, 'lists', 'Lists', 'format_list_numbered', LIST_ACTIONS),
  family(4, 'numbers', 'Numbers', 'functions', NUMBER_ACTIONS),
  family(5, 'dates', 'Date and time', 'date_range', DATE_ACTIONS),
  family(6, 'converters', 'Converters', 'enhanced_encryption', CONVERTER_ACTIONS),
  family(7, 'utilities', 'Utilities', 'build', UTILITY_ACTIONS),
  family(8, 'json', 'JSON and XML', 'icon-json', JSON_ACTIONS),
  family(9, 'files', 'Files and documents', 'insert_drive_file', FILE_ACTIONS),
  family(10, 'http', 'HTTP and APIs', 'icon-call_api', HTTP_ACTIONS),
  family(11, 'email', 'Email', 'icon-email', EMAIL_ACTIONS),
  family(12, 'database', 'Databases', 'database', DATABASE_ACTIONS),
  family(13, 'code', 'Scripting', 'icon-javascript', CODE_ACTIONS),
]);

export const PLATFORM_ACTIONS: readonly ActionDefinition[] = Object.freeze(
  ACTION_FAMILIES.flatMap((f) => f.actions),
);

/** The family a platform template belongs to; undefined for ids outside the platform catalogue. */
export function familyOf(templateId: string): ActionFamily | undefined {
  const id = templateId.toLowerCase();
  return ACTION_FAMILIES.find(
    (f) =>
      f.controls.some((t) => t.id.toLowerCase() === id) ||
      f.actions.some((a) => a.template.id.toLowerCase() === id),
  );
}

/** A new registry holding every control template and platform action. */
export function createActionRegistry(): ActionRegistry {
  const registry = new ActionRegistry();
  for (const template of CONTROL_TEMPLATES) registry.addControl(template);
  for (const action of PLATFORM_ACTIONS) registry.add(action);
  return registry;
}
