import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../errors/catalogue.js';
import { InvalidActionPackageError, PACKAGE_LIMITS, readCustomActionPackage } from './package.js';

const ENTRY =
  'export async function execute(inputs) { return { greeting: "Hi " + inputs.who }; }\n';

const manifest = (overrides: Record<string, unknown> = {}) => ({
  id: '6f1c1a8e-5b0e-4d6e-9a53-1f2d3c4b5a69',
  name: 'Greet',
  description: 'Says hello',
  entry: 'index.js',
  configuration: [
    {
      label: 'Details',
      settings: [
        {
          id: '0b7c6a1e-1111-4a4a-8b8b-000000000001',
          name: 'who',
          label: 'Who',
          type: 'text',
          dataTypeId: '0317bfee-b2f5-4bde-bfe8-121212121214',
          direction: 1,
          isRequired: true,
        },
        {
          id: '0b7c6a1e-1111-4a4a-8b8b-000000000002',
          name: 'greeting',
          label: 'Greeting',
          type: 'datatype',
          dataTypeId: '0317bfee-b2f5-4bde-bfe8-121212121214',
          direction: 3,
        },
      ],
    },
  ],
  ...overrides,
});

const zip = (files: Record<string, string | Uint8Array>) =>
  zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, content]) => [
        name,
        typeof content === 'string' ? strToU8(content) : content,
      ]),
    ) as Zippable,
  );

const packageOf = (files: Record<string, string | Uint8Array>) =>
  readCustomActionPackage(zip(files));

function problemsOf(bytes: Uint8Array): readonly string[] {
  try {
    readCustomActionPackage(bytes);
  } catch (error) {
    if (error instanceof InvalidActionPackageError) return error.problems;
    throw error;
  }
  throw new Error('the package was accepted');
}

const refusalOf = (files: Record<string, string | Uint8Array>) => problemsOf(zip(files));

