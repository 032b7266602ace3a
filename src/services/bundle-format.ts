// Owns the `.procesio` bundle as bytes and text (API.md §13.2, §13.3): reading a bundle (JSON,
// possibly zipped), PascalCase keys written and read case-insensitively where a DTO schema names
// them (free-form data stays verbatim), and secret values sealed with a password.
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import type * as Fflate from 'fflate';
import { requireOnce } from '../connectors/load-once.js';

/** Read only when an archive arrives. */
const fflate = requireOnce<typeof Fflate>('fflate');

export const SEALED_PREFIX = 'sluice-enc:v1:';
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
export const MIN_BUNDLE_PASSWORD = 12;

interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema | Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

export class BundleFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleFormatError';
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of property `name` in any case; undefined when absent. */
export function prop(value: unknown, name: string): unknown {
  if (!isRecord(value)) return undefined;
  if (name in value) return value[name];
  const lower = name.toLowerCase();
  const key = Object.keys(value).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : value[key];
}

function propertiesOf(schema: Schema): Record<string, Schema> | null {
  const merged: Record<string, Schema> = {};
  let any = false;
  const visit = (s: Schema) => {
    if (s.properties) {
      any = true;
      Object.assign(merged, s.properties);
    }
    for (const variant of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])])
      visit(variant);
  };
  visit(schema);
  return any ? merged : null;
}

function itemsOf(schema: Schema): Schema | null {
  if (schema.items && !Array.isArray(schema.items)) return schema.items;
  for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const found = itemsOf(variant);
    if (found) return found;
  }
  return null;
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Renames the keys the schema names to PascalCase at every depth (the bundle spelling); keys of
 * free-form values (no properties in the schema) are left as they are.
 */
export function toPascalKeys(schema: object, value: unknown): unknown {
  const s = schema as Schema;
  if (Array.isArray(value)) {
    const items = itemsOf(s);
    return items ? value.map((v) => toPascalKeys(items, v)) : value;
  }
  if (!isRecord(value)) return value;
  const properties = propertiesOf(s);
  if (!properties) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const child = properties[key];
    out[child ? pascal(key) : key] = child ? toPascalKeys(child, v) : v;
  }
  return out;
}

/**
 * Renames the keys the schema names, matched in any case, to the schema's spelling at every depth
 * (bundles are PascalCase, the API camelCase); free-form values stay verbatim. When one object
 * spells a key twice, the first spelling wins.
 */
export function toSchemaKeys(schema: object, value: unknown): unknown {
  const s = schema as Schema;
  if (Array.isArray(value)) {
    const items = itemsOf(s);
    return items ? value.map((v) => toSchemaKeys(items, v)) : value;
  }
  if (!isRecord(value)) return value;
  const properties = propertiesOf(s);
  if (!properties) return value;
  const canonical = new Map(Object.keys(properties).map((name) => [name.toLowerCase(), name]));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = canonical.get(key.toLowerCase()) ?? key;
    if (name in out || name === '__proto__') continue;
    const child = properties[name];
    out[name] = child ? toSchemaKeys(child, v) : v;
  }
  return out;
}

/**
 * The bundle's JSON object. A zip archive is opened and its `.procesio` or `.json` entry read.
 * @throws BundleFormatError when the bytes hold no JSON object.
 */
export function readBundle(bytes: Uint8Array): Record<string, unknown> {
  let text: Uint8Array = bytes;
  // "PK\x03\x04": a zip archive (some tools ship bundles zipped).
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = fflate().unzipSync(bytes);
    } catch (error) {
      throw new BundleFormatError(`the zip archive cannot be opened (${(error as Error).message})`);
    }
    const names = Object.keys(entries).filter((n) => !n.endsWith('/'));
    const name =
      names.find((n) => /\.(procesio|json)$/i.test(n)) ??
      (names.length === 1 ? names[0] : undefined);
    if (!name) throw new BundleFormatError('the zip archive holds no .procesio or .json file');
    text = entries[name]!;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      Buffer.from(text)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
      (key, v) => (key === '__proto__' ? undefined : (v as unknown)),
    );
  } catch {
    throw new BundleFormatError('it is not JSON');
  }
  if (!isRecord(parsed)) throw new BundleFormatError('it is not a JSON object');
  return parsed;
}

function deriveKey(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_BYTES, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

/** Seals secret values for one bundle: one salt, one key derived from the password. */
export class BundleSealer {
  private constructor(
    private readonly salt: Buffer,
    private readonly key: Buffer,
  ) {}

  static async create(password: string): Promise<BundleSealer> {
    const salt = randomBytes(SALT_BYTES);
    return new BundleSealer(salt, await deriveKey(password, salt));
  }

  /** `sluice-enc:v1:` + base64(salt ‖ iv ‖ tag ‖ AES-256-GCM ciphertext). */
  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const packed = Buffer.concat([this.salt, iv, cipher.getAuthTag(), body]);
    return `${SEALED_PREFIX}${packed.toString('base64')}`;
  }
}

/** Opens sealed values with a password; keys are derived once per salt. */
export class BundleOpener {
  private readonly keys = new Map<string, Promise<Buffer>>();

  constructor(private readonly password: string) {}

  /** The plaintext, or null when the password is wrong or the value is damaged. */
  async open(value: string): Promise<string | null> {
    const packed = Buffer.from(value.slice(SEALED_PREFIX.length), 'base64');
    if (packed.length < SALT_BYTES + IV_BYTES + TAG_BYTES) return null;
    const salt = packed.subarray(0, SALT_BYTES);
    const iv = packed.subarray(SALT_BYTES, SALT_BYTES + IV_BYTES);
    const tag = packed.subarray(SALT_BYTES + IV_BYTES, SALT_BYTES + IV_BYTES + TAG_BYTES);
    const body = packed.subarray(SALT_BYTES + IV_BYTES + TAG_BYTES);
    const id = salt.toString('hex');
    let key = this.keys.get(id);
    if (!key) {
      key = deriveKey(this.password, Buffer.from(salt));
      this.keys.set(id, key);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', await key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
