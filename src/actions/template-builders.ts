// Owns how the built-in catalogue writes its templates: PROCESIO's usual shape for a setting and
// for an action, frozen because one template object is shared by every workspace and every plan.
import type {
  ActionTemplate,
  SettingDirection,
  TemplateSetting,
  TemplateShape,
} from '../flow/template-catalog.js';

export interface SettingOptions {
  isList?: boolean;
  isRequired?: boolean;
  /** As the catalogue stores it: a string. */
  defaultValue?: string;
}

export function setting(
  id: string,
  name: string,
  type: string,
  direction: SettingDirection,
  dataTypeId: string | null,
  options: SettingOptions = {},
): TemplateSetting {
  const built: TemplateSetting = {
    id,
    name,
    type,
    direction,
    dataTypeId,
    isList: options.isList ?? false,
    isRequired: options.isRequired ?? false,
  };
  if (options.defaultValue !== undefined) built.defaultValue = options.defaultValue;
  return Object.freeze(built);
}

export interface TemplateOptions {
  shape?: TemplateShape;
  inputPorts?: number;
  outputPorts?: number;
  hasErrorPort?: boolean;
}

/** Defaults to an ordinary action: a square with one input, one output and an error port. */
export function actionTemplate(
  id: string,
  name: string,
  settings: readonly TemplateSetting[],
  options: TemplateOptions = {},
): ActionTemplate {
  return Object.freeze({
    id,
    name,
    shape: options.shape ?? 'square',
    inputPorts: options.inputPorts ?? 1,
    outputPorts: options.outputPorts ?? 1,
    hasErrorPort: options.hasErrorPort ?? true,
    settings: Object.freeze([...settings]) as TemplateSetting[],
  });
}
