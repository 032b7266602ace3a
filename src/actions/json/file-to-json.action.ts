// Owns File To JSON: a file's UTF-8 content (a byte-order mark allowed) parsed as JSON.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { decodeUtf8 } from '../converters/base64.js';
import { requiredFile } from '../files/file-inputs.js';
import { parseJson } from './json-values.js';

export const FILE_TO_JSON_IDS = {
  Template: 'fd9d7d38-7e96-5c43-809e-9b2a7e203441',
  File: 'e99dc67b-0bad-8f48-9340-a36bc37c1811',
  Content: 'e99dc67b-0bad-8f48-9340-a36bc37c1822',
} as const;

const { Input, Output } = SettingDirections;
const ids = FILE_TO_JSON_IDS;

const file = setting(ids.File, 'JSON file', 'file', Input, DataTypeIds.File, { isRequired: true });
const content = setting(ids.Content, 'JSON', 'datatype', Output, DataTypeIds.Json, {
  isRequired: true,
});

export const fileToJsonAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'File To JSON', [file, content]),
  effectful: false,
  async execute({ inputs, files }) {
    const { name, bytes } = await files.read(requiredFile(inputs, file));
    const text = decodeUtf8(bytes);
    if (text === null) throw invalidInput(file, `("${name}") is not UTF-8 text.`);
    const parsed = parseJson(text);
    if (!parsed.ok) throw invalidInput(file, `("${name}") is not valid JSON: ${parsed.reason}`);
    return { [content.id]: parsed.value };
  },
};
