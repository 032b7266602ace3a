// Owns what the string actions share: how their settings are declared and the common "one text
// in, one value out" action, so each action file states only its ids, labels and behaviour.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections, type TemplateSetting } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readText } from '../inputs.js';
import { actionTemplate, setting, type SettingOptions } from '../template-builders.js';

const { Input, Output } = SettingDirections;

export const STRING = DataTypeIds.String;
export const BOOLEAN = DataTypeIds.Boolean;
export const INTEGER = DataTypeIds.Integer;

interface DeclaredOptions extends SettingOptions {
  /** The control PROCESIO draws for the setting, when not the usual one. */
  type?: string;
}

/** An input typed into a text box; required unless told otherwise. */
export function textInput(
  id: string,
  name: string,
  dataTypeId: string = STRING,
  options: DeclaredOptions = {},
): TemplateSetting {
  const { type = 'text', ...rest } = options;
  return setting(id, name, type, Input, dataTypeId, { isRequired: true, ...rest });
}

/** A whole-number input drawn as a number box; required. */
export function integerInput(id: string, name: string): TemplateSetting {
  return setting(id, name, 'number', Input, INTEGER, { isRequired: true });
}

/** An optional check box, with the default PROCESIO shows ("True"/"False") when it has one. */
export function checkBox(id: string, name: string, defaultValue?: 'True' | 'False') {
  return setting(id, name, 'check-box', Input, BOOLEAN, defaultValue ? { defaultValue } : {});
}

/** The variable an action writes its result to; required unless told otherwise. */
export function output(
  id: string,
  name: string,
  dataTypeId: string = STRING,
  options: DeclaredOptions = {},
): TemplateSetting {
  const { type = 'datatype', ...rest } = options;
  return setting(id, name, type, Output, dataTypeId, { isRequired: true, ...rest });
}

export interface TextActionSpec {
  templateId: string;
  name: string;
  input: TemplateSetting;
  result: TemplateSetting;
  /** May throw (an `invalidInput` naming `input`) when the text cannot be transformed. */
  transform(text: string, input: TemplateSetting): unknown;
}

/** A pure action reading one text and writing one value computed from it. */
export function textAction(spec: TextActionSpec): ActionDefinition {
  return {
    template: actionTemplate(spec.templateId, spec.name, [spec.input, spec.result]),
    effectful: false,
    async execute({ inputs }) {
      return { [spec.result.id]: spec.transform(readText(inputs, spec.input), spec.input) };
    },
  };
}

/**
 * Case folding for case-insensitive comparisons: upper then lower, so characters whose cases
 * differ in length (ß and SS) compare equal, whatever the server's locale.
 */
export function foldCase(text: string): string {
  return text.toUpperCase().toLowerCase();
}
