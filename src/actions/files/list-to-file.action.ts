// Owns List To File: a list written to a new text file, one item per line — text as it is, other
// values as compact JSON — each line ended with the chosen line ending, in the chosen encoding.
// Line breaks inside an item are written with the chosen ending too.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import { renderText } from '../../flow/placeholders.js';
import type { ActionDefinition } from '../action.js';
import { readList, readOption } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readFileName } from './file-inputs.js';
import { LINE_ENDING_OPTIONS, LINE_ENDINGS, withLineEndings } from './line-endings.js';
import { mimeTypeOf } from './mime-types.js';
import { encodeText, ENCODINGS } from './text-encodings.js';

export const LIST_TO_FILE_IDS = {
  Template: '1629091f-198c-294c-91a7-9b92f9008c99',
  Encoding: '4f673713-3928-9547-8273-3f0d55c4bc57',
  LineEnding: '4f673713-3928-9547-8273-3f0d56c4bc57',
  List: 'cc72194a-0ec9-ff4f-af12-ea41fa34a055',
  FileName: 'cc72194a-0ec9-ff4f-af12-ea41fa34a066',
  File: 'cc72194a-0ec9-ff4f-af12-ea41fa34a077',
} as const;

/** PROCESIO's type id of the Encoding and Line Ending selectors (not in the data types list). */
export const SELECTOR_TYPE_ID = '10c6ac59-3929-49e6-99dc-121212121211';

const { Input, Output } = SettingDirections;
const ids = LIST_TO_FILE_IDS;
const required = { isRequired: true } as const;

const encoding = setting(ids.Encoding, 'Encoding', 'select', Input, SELECTOR_TYPE_ID, {
  isRequired: true,
  defaultValue: '1',
});
const lineEnding = setting(ids.LineEnding, 'Line ending', 'select', Input, SELECTOR_TYPE_ID, {
  isRequired: true,
  defaultValue: '1',
});
const list = setting(ids.List, 'List', 'text', Input, DataTypeIds.Object, {
  isRequired: true,
  isList: true,
});
const fileName = setting(ids.FileName, 'File name', 'text', Input, DataTypeIds.String, required);
const file = setting(ids.File, 'File', 'file', Output, DataTypeIds.File, required);

export const listToFileAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'List To File', [
    encoding,
    lineEnding,
    list,
    fileName,
    file,
  ]),
  // It stores a new file: recorded before the next action, so a resume does not store it twice.
  effectful: true,
  async execute({ inputs, files }) {
    const items = readList(inputs, list);
    const name = readFileName(inputs, fileName);
    const ending = LINE_ENDINGS[readOption(inputs, lineEnding, LINE_ENDING_OPTIONS, 1)];
    const chosen = readOption(inputs, encoding, ENCODINGS, 1);
    const text = items.map((item) => withLineEndings(renderText(item), ending) + ending).join('');
    return {
      [file.id]: await files.create({
        name,
        mimeType: mimeTypeOf(name),
        content: encodeText(text, chosen),
      }),
    };
  },
};
