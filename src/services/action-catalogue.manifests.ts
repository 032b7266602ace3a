// Owns how the catalogue describes an action to clients (API.md §9.2): SimpleActionTemplateDto and
// DetailedActionTemplateDto with their configuration tabs of TabPropertyDto settings, built from a
// platform template and its family, or from a custom action's stored manifest.
import { createHash } from 'node:crypto';
import type { ActionFamily } from '../actions/catalogue.js';
import {
  CONTROL_TEMPLATE_IDS,
  type ActionTemplate,
  type TemplateSetting,
} from '../flow/template-catalog.js';
import type { CustomActionRecord } from '../ports/action.store.js';

export interface ActionPermissionsDto {
  canDelete: boolean;
  canAddFromToolbar: boolean;
  canDuplicate: boolean;
  canSaveActionAsTemplate: boolean;
}

export interface SimpleActionTemplateDto {
  /** The template id; `key` repeats it (PROCESIO's name for it). */
  id: string;
  key: string;
  name: string;
  description: string | null;
  icon: string;
  shape: string;
  inputPorts: number;
  outputPorts: number;
  isProcesioAction: boolean;
  category: string;
  permissions: ActionPermissionsDto;
  isTestable: boolean;
  isDebuggable: boolean;
  isDisableable: boolean;
  tooltip: string | null;
  documentation: { url: string | null; image: string | null };
  firstName: string | null;
  lastName: string | null;
  workspaceId: string | null;
  createdBy: string | null;
  updatedBy: string | null;
  createdById: string | null;
  updatedById: string | null;
  createdOn: string | null;
}

export interface TabPropertyDto {
  id: string;
  /** The key a custom action's entry module reads or returns the value under. */
  name: string;
  dataTypeId: string | null;
  label: string;
  tooltip: string | null;
  type: string;
  language: string | null;
  credentialsTemplateId: string | null;
  value: unknown;
  options: unknown[];
  isRequired: boolean;
  isList: boolean;
  expects: string | null;
  direction: number;
  rowId: number;
  columnId: number;
  columnSize: number;
  limits: unknown;
  dependencies: unknown[];
  events: unknown[];
}

export interface ActionTabDto {
  /** `key` repeats the id (API.md calls it `key`, PROCESIO's catalogue `id`). */
  id: string;
  key: string;
  label: string;
  orderId: number;
  settings: TabPropertyDto[];
}

export interface DetailedActionTemplateDto extends SimpleActionTemplateDto {
  configuration: ActionTabDto[];
  events: unknown[];
  updatedOn: string | null;
}

/** The category a custom action answers with when its manifest names none (API.md §9.5). */
export const DEFAULT_CUSTOM_CATEGORY = 'cat1';

const ALL_ALLOWED: ActionPermissionsDto = {
  canDelete: true,
  canAddFromToolbar: true,
  canDuplicate: true,
  canSaveActionAsTemplate: true,
};

/** Start is placed once by the designer and never removed, copied or saved as a template. */
const START_PERMISSIONS: ActionPermissionsDto = {
  canDelete: false,
  canAddFromToolbar: false,
  canDuplicate: false,
  canSaveActionAsTemplate: false,
};

const NO_AUDIT = {
  firstName: null,
  lastName: null,
  workspaceId: null,
  createdBy: null,
  updatedBy: null,
  createdById: null,
  updatedById: null,
  createdOn: null,
};

/** A stable GUID derived from text: the tab ids of platform actions never change. */
function derivedGuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function settingDto(setting: TemplateSetting, row: number): TabPropertyDto {
  return {
    id: setting.id,
    name: setting.name,
    dataTypeId: setting.dataTypeId,
    label: setting.name,
    tooltip: setting.tooltip ?? null,
    type: setting.type,
    language: setting.language ?? null,
    credentialsTemplateId: setting.credentialsTemplateId ?? null,
    value: setting.defaultValue ?? null,
    options: [...(setting.options ?? [])],
    isRequired: setting.isRequired,
    isList: setting.isList,
    expects: null,
    direction: setting.direction,
    rowId: row,
    columnId: 0,
    columnSize: 12,
    limits: setting.limits ?? null,
    dependencies: [],
    events: [],
  };
}

