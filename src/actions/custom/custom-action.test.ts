import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { closeSandbox } from '../../sandbox/index.js';
import { failureOf, runAction, testContext } from '../testing/run-action.js';
import {
  checkCustomActionPackage,
  customActionDefinition,
  customActionFromStored,
  InvalidActionPackageError,
  readCustomActionPackage,
} from './index.js';

afterAll(() => closeSandbox());

const ID = {
  action: '2d0f8c4e-7a1b-4c3d-9e8f-0a1b2c3d4e5f',
  text: '11111111-0000-4000-8000-000000000001',
  count: '11111111-0000-4000-8000-000000000002',
  loud: '11111111-0000-4000-8000-000000000003',
  tags: '11111111-0000-4000-8000-000000000004',
  panel: '11111111-0000-4000-8000-000000000005',
  counter: '11111111-0000-4000-8000-000000000006',
  result: '11111111-0000-4000-8000-000000000007',
};

const input = (
  id: string,
  name: string,
  dataTypeId: string,
  extra: Record<string, unknown> = {},
) => ({
  id,
  name,
  label: name[0]!.toUpperCase() + name.slice(1),
  type: 'text',
  dataTypeId,
  direction: 1,
  ...extra,
});

const MANIFEST = {
  id: ID.action,
  name: 'Shout',
  description: 'Repeats a text loudly',
  icon: 'campaign',
  shape: 'circle',
  category: 'text',
  entry: 'src/shout.js',
  timeoutSeconds: 1,
  configuration: [
    {
      key: 'main',
      label: 'Main',
      orderId: 0,
      settings: [
        input(ID.text, 'text', DataTypeIds.String, { isRequired: true }),
        input(ID.count, 'count', DataTypeIds.Integer, { type: 'number', value: 1 }),
        input(ID.loud, 'loud', DataTypeIds.Boolean, { type: 'check-box' }),
        {
          id: ID.panel,
          label: 'More',
          type: 'side-pannel',
          value: [
            input(ID.tags, 'tags', DataTypeIds.String, { isList: true }),
            input(ID.counter, 'counter', DataTypeIds.Integer, { type: 'number', direction: 2 }),
            {
              id: ID.result,
              name: 'result',
              label: 'Result',
              type: 'datatype',
              dataTypeId: DataTypeIds.Json,
              direction: 3,
            },
          ],
        },
      ],
    },
  ],
};

const SHOUT = `// Repeats the text, upper-cased when loud.
export async function execute(inputs, ctx) {
  const word = inputs.loud ? inputs.text.toUpperCase() : inputs.text;
  console.log('shouting', inputs.count, 'times');
  return {
    result: { said: Array(inputs.count).fill(word).join(' '), tags: inputs.tags, ctx },
    counter: (inputs.counter ?? 0) + 1,
    stray: true,
  };
}
`;

function pkgOf(entry: string, manifest: Record<string, unknown> = MANIFEST) {
  return readCustomActionPackage(
    zipSync({
      'sluice-action.json': strToU8(JSON.stringify(manifest)),
      'src/shout.js': strToU8(entry),
    }),
  );
}

const shout = customActionDefinition(pkgOf(SHOUT));

