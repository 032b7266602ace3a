// Owns reading an uploaded custom action package (API.md §9.5): a zip of at most 10 MiB with
// `sluice-action.json` at its root and one JavaScript entry module. Only those two files are
// ever decompressed, each within a size limit checked before decompression (fflate never writes
// past a file's declared size, so a lying header cannot inflate past it either); every file name
// must be a plain relative path. A PROCESIO (.NET, NuGet) package is recognised and refused.
import type * as Fflate from 'fflate';
import type { UnzipFileInfo } from 'fflate';
import { requireOnce } from '../../connectors/load-once.js';
import { ERRORS, SluiceError } from '../../errors/catalogue.js';
import { MANIFEST_FILE, readManifest, type CustomActionManifest } from './manifest.js';

/** Read only when an archive arrives. */
const fflate = requireOnce<typeof Fflate>('fflate');

export const PACKAGE_LIMITS = Object.freeze({
  /** The zip itself (API.md §9.5). */
  maxPackageBytes: 10 * 1024 * 1024,
  maxFiles: 200,
  /** Declared uncompressed size of all files together. */
  maxTotalBytes: 32 * 1024 * 1024,
  maxManifestBytes: 256 * 1024,
  maxEntryBytes: 4 * 1024 * 1024,
  maxPathLength: 255,
});

/** A package as accepted: what a workspace stores and rebuilds the action from. */
export interface CustomActionPackage {
  /** Normalised; `id` is the manifest's or a new GUID. */
  readonly manifest: CustomActionManifest;
  /** The entry module's source text. */
  readonly entrySource: string;
}

/**
 * An upload that is not a usable Sluice action package. Answered as PROCESIO's 400 with the
 * `NOT_A_SLUICE_PACKAGE` item, then one item saying what is wrong (`target` `package`).
 */
export class InvalidActionPackageError extends SluiceError {
  constructor(readonly problems: readonly string[]) {
    const shown = problems.slice(0, 10).join(' ');
    const more = problems.length > 10 ? ` (${problems.length - 10} more problems)` : '';
    super('NOT_A_SLUICE_PACKAGE', 'package', {
      extra: [
        {
          statusCode: ERRORS.NOT_A_SLUICE_PACKAGE.statusCode,
          value: shown + more,
          target: 'package',
        },
      ],
    });
    this.name = 'InvalidActionPackageError';
    this.message = shown + more;
  }
}

const refuse = (...problems: string[]): never => {
  throw new InvalidActionPackageError(problems);
};

const ZIP_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
];

/** Validates a package and returns its manifest and entry source; throws InvalidActionPackageError. */
export function readCustomActionPackage(zip: Uint8Array): CustomActionPackage {
  if (zip.length > PACKAGE_LIMITS.maxPackageBytes)
    refuse(`The package is larger than ${PACKAGE_LIMITS.maxPackageBytes / 1024 / 1024} MiB.`);
  if (!ZIP_SIGNATURES.some((signature) => signature.every((byte, i) => zip[i] === byte)))
    refuse('The package is not a zip archive.');
  const files = listFiles(zip);
  const byName = new Map(files.map((file) => [file.name, file]));
  if (!byName.has(MANIFEST_FILE)) {
    if (files.some((f) => /\.nuspec$|\.dll$|^\[Content_Types\]\.xml$/i.test(f.name)))
      refuse(
        'This is a NuGet (.NET) package: PROCESIO custom actions written in .NET cannot run on Sluice. ' +
          `A Sluice action package is a zip with ${MANIFEST_FILE} and a JavaScript entry module.`,
      );
    const nested = files.find((f) => f.name.endsWith(`/${MANIFEST_FILE}`));
    refuse(
      nested
        ? `${MANIFEST_FILE} must be at the root of the zip, not in "${nested.name.slice(0, -MANIFEST_FILE.length)}".`
        : `${MANIFEST_FILE} is missing at the root of the zip.`,
    );
  }
  const manifestText = extract(zip, byName.get(MANIFEST_FILE)!, PACKAGE_LIMITS.maxManifestBytes);
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(manifestText);
  } catch (error) {
    refuse(`${MANIFEST_FILE} is not valid JSON: ${(error as Error).message}`);
  }
  const { manifest, problems } = readManifest(manifestJson, { assignId: true });
  if (!manifest) return refuse(...problems.map((p) => `${MANIFEST_FILE}: ${p}`));
  const entry = byName.get(manifest.entry);
  if (!entry)
    refuse(`The entry module "${manifest.entry}" named by ${MANIFEST_FILE} is not in the zip.`);
  const entrySource = extract(zip, entry!, PACKAGE_LIMITS.maxEntryBytes);
  if (entrySource.trim() === '') refuse(`The entry module "${manifest.entry}" is empty.`);
  return { manifest, entrySource };
}

/** Every file of the archive (directories left out), its path checked, nothing decompressed. */
function listFiles(zip: Uint8Array): UnzipFileInfo[] {
  const files: UnzipFileInfo[] = [];
  try {
    fflate().unzipSync(zip, {
      filter(file) {
        files.push(file);
        return false;
      },
    });
  } catch (error) {
    refuse(`The package is not a readable zip archive (${(error as Error).message}).`);
  }
  if (files.length > PACKAGE_LIMITS.maxFiles)
    refuse(
      `The package holds ${files.length} entries; at most ${PACKAGE_LIMITS.maxFiles} are allowed.`,
    );
  const names = new Set<string>();
  let total = 0;
  for (const file of files) {
    const problem = pathProblem(file.name);
    if (problem) refuse(`The zip entry "${printable(file.name)}" ${problem}`);
    if (names.has(file.name)) refuse(`The zip holds "${printable(file.name)}" twice.`);
    names.add(file.name);
    total += file.originalSize;
  }
  if (total > PACKAGE_LIMITS.maxTotalBytes)
    refuse(`The package expands to more than ${PACKAGE_LIMITS.maxTotalBytes / 1024 / 1024} MiB.`);
  return files.filter((file) => !file.name.endsWith('/'));
}

function pathProblem(name: string): string | null {
  if (name.length === 0 || name.length > PACKAGE_LIMITS.maxPathLength)
    return `must have a name of 1 to ${PACKAGE_LIMITS.maxPathLength} characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\\:]/.test(name)) return 'has a character not allowed in a path.';
  if (name.startsWith('/')) return 'is an absolute path.';
  if (name.split('/').some((segment) => segment === '..' || segment === '.'))
    return 'leaves its folder ("." or ".." in the path).';
  return null;
}

function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f]/g, '?').slice(0, 100);
}

/** One file's text, decompressed only when its declared size is within `limit`. */
function extract(zip: Uint8Array, file: UnzipFileInfo, limit: number): string {
  if (file.originalSize > limit)
    refuse(`"${file.name}" is larger than ${Math.round(limit / 1024)} KiB.`);
  let bytes: Uint8Array | undefined;
  try {
    bytes = fflate().unzipSync(zip, { filter: (f) => f.name === file.name })[file.name];
  } catch (error) {
    refuse(`"${file.name}" cannot be decompressed (${(error as Error).message}).`);
  }
  if (!bytes || bytes.length > limit) return refuse(`"${file.name}" cannot be decompressed.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return refuse(`"${file.name}" is not UTF-8 text.`);
  }
}
