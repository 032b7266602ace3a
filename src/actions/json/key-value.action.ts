// Owns Key Value: a list of JSON objects turned into one object, each item's key attribute naming
// a property whose value is the item's value attribute. Later items win on a repeated key; with
// "Pivot data" every value of a key is kept, in a list. Attribute names match exactly first, then
// in any case.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import { renderText } from '../../flow/placeholders.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readBoolean, readList, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { isJsonObject } from './json-values.js';

export const KEY_VALUE_IDS = {
  Template: '20146c3b-5d5a-428f-9fa6-fda2783eb700',
  Pivot: '3e490543-ab7f-42d7-93d8-07b6927d5a04',
  List: '44e0d58d-48db-49ab-8dfc-5c00469a9901',
  ValueAttribute: '27ace68f-2c27-4ce6-9af8-c8f8d42a3c03',
  Result: '2a178bc7-ca36-445f-b3f8-ec516d706005',
  KeyAttribute: '785596e1-c50f-433e-b5e9-12e079fee002',
} as const;

const { Input, Output } = SettingDirections;
const { Boolean: BOOLEAN, Json: JSON_TYPE, String: STRING, Object: OBJECT } = DataTypeIds;
const ids = KEY_VALUE_IDS;
const required = { isRequired: true } as const;

const pivot = setting(ids.Pivot, 'Keep every value of a key (pivot)', 'check-box', Input, BOOLEAN);
const list = setting(ids.List, 'JSON list', 'datatype', Input, JSON_TYPE, {
  isRequired: true,
  isList: true,
});
const valueAttribute = setting(
  ids.ValueAttribute,
  'Value attribute',
  'text',
  Input,
  STRING,
  required,
);
const result = setting(ids.Result, 'Object', 'datatype', Output, OBJECT, required);
const keyAttribute = setting(ids.KeyAttribute, 'Key attribute', 'text', Input, STRING, required);

function attribute(
  item: Record<string, unknown>,
  name: string,
): { found: boolean; value: unknown } {
  if (Object.hasOwn(item, name)) return { found: true, value: item[name] };
  const lower = name.toLowerCase();
  const key = Object.keys(item).find((k) => k.toLowerCase() === lower);
  return key === undefined ? { found: false, value: null } : { found: true, value: item[key] };
}

export const keyValueAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Key Value', [
    pivot,
    list,
    valueAttribute,
    result,
    keyAttribute,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const items = readList(inputs, list);
    const keyName = readText(inputs, keyAttribute);
    const valueName = readText(inputs, valueAttribute);
    const keepAll = readBoolean(inputs, pivot);
    // A Map, then fromEntries: keys such as "__proto__" stay plain properties.
    const entries = new Map<string, unknown>();
    items.forEach((item, index) => {
      if (!isJsonObject(item)) throw invalidInput(list, `item ${index + 1} is not an object.`);
      const key = attribute(item, keyName);
      if (!key.found || key.value === null || key.value === undefined)
        throw invalidInput(list, `item ${index + 1} has no "${keyName}" attribute.`);
      const name = renderText(key.value);
      const value = attribute(item, valueName).value ?? null;
      if (!keepAll) entries.set(name, value);
      else {
        const values = (entries.get(name) as unknown[] | undefined) ?? [];
        values.push(value);
        entries.set(name, values);
      }
    });
    return { [result.id]: Object.fromEntries(entries) };
  },
};
