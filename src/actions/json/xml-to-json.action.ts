// Owns XML To JSON: XML text as JSON — elements as keys, repeated elements as lists, attributes as
// "@name", mixed text as "#text", all values as text. XML with a DOCTYPE is refused (no XXE, no
// entity expansion), as is XML that is not well-formed or has more than one root element.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { isJsonObject } from './json-values.js';
import { xmlProblem, xmlToJson } from './xml.js';

export const XML_TO_JSON_IDS = {
  Template: 'dfb02793-e665-c740-886b-43b2ce3a4b52',
  Xml: 'e2e9cb02-2c4f-ffbe-fa1c-eca96c407966',
  Json: 'e2e9cb02-2c4f-ffbe-fb1c-eca96c407966',
} as const;

const { Input, Output } = SettingDirections;
const ids = XML_TO_JSON_IDS;

const xml = setting(ids.Xml, 'XML', 'text', Input, DataTypeIds.String, { isRequired: true });
const json = setting(ids.Json, 'JSON', 'datatype', Output, DataTypeIds.Json, { isRequired: true });

export const xmlToJsonAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'XML To JSON', [xml, json]),
  effectful: false,
  async execute({ inputs }) {
    const text = readText(inputs, xml);
    const problem = xmlProblem(text);
    if (problem) throw invalidInput(xml, problem);
    let value: unknown;
    try {
      value = xmlToJson(text);
    } catch (error) {
      throw invalidInput(xml, `cannot be read: ${(error as Error).message}.`);
    }
    const roots = isJsonObject(value) ? Object.values(value) : [];
    if (roots.length !== 1 || Array.isArray(roots[0]))
      throw invalidInput(xml, 'must have exactly one root element.');
    return { [json.id]: value };
  },
};
