// Owns Read Files Content: the text of each file of a list, in the chosen encoding, as FileContent
// values {name, content}. A file that cannot be read does not stop the others: its problem goes to
// the Errors list as "<name>: <reason>".
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import { ActionError, type ActionDefinition } from '../action.js';
import { readList, readOption } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { fileList } from './file-inputs.js';
import { decodeText, ENCODINGS } from './text-encodings.js';

export const READ_FILES_CONTENT_IDS = {
  Template: '6aca41ed-90bf-4b5d-8fcd-1c84d3c26d88',
  Errors: '80f4b205-1152-40ac-b245-64ea11cee218',
  Content: '7ebae02b-93a5-4ebf-9b0c-11cbc1fc6d24',
  Files: '999f138b-5d0f-4e86-819f-a7629897e591',
  Encoding: '462573f9-f35a-420f-b881-71d58d566e0c',
} as const;

const { Input, Output } = SettingDirections;
const ids = READ_FILES_CONTENT_IDS;

const errors = setting(ids.Errors, 'Errors', 'text', Output, DataTypeIds.String, {
  isRequired: true,
  isList: true,
});
const content = setting(ids.Content, 'Contents', 'datatype', Output, DataTypeIds.FileContent, {
  isRequired: true,
  isList: true,
});
const filesSetting = setting(ids.Files, 'Files', 'file', Input, DataTypeIds.File, {
  isRequired: true,
  isList: true,
});
const encoding = setting(ids.Encoding, 'Encoding', 'select', Input, DataTypeIds.Integer, {
  isRequired: true,
  defaultValue: '1',
});

function nameOf(value: unknown, position: number): string {
  const name = (value as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : `file ${position}`;
}

export const readFilesContentAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Read Files Content', [
    errors,
    content,
    filesSetting,
    encoding,
  ]),
  effectful: false,
  async execute({ inputs, files }) {
    const chosen = readOption(inputs, encoding, ENCODINGS, 1);
    const list = fileList(inputs, filesSetting, readList(inputs, filesSetting));
    const contents: { name: string; content: string }[] = [];
    const problems: string[] = [];
    for (const [index, value] of list.entries()) {
      try {
        const { name, bytes } = await files.read(value);
        contents.push({ name, content: decodeText(bytes, chosen) });
      } catch (error) {
        if (!(error instanceof ActionError)) throw error;
        problems.push(`${nameOf(value, index + 1)}: ${error.message}`);
      }
    }
    return { [content.id]: contents, [errors.id]: problems };
  },
};