describe('reading a custom action package', () => {
  it('accepts a zip with the manifest at its root and the entry module it names', () => {
    const pkg = packageOf({
      'sluice-action.json': JSON.stringify(manifest()),
      'index.js': ENTRY,
      'README.md': '# Greet',
    });
    expect(pkg.entrySource).toBe(ENTRY);
    expect(pkg.manifest).toMatchObject({
      id: '6f1c1a8e-5b0e-4d6e-9a53-1f2d3c4b5a69',
      name: 'Greet',
      shape: 'square',
      category: 'cat1',
      isTestable: true,
      entry: 'index.js',
      timeoutSeconds: null,
    });
    expect(pkg.manifest.configuration[0]!.settings.map((s) => [s.name, s.direction])).toEqual([
      ['who', 1],
      ['greeting', 3],
    ]);
  });

  it('gives a manifest without id a new one, and reads an entry in a folder and a BOM', () => {
    const { id: _id, ...withoutId } = manifest({ entry: './lib/main.mjs' });
    const pkg = packageOf({
      'sluice-action.json': '\uFEFF' + JSON.stringify(withoutId),
      'lib/main.mjs': ENTRY,
    });
    expect(pkg.manifest.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(pkg.manifest.entry).toBe('lib/main.mjs');
  });

  it("answers PROCESIO's error item first, then what is wrong", () => {
    try {
      readCustomActionPackage(zip({ 'index.js': ENTRY }));
      throw new Error('accepted');
    } catch (error) {
      const refused = error as InvalidActionPackageError;
      expect(refused.http).toBe(400);
      expect(refused.items).toEqual([
        { statusCode: 502, value: ERRORS.NOT_A_SLUICE_PACKAGE.value, target: 'package' },
        {
          statusCode: 502,
          value: 'sluice-action.json is missing at the root of the zip.',
          target: 'package',
        },
      ]);
    }
  });

  it('recognises a PROCESIO .NET (NuGet) package', () => {
    expect(
      refusalOf({
        '[Content_Types].xml': '<Types/>',
        'MyAction.nuspec': '<package/>',
        'lib/net6.0/MyAction.dll': new Uint8Array([0x4d, 0x5a]),
      }),
    ).toEqual([
      'This is a NuGet (.NET) package: PROCESIO custom actions written in .NET cannot run on Sluice. ' +
        'A Sluice action package is a zip with sluice-action.json and a JavaScript entry module.',
    ]);
  });

  it('says when the manifest sits in a folder instead of the root', () => {
    expect(refusalOf({ 'greet/sluice-action.json': '{}', 'greet/index.js': ENTRY })).toEqual([
      'sluice-action.json must be at the root of the zip, not in "greet/".',
    ]);
  });

  it('refuses what is not a zip, and a zip over 10 MiB', () => {
    expect(problemsOf(strToU8('just text'))).toEqual(['The package is not a zip archive.']);
    expect(problemsOf(new Uint8Array(PACKAGE_LIMITS.maxPackageBytes + 1))).toEqual([
      'The package is larger than 10 MiB.',
    ]);
    const truncated = zip({ 'sluice-action.json': '{}' }).slice(0, 30);
    expect(problemsOf(truncated)[0]).toMatch(/^The package is not a readable zip archive/);
  });

  it('refuses entries whose paths leave the package', () => {
    for (const name of ['../evil.js', '/etc/passwd', 'a/../../b.js', 'C:\\x.js']) {
      const problems = refusalOf({
        'sluice-action.json': JSON.stringify(manifest()),
        'index.js': ENTRY,
        [name]: 'x',
      });
      expect(problems[0], name).toMatch(
        /^The zip entry ".*" (is an absolute path|leaves its folder|has a character)/,
      );
    }
  });

  it('never inflates a file past its limit, even when the archive claims small sizes', () => {
    // 50 MiB of zeros compresses to a few KiB: a zip bomb by size on disk.
    const bomb = zip({
      'sluice-action.json': JSON.stringify(manifest()),
      'index.js': new Uint8Array(50 * 1024 * 1024),
    });
    expect(problemsOf(bomb)).toEqual(['The package expands to more than 32 MiB.']);
    const big = zip({
      'sluice-action.json': JSON.stringify(manifest()),
      'index.js': new Uint8Array(8 * 1024 * 1024).fill(32),
    });
    expect(problemsOf(big)).toEqual(['"index.js" is larger than 4096 KiB.']);
    // The same bomb with its declared sizes rewritten to 100 bytes inflates to 100 bytes at most.
    const lying = zip({
      'sluice-action.json': JSON.stringify(manifest()),
      'index.js': new Uint8Array(8 * 1024 * 1024).fill(0x61),
    });
    const view = new DataView(lying.buffer, lying.byteOffset, lying.byteLength);
    for (let at = 0; at < lying.length - 4; at++) {
      if (view.getUint32(at, true) === 0x04034b50 && lying[at + 30] === 0x69)
        view.setUint32(at + 22, 100, true);
      if (view.getUint32(at, true) === 0x02014b50 && lying[at + 46] === 0x69)
        view.setUint32(at + 24, 100, true);
    }
    const pkg = readCustomActionPackage(lying);
    expect(pkg.entrySource).toBe('a'.repeat(100));
  });

  it('refuses a manifest that is not JSON, and names every schema problem by its path', () => {
    expect(refusalOf({ 'sluice-action.json': '{ name: ', 'index.js': ENTRY })[0]).toMatch(
      /^sluice-action.json is not valid JSON: /,
    );
    const broken = manifest({
      name: '',
      shape: 'hexagon',
      entry: '../index.js',
      configuration: [
        {
          label: 'Details',
          settings: [
            { id: 'not-a-guid', name: 'a', type: 'text', direction: 1 },
            { id: '0b7c6a1e-1111-4a4a-8b8b-000000000009', type: 'credentials', direction: 4 },
            { id: '0b7c6a1e-1111-4a4a-8b8b-000000000009', name: 'a', type: 'text', direction: 3 },
          ],
        },
      ],
    });
    expect(refusalOf({ 'sluice-action.json': JSON.stringify(broken), 'index.js': ENTRY })).toEqual([
      'sluice-action.json: name must not be empty.',
      'sluice-action.json: shape must be "square", "circle" or "diamond".',
      'sluice-action.json: entry must be the path of a .js or .mjs file inside the package.',
      'sluice-action.json: configuration[0].settings[0].id must be a GUID.',
      'sluice-action.json: configuration[0].settings[1].type "credentials" is not available to custom actions.',
      'sluice-action.json: configuration[0].settings[1].name is required.',
      'sluice-action.json: configuration[0].settings[1].direction must be 1 (input), 2 (input and output) or 3 (output).',
      'sluice-action.json: configuration[0].settings[2].id repeats the id of another setting.',
      'sluice-action.json: configuration[0].settings[2].name repeats the name "a".',
    ]);
  });

  it('refuses a manifest naming an entry that is missing or empty', () => {
    expect(
      refusalOf({ 'sluice-action.json': JSON.stringify(manifest()), 'main.js': ENTRY }),
    ).toEqual(['The entry module "index.js" named by sluice-action.json is not in the zip.']);
    expect(
      refusalOf({ 'sluice-action.json': JSON.stringify(manifest()), 'index.js': '  \n' }),
    ).toEqual(['The entry module "index.js" is empty.']);
  });
});
