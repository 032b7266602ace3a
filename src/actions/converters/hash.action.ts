// Owns Hash: the MD5, SHA-1, SHA-2 or SHA-3 digest of a file (streamed) or, when no file is
// given, of a text's UTF-8 bytes, as lower-case hex.
import { createHash } from 'node:crypto';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readOption } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { digestInput, HASH_ALGORITHMS, HASH_NAMES } from './digest.js';

export const HASH_IDS = {
  Template: '0b6d0100-75ad-4606-b4b8-d2c724313f3e',
  Text: '8124a980-4579-4cb5-b42e-e2ff312e0e4c',
  File: '9ad573a1-e00b-469c-abaf-eca805c2e7bc',
  Result: 'e7eb42ab-bb06-4e5f-a2f8-fde68d11a763',
  Algorithm: '384b59bb-cda6-459a-b59e-531660dff6fa',
} as const;

const { Input, Output } = SettingDirections;
const { String: STRING, File: FILE } = DataTypeIds;

const text = setting(HASH_IDS.Text, 'Text (used when no file is given)', 'text', Input, STRING);
const file = setting(HASH_IDS.File, 'File', 'file', Input, FILE);
const result = setting(HASH_IDS.Result, 'Hash (hex)', 'datatype', Output, STRING, {
  isRequired: true,
});
const algorithm = setting(HASH_IDS.Algorithm, 'Algorithm', 'select', Input, STRING, {
  isRequired: true,
});

export const hashAction: ActionDefinition = {
  template: actionTemplate(HASH_IDS.Template, 'Hash', [text, file, result, algorithm]),
  effectful: false,
  async execute(context) {
    const name = readOption(context.inputs, algorithm, HASH_NAMES);
    const hash = createHash(HASH_ALGORITHMS[name]);
    return { [result.id]: await digestInput(context, file, text, hash) };
  },
};
