// Owns JSON To XML: a JSON object written as one XML document, or a JSON list as one document per
// item. Keys "@name" become attributes and "#text" the element's text; an object with one element
// key is that element, anything else is wrapped in <root>. Text is escaped; names that XML cannot
// hold are refused.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readJson } from './json-values.js';
import { jsonToXml } from './xml.js';

export const JSON_TO_XML_IDS = {
  Template: 'fad6427e-47c9-6642-9d2c-e7e191537eab',
  Json: 'e2e9cb02-2c4f-ffbe-fa1c-eca96c407955',
  Xml: 'e2e9cb02-2c4f-ffbe-fc1c-eca96c407955',
  XmlList: 'e2e9cb02-2c4f-ffbe-fd1c-eca96c407955',
} as const;

const { Input, Output } = SettingDirections;
const ids = JSON_TO_XML_IDS;

const json = setting(ids.Json, 'JSON', 'text', Input, DataTypeIds.Json, { isRequired: true });
const xml = setting(ids.Xml, 'XML', 'datatype', Output, DataTypeIds.String);
const xmlList = setting(ids.XmlList, 'XML documents', 'datatype', Output, DataTypeIds.String, {
  isList: true,
});

export const jsonToXmlAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'JSON To XML', [json, xml, xmlList]),
  effectful: false,
  async execute({ inputs }) {
    const value = readJson(inputs, json);
    const write = (item: unknown, where: string) => {
      try {
        return jsonToXml(item);
      } catch (error) {
        throw invalidInput(json, `cannot be written as XML${where}: ${(error as Error).message}`);
      }
    };
    if (Array.isArray(value))
      return { [xmlList.id]: value.map((item, index) => write(item, ` (item ${index + 1})`)) };
    return { [xml.id]: write(value, '') };
  },
};
