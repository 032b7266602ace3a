// Owns File To String: a file's content read as text in the chosen encoding (UTF-8 by default).
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readOption } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { requiredFile } from './file-inputs.js';
import { decodeText, ENCODINGS } from './text-encodings.js';

export const FILE_TO_STRING_IDS = {
  Template: 'b9ef8ec5-c1c1-a743-951a-2c777ea08e4f',
  File: '4f673713-3928-9547-8273-3f0d55c4bc44',
  Content: '4f673713-3928-9547-8273-3f0d55c4bc55',
  Encoding: '4f673713-3928-9547-8273-3f0d55c4bc56',
} as const;

const { Input, Output } = SettingDirections;
const ids = FILE_TO_STRING_IDS;

const file = setting(ids.File, 'File', 'file', Input, DataTypeIds.File, { isRequired: true });
const content = setting(ids.Content, 'Text', 'datatype', Output, DataTypeIds.String, {
  isRequired: true,
});
const encoding = setting(ids.Encoding, 'Encoding', 'select', Input, DataTypeIds.Integer, {
  isRequired: true,
  defaultValue: '1',
});

export const fileToStringAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'File To String', [file, content, encoding]),
  effectful: false,
  async execute({ inputs, files }) {
    const chosen = readOption(inputs, encoding, ENCODINGS, 1);
    const { bytes } = await files.read(requiredFile(inputs, file));
    return { [content.id]: decodeText(bytes, chosen) };
  },
};