describe('a custom action from its package', () => {
  it('takes its template from the manifest, side panel children included', () => {
    expect(shout.effectful).toBe(true);
    expect(shout.template).toMatchObject({
      id: ID.action,
      name: 'Shout',
      shape: 'circle',
      inputPorts: 1,
      outputPorts: 1,
      hasErrorPort: true,
      description: 'Repeats a text loudly',
      icon: 'campaign',
    });
    expect(shout.template.settings.map((s) => [s.id, s.name, s.direction, s.isList])).toEqual([
      [ID.text, 'Text', 1, false],
      [ID.count, 'Count', 1, false],
      [ID.loud, 'Loud', 1, false],
      [ID.tags, 'Tags', 1, true],
      [ID.counter, 'Counter', 2, false],
      [ID.result, 'Result', 3, false],
    ]);
    expect(shout.template.settings[1]!.defaultValue).toBe(1);
  });

  it('calls execute with inputs by name, read as their types, and maps outputs by name', async () => {
    const lines: string[] = [];
    const outputs = await shout.execute({
      ...testContext({
        [ID.text]: 'hey',
        [ID.count]: '2',
        [ID.loud]: 'true',
        [ID.tags]: '["a","b"]',
        [ID.counter]: 4,
      }),
      log: (message) => lines.push(message),
    });
    expect(outputs).toEqual({
      [ID.result]: {
        said: 'HEY HEY',
        tags: ['a', 'b'],
        ctx: {
          action: { id: ID.action, name: 'Shout' },
          instance: { id: 'instance', processId: 'process', workspaceId: 'workspace' },
          attempt: 1,
          idempotencyKey: 'test',
        },
      },
      [ID.counter]: 5,
    });
    expect(lines).toEqual([
      'console: shouting 2 times',
      'ignored returned keys that name no output setting: stray',
    ]);
  });

  it('gives absent optional inputs as null and refuses a missing required one', async () => {
    const entry = 'export function execute(inputs) { return { result: inputs }; }';
    const echo = customActionDefinition(pkgOf(entry));
    expect((await runAction(echo, { [ID.text]: '' }))[ID.result]).toEqual({
      text: '',
      count: null,
      loud: null,
      tags: null,
      counter: null,
    });
    expect(await failureOf(echo, {})).toMatchObject({
      type: 'validation',
      message: '"Text" is required.',
    });
    expect(await failureOf(echo, { [ID.text]: 'x', [ID.count]: 'many' })).toMatchObject({
      type: 'validation',
      details: { settingId: ID.count },
    });
  });

  it('reaches nothing of the host', async () => {
    const entry = `export function execute() {
      return { result: [typeof process, typeof require, typeof fetch, globalThis.constructor.constructor('return typeof process')()] };
    }`;
    expect(
      (await runAction(customActionDefinition(pkgOf(entry)), { [ID.text]: 'x' }))[ID.result],
    ).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  });

  it('fails with the error the entry throws, naming its line', async () => {
    const entry =
      'export function execute(inputs) {\n  throw new RangeError("too quiet: " + inputs.text);\n}';
    expect(await failureOf(customActionDefinition(pkgOf(entry)), { [ID.text]: 'psst' })).toEqual({
      type: 'script.error',
      message: 'Line 2: RangeError: too quiet: psst',
      retryable: false,
      details: { errorName: 'RangeError', line: 2, column: 9 },
    });
  });

  it('explains the entry contract to a CommonJS module', async () => {
    const entry = 'module.exports.execute = async () => ({});';
    expect(
      (await failureOf(customActionDefinition(pkgOf(entry)), { [ID.text]: 'x' })).message,
    ).toBe(
      'Line 1: ReferenceError: module is not defined (the entry is an ES module: export async ' +
        'function execute(inputs, ctx); require and imports are not available)',
    );
  });

  it('refuses a result that is not an object of outputs', async () => {
    const entry = 'export const execute = () => [1, 2];';
    expect(
      (await failureOf(customActionDefinition(pkgOf(entry)), { [ID.text]: 'x' })).message,
    ).toBe('execute must return an object keyed by output setting name; it returned a list.');
  });

  it('stops at the time limit its manifest sets', async () => {
    const entry = 'export function execute() { for (;;) {} }';
    expect(await failureOf(customActionDefinition(pkgOf(entry)), { [ID.text]: 'x' })).toMatchObject(
      {
        type: 'script.timeout',
        message: 'The script did not finish within 1 s.',
      },
    );
  });
});

describe('a custom action from storage', () => {
  it('is rebuilt from the stored manifest JSON and entry source and runs the same', async () => {
    const pkg = pkgOf(SHOUT);
    const stored = customActionFromStored(JSON.stringify(pkg.manifest), pkg.entrySource);
    expect(stored.template).toEqual(shout.template);
    const inputs = { [ID.text]: 'ok', [ID.count]: 1 };
    expect(await runAction(stored, inputs)).toEqual(await runAction(shout, inputs));
    expect(customActionFromStored(pkg.manifest, pkg.entrySource).template.id).toBe(ID.action);
  });

  it('refuses a stored manifest without id, or an empty entry', () => {
    const { id: _id, ...withoutId } = MANIFEST;
    expect(() => customActionFromStored(withoutId, SHOUT)).toThrow(InvalidActionPackageError);
    expect(() => customActionFromStored(MANIFEST, '')).toThrow('The stored entry module is empty.');
  });
});

describe('checking a package before storing it', () => {
  it('accepts an entry that compiles, without running it', async () => {
    await expect(
      checkCustomActionPackage(pkgOf('for (;;) {}\nexport function execute() {}')),
    ).resolves.toBeUndefined();
  });

  it('refuses an entry with a syntax error or an import, naming the problem', async () => {
    await expect(
      checkCustomActionPackage(pkgOf('export function execute() {\n  return 1 +;\n}')),
    ).rejects.toThrow(
      `The entry module "src/shout.js" does not compile: Line 2: SyntaxError: Unexpected token ';'`,
    );
    await expect(
      checkCustomActionPackage(pkgOf('import x from "./other.js";\nexport function execute() {}')),
    ).rejects.toThrow(
      'The entry module "src/shout.js" does not compile: SyntaxError: Imports are not available in the sandbox (the module imports "./other.js").',
    );
  });
});
