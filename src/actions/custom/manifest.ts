// Owns the manifest of a custom action package (`sluice-action.json`, API.md §9.5): its schema,
// checked field by field with every problem named by its path, and the normalised form Sluice
// stores and serves. Settings are PROCESIO's TabPropertyDto plus `name`, the key under which
// the entry module receives (input) or returns (output) the value.
import { randomUUID } from 'node:crypto';
import { StructuredSettingTypes } from '../../flow/template-catalog.js';

export type CustomActionShape = 'square' | 'circle' | 'diamond';

/** One setting: a TabPropertyDto (API.md §9.2) plus `name`. */
export interface CustomActionSetting {
  id: string;
  /** The key in the entry's `inputs` and in its returned object; null for a side panel. */
  name: string | null;
  label: string;
  /** The designer control (`text`, `number`, `check-box`, `select`, `datatype`, `side-pannel`…). */
  type: string;
  dataTypeId: string | null;
  /** 1 input, 2 input the action may write back, 3 output; null for a side panel. */
  direction: 1 | 2 | 3 | null;
  isRequired: boolean;
  isList: boolean;
  /** The default value; for a side panel, its child settings. */
  value: unknown;
  tooltip: string | null;
  language: string | null;
  options: { name: string; value: unknown }[] | null;
  expects: string | null;
  rowId: number;
  columnId: number;
  columnSize: number;
  limits: { min: number | null; max: number | null } | null;
  dependencies: unknown[];
  events: unknown[];
}

/** One configuration tab (ActionTabDto). */
export interface CustomActionTab {
  key: string;
  label: string;
  orderId: number;
  settings: CustomActionSetting[];
}

export interface CustomActionManifest {
  /** The template id (a GUID, lower case). */
  id: string;
  name: string;
  description: string;
  icon: string | null;
  shape: CustomActionShape;
  category: string;
  isTestable: boolean;
  tooltip: string | null;
  /** Path of the entry module inside the package. */
  entry: string;
  /** Seconds one run may take; null = the sandbox default. The server's ceiling still applies. */
  timeoutSeconds: number | null;
  configuration: CustomActionTab[];
}

export const MANIFEST_FILE = 'sluice-action.json';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONTROL_TYPE = /^[a-z][a-z0-9-]{0,39}$/;
const ENTRY_PATH = /^(?:[\w.-]+\/)*[\w.-]+\.m?js$/;
const SIDE_PANEL = 'side-pannel';

/**
 * Setting types whose value only the platform can give meaning to: flow pickers and mappings
 * the compiler parses, and credentials, which sandboxed code could not use.
 */
const REFUSED_TYPES = new Set<string>([...Object.values(StructuredSettingTypes), 'credentials']);

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads fields of one object, noting every problem with its path. */
class FieldReader {
  constructor(
    private readonly object: Json,
    private readonly path: string,
    private readonly problems: string[],
  ) {}

  private at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  problem(key: string, message: string): void {
    this.problems.push(`${this.at(key)} ${message}`);
  }

  has(key: string): boolean {
    return this.object[key] !== undefined && this.object[key] !== null;
  }

  raw(key: string): unknown {
    return this.object[key];
  }

  text(key: string, max: number, options: { required: true }): string;
  text(key: string, max: number, options?: { required?: false }): string | null;
  text(key: string, max: number, options: { required?: boolean } = {}): string | null {
    const value = this.object[key];
    if (value === undefined || value === null) {
      if (options.required) this.problem(key, 'is required.');
      return options.required ? '' : null;
    }
    if (typeof value !== 'string') {
      this.problem(key, 'must be a string.');
      return options.required ? '' : null;
    }
    if (options.required && value.trim() === '') this.problem(key, 'must not be empty.');
    if (value.length > max) this.problem(key, `must be at most ${max} characters long.`);
    return value;
  }

