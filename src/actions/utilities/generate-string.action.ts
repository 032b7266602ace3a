// Owns Generate String: a random text of 1 to 512 characters from the ticked character sets
// (lower case, upper case, digits, special characters; letters and digits when none is ticked),
// drawn from the cryptographic generator. When the length allows, every ticked set appears at
// least once, so the result can serve as a password that must mix them.
import { randomInt } from 'node:crypto';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readBoolean, readNumber } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';

export const GENERATE_STRING_IDS = {
  Template: 'e3700c9f-6ea8-4358-be7f-3a58f151ecaa',
  Result: 'b002531b-2389-4c6a-ac0a-949aea401ba8',
  Lowercase: '89975171-ac5c-44f5-b649-15e36a19243d',
  Uppercase: 'bb503a8b-8f52-4c38-a06d-1e6b3c175ba3',
  Digits: '8ef53f94-a7b6-472f-a420-a2465d6fb52e',
  Special: 'a7d5269b-2f1d-4252-a0e4-3ecaa4712e68',
  Length: '19ee0fc1-303b-4706-9580-108cfd873804',
} as const;

export const CHARACTER_SETS = {
  lowercase: 'abcdefghijklmnopqrstuvwxyz',
  uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  special: '!@#$%^&*()-_=+[]{};:,.<>/?~',
} as const;

const MAX_LENGTH = 512;

const { Input, Output } = SettingDirections;
const { String: STRING, Boolean: BOOLEAN, Integer: INTEGER } = DataTypeIds;
const ids = GENERATE_STRING_IDS;

const result = setting(ids.Result, 'Random text', 'datatype', Output, STRING, { isRequired: true });
const lowercase = setting(ids.Lowercase, 'Lower-case letters', 'check-box', Input, BOOLEAN);
const uppercase = setting(ids.Uppercase, 'Upper-case letters', 'check-box', Input, BOOLEAN);
const digits = setting(ids.Digits, 'Digits', 'check-box', Input, BOOLEAN);
const special = setting(ids.Special, 'Special characters', 'check-box', Input, BOOLEAN);
const length = setting(ids.Length, 'Length', 'number', Input, INTEGER, { isRequired: true });

function pick(from: string): string {
  return from[randomInt(from.length)]!;
}

export const generateStringAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Generate String', [
    result,
    lowercase,
    uppercase,
    digits,
    special,
    length,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const size = readNumber(inputs, length);
    if (size < 1 || size > MAX_LENGTH)
      throw invalidInput(length, `must be between 1 and ${MAX_LENGTH}; got ${size}.`);
    const ticked: (string | false)[] = [
      readBoolean(inputs, lowercase) && CHARACTER_SETS.lowercase,
      readBoolean(inputs, uppercase) && CHARACTER_SETS.uppercase,
      readBoolean(inputs, digits) && CHARACTER_SETS.digits,
      readBoolean(inputs, special) && CHARACTER_SETS.special,
    ];
    let sets = ticked.filter((set): set is string => set !== false);
    if (sets.length === 0)
      sets = [CHARACTER_SETS.lowercase, CHARACTER_SETS.uppercase, CHARACTER_SETS.digits];
    const all = sets.join('');
    const chars = sets.length <= size ? sets.map(pick) : [];
    while (chars.length < size) chars.push(pick(all));
    // Shuffle so the guaranteed characters do not sit at the front.
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    return { [result.id]: chars.join('') };
  },
};
