// Owns Hash Mac: the HMAC (MD5, SHA-1, SHA-2 or SHA-3) of a file (streamed) or of a text's UTF-8
// bytes, keyed by a workspace credential, as lower-case hex. The key is the credential's first
// secret property that has a value (or, with no secret property, its first text value), so a
// workspace credential template with one secret "key" property serves.
import { createHmac } from 'node:crypto';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ResolvedCredential } from '../../credentials/resolved.js';
import { ActionError, type ActionDefinition } from '../action.js';
import { readOption, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { digestInput, HASH_ALGORITHMS, HASH_NAMES, type HashName } from './digest.js';

export const HASH_MAC_IDS = {
  Template: '63f4ee8d-9681-b54f-95ec-7e87e73547b4',
  Credential: '37a5e331-1e5c-ab4c-9740-a5130a0ecb75',
  Result: '46bfe410-3e36-6e4b-8384-e499720daad2',
  Algorithm: '5a9d78a9-5627-d04a-87db-b202aa7418e9',
  File: 'bbb980e0-469a-ff4a-8138-00d3e5d01b6c',
  Text: '9c987ff9-9f6c-8a49-9d82-3c4686076108',
} as const;

const HMAC_NAMES = HASH_NAMES.map((name) => `HMAC${name}`);

const { Input, Output } = SettingDirections;
const { String: STRING, File: FILE } = DataTypeIds;
const ids = HASH_MAC_IDS;

const credential = setting(ids.Credential, 'Key credential', 'credentials', Input, null, {
  isRequired: true,
});
const result = setting(ids.Result, 'HMAC (hex)', 'datatype', Output, STRING, { isRequired: true });
const algorithm = setting(ids.Algorithm, 'Algorithm', 'select', Input, STRING, {
  isRequired: true,
});
const file = setting(ids.File, 'File', 'file', Input, FILE);
const text = setting(ids.Text, 'Text (used when no file is given)', 'text', Input, STRING);

/** The secret the credential holds for signing. */
export function keyOf(found: ResolvedCredential): string {
  const values = found.template.properties
    .map((property) => ({ property, value: found.values.get(property.id.toLowerCase()) }))
    .filter(({ value }) => typeof value === 'string' && value !== '');
  const key = values.find(({ property }) => property.isSecret) ?? values[0];
  if (!key)
    throw ActionError.of(
      'credential.invalid',
      `The credential "${found.name}" has no key: give it a secret property with a value.`,
    );
  return key.value as string;
}

export const hashMacAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Hash Mac', [credential, result, algorithm, file, text]),
  effectful: false,
  async execute(context) {
    const name = readOption(context.inputs, algorithm, HMAC_NAMES).slice(4) as HashName;
    const found = await context.credentials.get(readText(context.inputs, credential).trim());
    const hmac = createHmac(HASH_ALGORITHMS[name], keyOf(found));
    return { [result.id]: await digestInput(context, file, text, hmac) };
  },
};