  flag(key: string, fallback: boolean): boolean {
    const value = this.object[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.problem(key, 'must be true or false.');
    return value === true;
  }

  integer(key: string, fallback: number): number {
    const value = this.object[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.problem(key, 'must be a whole number.');
      return fallback;
    }
    return value;
  }

  guid(key: string, options: { required: boolean }): string | null {
    const value = this.object[key];
    if (value === undefined || value === null) {
      if (options.required) this.problem(key, 'is required.');
      return null;
    }
    if (typeof value !== 'string' || !GUID.test(value)) {
      this.problem(key, 'must be a GUID.');
      return null;
    }
    return value.toLowerCase();
  }

  list(key: string, options: { required: boolean }): unknown[] {
    const value = this.object[key];
    if (value === undefined || value === null) {
      if (options.required) this.problem(key, 'is required.');
      return [];
    }
    if (!Array.isArray(value)) {
      this.problem(key, 'must be a list.');
      return [];
    }
    return value;
  }
}

export interface ManifestReading {
  manifest: CustomActionManifest | null;
  /** Every problem found, each naming its field path; empty when the manifest is valid. */
  problems: string[];
}

/**
 * Checks and normalises a manifest. A manifest without `id` gets a new GUID when `assignId`
 * (an upload); a stored manifest must have one.
 */
export function readManifest(value: unknown, options: { assignId: boolean }): ManifestReading {
  const problems: string[] = [];
  if (!isRecord(value))
    return { manifest: null, problems: ['The manifest must be a JSON object.'] };
  const fields = new FieldReader(value, '', problems);
  const id = fields.guid('id', { required: !options.assignId }) ?? randomUUID();
  const name = fields.text('name', 100, { required: true });
  const description = fields.text('description', 2_000) ?? '';
  const icon = fields.text('icon', 500);
  const shapeText = fields.text('shape', 20) ?? 'square';
  const shape = (['square', 'circle', 'diamond'] as const).find((s) => s === shapeText);
  if (!shape) fields.problem('shape', 'must be "square", "circle" or "diamond".');
  const category = fields.text('category', 64) ?? 'cat1';
  const isTestable = fields.flag('isTestable', true);
  const tooltip = fields.text('tooltip', 2_000);
  const entry = (fields.text('entry', 200, { required: true }) ?? '').replace(/^\.\//, '');
  if (entry !== '' && (!ENTRY_PATH.test(entry) || entry.split('/').some((s) => /^\.+$/.test(s))))
    fields.problem('entry', 'must be the path of a .js or .mjs file inside the package.');
  let timeoutSeconds: number | null = null;
  if (fields.has('timeoutSeconds')) {
    const seconds = fields.raw('timeoutSeconds');
    if (typeof seconds === 'number' && seconds > 0 && seconds <= 3_600) timeoutSeconds = seconds;
    else fields.problem('timeoutSeconds', 'must be a number of seconds above 0 and at most 3600.');
  }
  const seen = { ids: new Set<string>(), names: new Set<string>() };
  const configuration = fields
    .list('configuration', { required: true })
    .map((tab, i) => readTab(tab, `configuration[${i}]`, problems, seen));
  if (problems.length > 0) return { manifest: null, problems };
  return {
    manifest: {
      id,
      name,
      description,
      icon,
      shape: shape ?? 'square',
      category,
      isTestable,
      tooltip,
      entry,
      timeoutSeconds,
      configuration,
    },
    problems,
  };
}

interface Seen {
  ids: Set<string>;
  names: Set<string>;
}

function readTab(value: unknown, path: string, problems: string[], seen: Seen): CustomActionTab {
  if (!isRecord(value)) {
    problems.push(`${path} must be an object.`);
    return { key: '', label: '', orderId: 0, settings: [] };
  }
  const fields = new FieldReader(value, path, problems);
  const label = fields.text('label', 100, { required: true });
  const key = fields.text('key', 100) ?? fields.text('id', 100) ?? label;
  const orderId = fields.integer('orderId', 0);
  const settings = fields
    .list('settings', { required: true })
    .map((setting, i) => readSetting(setting, `${path}.settings[${i}]`, problems, seen, true));
  return { key, label, orderId, settings };
}

function readSetting(
  value: unknown,
  path: string,
  problems: string[],
  seen: Seen,
  topLevel: boolean,
): CustomActionSetting {
  if (!isRecord(value)) {
    problems.push(`${path} must be an object.`);
    return { ...EMPTY_SETTING };
  }
  const fields = new FieldReader(value, path, problems);
  const id = fields.guid('id', { required: true }) ?? '';
  if (id !== '' && seen.ids.has(id)) fields.problem('id', `repeats the id of another setting.`);
  seen.ids.add(id);
  const type = fields.text('type', 40, { required: true });
  if (type !== '' && !CONTROL_TYPE.test(type))
    fields.problem('type', 'must be a designer control type such as "text" or "number".');
  if (REFUSED_TYPES.has(type))
    fields.problem('type', `"${type}" is not available to custom actions.`);
  const isPanel = type === SIDE_PANEL;
  const base = {
    id,
    label: '',
    type,
    dataTypeId: fields.guid('dataTypeId', { required: false }),
    isRequired: fields.flag('isRequired', false),
    isList: fields.flag('isList', false),
    tooltip: fields.text('tooltip', 2_000),
    language: fields.text('language', 40),
    options: readOptions(fields),
    expects: fields.text('expects', 40),
    rowId: fields.integer('rowId', 0),
    columnId: fields.integer('columnId', 0),
    columnSize: fields.integer('columnSize', 0),
    limits: readLimits(fields),
    dependencies: fields.list('dependencies', { required: false }),
    events: fields.list('events', { required: false }),
  };
  if (isPanel) {
    if (!topLevel) fields.problem('type', 'side panels cannot be nested.');
    const direction = fields.raw('direction');
    if (direction !== undefined && direction !== null && direction !== 0)
      fields.problem('direction', 'must be absent on a side panel.');
    const children = fields
      .list('value', { required: true })
      .map((child, i) => readSetting(child, `${path}.value[${i}]`, problems, seen, false));
    const label = fields.text('label', 100) ?? '';
    return { ...base, label, name: null, direction: null, value: children };
  }
  const name = fields.text('name', 100, { required: true });
  if (name === '__proto__') fields.problem('name', 'must not be "__proto__".');
  if (name !== '' && seen.names.has(name)) fields.problem('name', `repeats the name "${name}".`);
  seen.names.add(name);
  const direction = fields.raw('direction');
  if (direction !== 1 && direction !== 2 && direction !== 3)
    fields.problem('direction', 'must be 1 (input), 2 (input and output) or 3 (output).');
  const label = fields.text('label', 100) ?? name;
  return {
    ...base,
    label,
    name,
    direction: direction === 1 || direction === 2 || direction === 3 ? direction : 1,
    value: fields.raw('value') ?? null,
  };
}

const EMPTY_SETTING: CustomActionSetting = {
  id: '',
  name: null,
  label: '',
  type: '',
  dataTypeId: null,
  direction: null,
  isRequired: false,
  isList: false,
  value: null,
  tooltip: null,
  language: null,
  options: null,
  expects: null,
  rowId: 0,
  columnId: 0,
  columnSize: 0,
  limits: null,
  dependencies: [],
  events: [],
};

function readOptions(fields: FieldReader): CustomActionSetting['options'] {
  if (!fields.has('options')) return null;
  const options = fields.list('options', { required: false });
  const read: { name: string; value: unknown }[] = [];
  for (const option of options) {
    if (!isRecord(option) || typeof option.name !== 'string' || option.value === undefined) {
      fields.problem('options', 'must be a list of {name, value}.');
      return null;
    }
    read.push({ name: option.name, value: option.value });
  }
  return read;
}

function readLimits(fields: FieldReader): CustomActionSetting['limits'] {
  if (!fields.has('limits')) return null;
  const limits = fields.raw('limits');
  const bound = (value: unknown) => (typeof value === 'number' ? value : null);
  if (!isRecord(limits)) {
    fields.problem('limits', 'must be {min, max}.');
    return null;
  }
  return { min: bound(limits.min), max: bound(limits.max) };
}

/** The settings that take or give values: side panels replaced by their children. */
export function valueSettings(manifest: CustomActionManifest): CustomActionSetting[] {
  return manifest.configuration.flatMap((tab) =>
    tab.settings.flatMap((setting) =>
      setting.type === SIDE_PANEL ? (setting.value as CustomActionSetting[]) : [setting],
    ),
  );
}
