// Owns Base64 To File: Base64 (standard or URL-safe) decoded into a new file of the instance,
// named as given, its media type taken from the name's extension.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { decodeBase64 } from '../converters/base64.js';
import { readFileName } from './file-inputs.js';
import { mimeTypeOf } from './mime-types.js';

export const BASE64_TO_FILE_IDS = {
  Template: '6fad5599-5b46-5a4d-99a5-681c7ab818b7',
  Base64: '0f9a8cad-ae66-184c-a7b1-16612f8d8e40',
  FileName: 'f9feadae-88f8-104c-8606-dc2c616da0be',
  File: '6fb394b0-5243-7042-8f20-fe9a73557fcd',
} as const;

const { Input, Output } = SettingDirections;
const ids = BASE64_TO_FILE_IDS;
const required = { isRequired: true } as const;

const base64 = setting(ids.Base64, 'Base64 content', 'text', Input, DataTypeIds.String, required);
const fileName = setting(ids.FileName, 'File name', 'text', Input, DataTypeIds.String, required);
const file = setting(ids.File, 'File', 'file', Output, DataTypeIds.File, required);

export const base64ToFileAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Base64 To File', [base64, fileName, file]),
  // It stores a new file: recorded before the next action, so a resume does not store it twice.
  effectful: true,
  async execute({ inputs, files }) {
    const name = readFileName(inputs, fileName);
    const bytes = decodeBase64(readText(inputs, base64));
    if (!bytes) throw invalidInput(base64, 'is not Base64.');
    return { [file.id]: await files.create({ name, mimeType: mimeTypeOf(name), content: bytes }) };
  },
};
