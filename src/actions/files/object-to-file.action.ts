// Owns Object To File: one value written to a new text file — text as it is, other values as JSON
// indented by two spaces — with every line break in the chosen line ending, in the chosen
// encoding.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readOption } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readFileName } from './file-inputs.js';
import { LINE_ENDING_OPTIONS, LINE_ENDINGS, withLineEndings } from './line-endings.js';
import { SELECTOR_TYPE_ID } from './list-to-file.action.js';
import { mimeTypeOf } from './mime-types.js';
import { encodeText, ENCODINGS } from './text-encodings.js';

export const OBJECT_TO_FILE_IDS = {
  Template: '447df7bc-c8cc-de47-99a5-c4788df0e3dc',
  Encoding: '4f673713-3928-9547-8273-3f0d55c4bc58',
  LineEnding: '4f673713-3928-9547-8273-3f0d56c4bc58',
  Value: '2272194a-0e09-ff4f-af12-ea41fa34a055',
  FileName: '2272194a-0e09-ff4f-af12-ea41fa34a066',
  File: '2272194a-0e09-ff4f-af12-ea41fa34a077',
} as const;

const { Input, Output } = SettingDirections;
const ids = OBJECT_TO_FILE_IDS;
const required = { isRequired: true } as const;

const encoding = setting(ids.Encoding, 'Encoding', 'select', Input, SELECTOR_TYPE_ID, {
  isRequired: true,
  defaultValue: '1',
});
const lineEnding = setting(ids.LineEnding, 'Line ending', 'select', Input, SELECTOR_TYPE_ID, {
  isRequired: true,
  defaultValue: '1',
});
const value = setting(ids.Value, 'Value', 'text', Input, DataTypeIds.Object, required);
const fileName = setting(ids.FileName, 'File name', 'text', Input, DataTypeIds.String, required);
const file = setting(ids.File, 'File', 'file', Output, DataTypeIds.File, required);

export const objectToFileAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Object To File', [
    encoding,
    lineEnding,
    value,
    fileName,
    file,
  ]),
  // It stores a new file: recorded before the next action, so a resume does not store it twice.
  effectful: true,
  async execute({ inputs, files }) {
    const given = inputs[value.id];
    if (given === undefined || given === null) throw invalidInput(value, 'is required.');
    const name = readFileName(inputs, fileName);
    const ending = LINE_ENDINGS[readOption(inputs, lineEnding, LINE_ENDING_OPTIONS, 1)];
    const chosen = readOption(inputs, encoding, ENCODINGS, 1);
    const text = typeof given === 'string' ? given : JSON.stringify(given, null, 2);
    return {
      [file.id]: await files.create({
        name,
        mimeType: mimeTypeOf(name),
        content: encodeText(withLineEndings(text, ending), chosen),
      }),
    };
  },
};
