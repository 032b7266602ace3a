// Owns File To Base64: a file's bytes as standard Base64 with padding (within the file size limit,
// since the result is held in a variable).
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { actionTemplate, setting } from '../template-builders.js';
import { requiredFile } from './file-inputs.js';

export const FILE_TO_BASE64_IDS = {
  Template: '1d121372-765c-5a43-9f1a-076fe747d05b',
  File: '7a334ec9-25ee-114b-ac8c-4efe7eebaa55',
  Base64: '7a334ec9-25ee-114b-ac8c-4efe7eebaa66',
} as const;

const { Input, Output } = SettingDirections;
const ids = FILE_TO_BASE64_IDS;

const file = setting(ids.File, 'File', 'file', Input, DataTypeIds.File, { isRequired: true });
const base64 = setting(ids.Base64, 'Base64 content', 'datatype', Output, DataTypeIds.String, {
  isRequired: true,
});

export const fileToBase64Action: ActionDefinition = {
  template: actionTemplate(ids.Template, 'File To Base64', [file, base64]),
  effectful: false,
  async execute({ inputs, files }) {
    const { bytes } = await files.read(requiredFile(inputs, file));
    return { [base64.id]: bytes.toString('base64') };
  },
};
