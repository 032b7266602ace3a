import { describe, expect, it } from 'vitest';
import { DataTypeIds } from '../domain/data-types/types.js';
import { SettingDirections } from '../flow/template-catalog.js';
import { ActionError } from './action.js';
import { readBoolean, readList, readNumber, readText } from './inputs.js';
import { setting } from './template-builders.js';

const { Input } = SettingDirections;
const T = DataTypeIds;
const ID = '00000000-0000-0000-0000-00000000000a';
const text = setting(ID, 'Text', 'text', Input, T.String, { isRequired: true });
const optionalText = setting(ID, 'Text', 'text', Input, T.String);
const integer = setting(ID, 'Count', 'number', Input, T.Integer, { isRequired: true });
const anyNumber = setting(ID, 'Amount', 'number', Input, T.Object, { isRequired: true });
const flag = setting(ID, 'Flag', 'check-box', Input, T.Boolean);
const list = setting(ID, 'Items', 'any', Input, T.Object, { isList: true, isRequired: true });

const failure = (reader: () => unknown) => {
  try {
    reader();
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError);
    return (error as ActionError).failure;
  }
  throw new Error('expected the read to fail');
};

describe('readText', () => {
  it('renders non-strings the way textual substitution does', () => {
    expect(readText({ [ID]: 'abc' }, text)).toBe('abc');
    expect(readText({ [ID]: 42 }, text)).toBe('42');
    expect(readText({ [ID]: true }, text)).toBe('true');
    expect(readText({ [ID]: { a: [1] } }, text)).toBe('{"a":[1]}');
  });

  it('keeps an empty string as a value', () => {
    expect(readText({ [ID]: '' }, text)).toBe('');
  });

  it('fails a required input that is missing or null, naming the setting', () => {
    for (const inputs of [{}, { [ID]: null }]) {
      expect(failure(() => readText(inputs, text))).toEqual({
        type: 'validation',
        message: '"Text" is required.',
        retryable: false,
        details: { settingId: ID },
      });
    }
  });

  it('gives an optional input that is missing the fallback', () => {
    expect(readText({}, optionalText)).toBe('');
    expect(readText({ [ID]: null }, optionalText, 'x')).toBe('x');
  });
});

describe('readNumber', () => {
  it('accepts numbers and decimal strings, signs and exponents included', () => {
    expect(readNumber({ [ID]: 3 }, integer)).toBe(3);
    expect(readNumber({ [ID]: ' 3 ' }, integer)).toBe(3);
    expect(readNumber({ [ID]: '-2.5' }, anyNumber)).toBe(-2.5);
    expect(readNumber({ [ID]: '.5' }, anyNumber)).toBe(0.5);
    expect(readNumber({ [ID]: '1e3' }, anyNumber)).toBe(1000);
  });

  it('refuses text that is not a decimal number', () => {
    for (const value of [
      'abc',
      '0x10',
      'Infinity',
      '1,5',
      '1 000',
      ' ',
      true,
      [1],
      { n: 1 },
      NaN,
    ]) {
      const result = failure(() => readNumber({ [ID]: value }, anyNumber));
      expect(result.type).toBe('validation');
      expect(result.message).toMatch(/^"Amount" must be a number; got /);
    }
  });

  it('treats an empty string as missing', () => {
    expect(failure(() => readNumber({ [ID]: '' }, integer)).message).toBe('"Count" is required.');
  });

  it('requires a whole, exact number for an Integer setting', () => {
    expect(failure(() => readNumber({ [ID]: '2.5' }, integer)).message).toMatch(/whole number/);
    expect(failure(() => readNumber({ [ID]: 2 ** 53 }, integer)).message).toMatch(/whole number/);
    expect(readNumber({ [ID]: '2.5' }, anyNumber)).toBe(2.5);
  });
});

describe('readBoolean', () => {
  it('accepts booleans and "true"/"false" in any case', () => {
    expect(readBoolean({ [ID]: true }, flag)).toBe(true);
    expect(readBoolean({ [ID]: 'TRUE' }, flag)).toBe(true);
    expect(readBoolean({ [ID]: ' False ' }, flag)).toBe(false);
  });

  it('reads a missing or empty optional check box as false', () => {
    expect(readBoolean({}, flag)).toBe(false);
    expect(readBoolean({ [ID]: '' }, flag)).toBe(false);
  });

  it('refuses anything else', () => {
    expect(failure(() => readBoolean({ [ID]: 'yes' }, flag)).message).toBe(
      '"Flag" must be true or false; got "yes".',
    );
    expect(failure(() => readBoolean({ [ID]: 1 }, flag)).type).toBe('validation');
  });
});

describe('readList', () => {
  it('accepts an array and a string holding a JSON array', () => {
    expect(readList({ [ID]: [1, 2] }, list)).toEqual([1, 2]);
    expect(readList({ [ID]: ' [1, "a", null] ' }, list)).toEqual([1, 'a', null]);
  });

  it('refuses single values, objects and text that is not a JSON array', () => {
    for (const value of ['a,b', '[1,', '{"a":1}', 3, { a: 1 }]) {
      expect(failure(() => readList({ [ID]: value }, list)).message).toMatch(
        /^"Items" must be a list; got /,
      );
    }
    expect(failure(() => readList({}, list)).message).toBe('"Items" is required.');
  });

  it('shortens a long value in the message', () => {
    const message = failure(() => readList({ [ID]: 'x'.repeat(200) }, list)).message;
    expect(message.length).toBeLessThan(120);
    expect(message).toMatch(/\.\.\.\.$/);
  });
});