/** One platform action (or control template) as the catalogue lists it. */
export function platformManifest(
  template: ActionTemplate,
  family: ActionFamily | undefined,
  executable: boolean,
): DetailedActionTemplateDto {
  const isStart = template.id.toLowerCase() === CONTROL_TEMPLATE_IDS.Start;
  const isEnd = isStart || template.id.toLowerCase() === CONTROL_TEMPLATE_IDS.Stop;
  return {
    id: template.id,
    key: template.id,
    name: template.name,
    description: template.description ?? null,
    icon: template.icon ?? family?.icon ?? 'icon-procesio',
    shape: template.shape,
    inputPorts: template.inputPorts,
    outputPorts: template.outputPorts,
    isProcesioAction: true,
    category: family?.category ?? 'control',
    permissions: isStart ? START_PERMISSIONS : ALL_ALLOWED,
    // Only an action Sluice can run on its own can be tested alone; control actions need a flow.
    isTestable: executable,
    isDebuggable: !isEnd,
    isDisableable: !isEnd,
    tooltip: template.tooltip ?? null,
    documentation: { url: null, image: null },
    ...NO_AUDIT,
    configuration: [
      {
        id: derivedGuid(`${template.id.toLowerCase()}/configuration`),
        key: derivedGuid(`${template.id.toLowerCase()}/configuration`),
        label: 'Configuration',
        orderId: 0,
        settings: template.settings.map((s, row) => settingDto(s, row)),
      },
    ],
    events: [],
    updatedOn: null,
  };
}

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const integer = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isInteger(value) ? value : fallback;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? [...value] : []);

/** A manifest setting with every TabPropertyDto field present (defaults for what it omits). */
function customSettingDto(raw: unknown, row: number): TabPropertyDto {
  const s = isObject(raw) ? raw : {};
  const name = text(s.name) ?? '';
  return {
    id: text(s.id) ?? '',
    name,
    dataTypeId: text(s.dataTypeId),
    label: text(s.label) ?? name,
    tooltip: text(s.tooltip),
    type: text(s.type) ?? 'text',
    language: text(s.language),
    credentialsTemplateId: text(s.credentialsTemplateId),
    value: s.value ?? null,
    options: list(s.options),
    isRequired: s.isRequired === true,
    isList: s.isList === true,
    expects: text(s.expects),
    direction: integer(s.direction, 1),
    rowId: integer(s.rowId, row),
    columnId: integer(s.columnId, 0),
    columnSize: integer(s.columnSize, 12),
    limits: s.limits ?? null,
    dependencies: list(s.dependencies),
    events: list(s.events),
  };
}

/** What the catalogue reads from a custom action's stored manifest. */
export function customCategory(manifest: unknown): string {
  return (isObject(manifest) ? text(manifest.category) : null) || DEFAULT_CUSTOM_CATEGORY;
}

export function customIsTestable(manifest: unknown): boolean {
  return isObject(manifest) && manifest.isTestable === true;
}

/**
 * A custom action as the catalogue lists it: the manifest's own tabs and settings, the shape and
 * ports of the template the runtime built from it, and the upload's audit fields.
 */
export function customManifest(
  record: CustomActionRecord,
  template: ActionTemplate,
): DetailedActionTemplateDto {
  const manifest = isObject(record.manifest) ? record.manifest : {};
  const tabs = list(manifest.configuration);
  return {
    id: record.id,
    key: record.id,
    name: record.name,
    description: text(manifest.description),
    icon: text(manifest.icon) ?? 'extension',
    shape: template.shape,
    inputPorts: template.inputPorts,
    outputPorts: template.outputPorts,
    isProcesioAction: false,
    category: customCategory(record.manifest),
    permissions: ALL_ALLOWED,
    isTestable: customIsTestable(record.manifest),
    isDebuggable: true,
    isDisableable: true,
    tooltip: text(manifest.tooltip),
    documentation: { url: null, image: null },
    firstName: null,
    lastName: null,
    workspaceId: record.workspaceId,
    createdBy: record.createdBy,
    updatedBy: record.updatedBy,
    createdById: record.createdById,
    updatedById: record.updatedById,
    createdOn: record.createdOn.toISOString(),
    configuration: tabs.map((raw, index) => {
      const tab = isObject(raw) ? raw : {};
      const id = text(tab.id) ?? text(tab.key) ?? derivedGuid(`${record.id}/tab/${index}`);
      return {
        id,
        key: id,
        label: text(tab.label) ?? text(tab.tabName) ?? 'Configuration',
        orderId: integer(tab.orderId, index),
        settings: list(tab.settings).map((s, row) => customSettingDto(s, row)),
      };
    }),
    events: [],
    updatedOn: record.updatedOn.toISOString(),
  };
}

const SIMPLE_KEYS = [
  'id',
  'key',
  'name',
  'description',
  'icon',
  'shape',
  'inputPorts',
  'outputPorts',
  'isProcesioAction',
  'category',
  'permissions',
  'isTestable',
  'isDebuggable',
  'isDisableable',
  'tooltip',
  'documentation',
  'firstName',
  'lastName',
  'workspaceId',
  'createdBy',
  'updatedBy',
  'createdById',
  'updatedById',
  'createdOn',
] as const satisfies readonly (keyof SimpleActionTemplateDto)[];

/** The list form, without `configuration`, `events` and `updatedOn` (`getFullAction=false`). */
export function simpleManifest(detailed: DetailedActionTemplateDto): SimpleActionTemplateDto {
  const simple: Partial<Record<keyof SimpleActionTemplateDto, unknown>> = {};
  for (const key of SIMPLE_KEYS) simple[key] = detailed[key];
  return simple as SimpleActionTemplateDto;
}
