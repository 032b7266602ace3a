// Owns the action catalogue as a workspace sees it (API.md §9.1): the platform actions and their
// read-only family folders shared by every workspace, and the workspace's own folders, saved
// templates (prototypes) and custom actions, with the rules for changing them.
import { ACTION_FAMILIES, type ActionFamily } from '../actions/catalogue.js';
import type { ActionDefinition } from '../actions/action.js';
import type { ActionRegistry } from '../actions/registry.js';
import { roleAllows, type Permission } from '../domain/identity.js';
import { newId, normalizeGuid } from '../domain/ids.js';
import { SluiceError, invalidInput } from '../errors/catalogue.js';
import type { ActionDto } from '../flow/flow.schema.js';
import { DECISIONAL_OPERATORS, UNARY_OPERATORS } from '../flow/plan.js';
import type { ActionTemplate } from '../flow/template-catalog.js';
import type { Clock } from '../ports/clock.js';
import type {
  ActionChange,
  ActionFolderRecord,
  ActionPrototypeRecord,
  ActionStore,
} from '../ports/action.store.js';
import type {
  CustomActionRuntime,
  LoadedCustomAction,
  WorkspaceCustomActions,
} from './action-catalogue.custom.js';
import {
  customIsTestable,
  customManifest,
  platformManifest,
  simpleManifest,
  type DetailedActionTemplateDto,
  type SimpleActionTemplateDto,
} from './action-catalogue.manifests.js';
import type { Caller } from './process.service.js';

/** ActionNodeDto (API.md §9.2): a folder of the catalogue tree. */
export interface ActionNodeDto {
  id: string;
  name: string;
  parentId: string | null;
  order: number;
  /** 1 = folder. */
  type: number;
  isProcesio: boolean;
  children: ActionNodeDto[];
}

/** ActionPrototypeDto: a saved, pre-configured action. */
export interface ActionPrototypeDto {
  id: string;
  parentNodeId: string | null;
  name: string;
  icon: string | null;
  isProcesio: boolean;
  actionTemplate: unknown;
}

export type ActionManifestDto = SimpleActionTemplateDto | DetailedActionTemplateDto;

export interface CatalogueEnvelope {
  actions: ActionManifestDto[];
  grouping: ActionNodeDto[];
  prototypes: ActionPrototypeDto[];
}

export interface OperatorDto {
  name: string;
  label: string;
  /** 1 unary, 2 binary. */
  operatorType: number;
}

export interface FolderInput {
  id?: string | null | undefined;
  nodeId?: string | null | undefined;
  name?: string | null | undefined;
  parentId?: string | null | undefined;
  order?: number | null | undefined;
}

export interface PrototypeInput {
  id?: string | null | undefined;
  parentNodeId?: string | null | undefined;
  name?: string | null | undefined;
  icon?: string | null | undefined;
  isProcesio?: boolean | null | undefined;
  actionTemplate?: ActionDto | null | undefined;
}

/** A template runnable on its own, for test runs. */
export interface TestableAction {
  template: ActionTemplate;
  definition: ActionDefinition;
}

/** Largest custom action package accepted (API.md §9.5). */
export const PACKAGE_LIMIT_BYTES = 10 * 1024 * 1024;
const FOLDER_NAME_MAX = 64;
const TEMPLATE_NAME_MAX = 256;
/** How deep the folder tree is followed (a guard; folders cannot form cycles). */
const MAX_FOLDER_DEPTH = 64;

const NOT_A_PACKAGE = 'NOT_A_SLUICE_PACKAGE';

const notFound = (target: string) => new SluiceError('NOT_FOUND', target);
const readOnly = (target: string) => new SluiceError('ACTION_PLATFORM_READ_ONLY', target);
const idTaken = (target: string) => new SluiceError('ACTION_ID_TAKEN', target);

/** The package runtime's refusals already carry PROCESIO's body; anything else is wrapped. */
function notAPackage(error: unknown): SluiceError {
  if (error instanceof SluiceError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new SluiceError(NOT_A_PACKAGE, 'package', {
    extra: reason ? [{ statusCode: 502, value: reason, target: 'package' }] : [],
  });
}

function platformFolder(family: ActionFamily, order: number): ActionNodeDto {
  return {
    id: family.folderId,
    name: family.name,
    parentId: null,
    order,
    type: 1,
    isProcesio: true,
    children: [],
  };
}

function prototypeDto(record: ActionPrototypeRecord): ActionPrototypeDto {
  return {
    id: record.id,
    parentNodeId: record.parentNodeId,
    name: record.name,
    icon: record.icon,
    isProcesio: false,
    actionTemplate: record.actionTemplate,
  };
}

/** The template id a saved ActionDto names, lower-case; null when it names none. */
function prototypeTemplateId(record: ActionPrototypeRecord): string | null {
  const dto = record.actionTemplate as { templateId?: unknown } | null;
  return typeof dto?.templateId === 'string' ? dto.templateId.toLowerCase() : null;
}

function matches(manifest: DetailedActionTemplateDto, filter: string | null): boolean {
  if (!filter) return true;
  return (
    manifest.name.toLowerCase().includes(filter) ||
    (manifest.description ?? '').toLowerCase().includes(filter)
  );
}

/** An optional GUID field: absent → null; present and not a GUID → 400 on `target`. */
function optionalGuid(value: string | null | undefined, target: string): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const id = normalizeGuid(value);
  if (!id) throw invalidInput([{ target, value: `${target} must be a GUID.` }]);
  return id;
}

function checkedName(value: string | null | undefined, max: number, target = 'name'): string {
  const name = (value ?? '').trim();
  if (name.length === 0 || name.length > max)
    throw invalidInput([{ target, value: `The name must be 1 to ${max} characters long.` }]);
  return name;
}

export interface ActionCatalogueDeps {
  registry: ActionRegistry;
  store: ActionStore;
  custom: WorkspaceCustomActions;
  runtime: CustomActionRuntime;
  clock: Clock;
  /** Runs after a custom action of the workspace changed (compiled plans hold its settings). */
  onCustomActionsChanged?: (workspaceId: string) => void;
}

export class ActionCatalogueService {
  /** Platform manifests, built once: the platform catalogue never changes while running. */
  private readonly platform: readonly DetailedActionTemplateDto[];
  private readonly familyByFolder = new Map<string, ActionFamily>();

  constructor(private readonly deps: ActionCatalogueDeps) {
    const familyOf = new Map<string, ActionFamily>();
    for (const family of ACTION_FAMILIES) {
      this.familyByFolder.set(family.folderId, family);
      for (const template of family.controls) familyOf.set(template.id.toLowerCase(), family);
      for (const action of family.actions) familyOf.set(action.template.id.toLowerCase(), family);
    }
    this.platform = deps.registry
      .list()
      .map((template) =>
        platformManifest(
          template,
          familyOf.get(template.id.toLowerCase()),
          deps.registry.executable(template.id) !== undefined,
        ),
      );
  }

  // ----- catalogue -----

  /** `GET /api/Actions`: every action visible in the workspace, the folder tree, the templates. */
  async list(
    caller: Caller,
    options: { filter?: string | undefined; full: boolean },
  ): Promise<CatalogueEnvelope> {
    this.require(caller, 'read');
    const workspaceId = caller.workspace.workspace.id;
    const filter = options.filter?.trim().toLowerCase() || null;
    const manifests = (await this.manifests(workspaceId)).filter((m) => matches(m, filter));
    const prototypes = (await this.deps.store.prototypes(workspaceId)).filter(
      (p) => !filter || p.name.toLowerCase().includes(filter),
    );
    return {
      actions: manifests.map((m) => this.shape(m, options.full)),
      grouping: await this.folderTree(caller),
      prototypes: prototypes.map(prototypeDto),
    };
  }

  /** `GET /api/Actions/{id}`: one action with its configuration; 404 when not visible. */
  async get(caller: Caller, rawId: string): Promise<DetailedActionTemplateDto> {
    this.require(caller, 'read');
    const id = normalizeGuid(rawId);
    const found = id
      ? (await this.manifests(caller.workspace.workspace.id)).find((m) => m.id.toLowerCase() === id)
      : undefined;
    if (!found) throw notFound('action');
    return found;
  }

  /**
   * `GET /api/Actions/category/{category}`: the actions whose category or platform folder name is
   * `category` (any case), the folders of those families, and the templates of those actions.
   */
  async byCategory(caller: Caller, category: string, full: boolean): Promise<CatalogueEnvelope> {
    this.require(caller, 'read');
    const workspaceId = caller.workspace.workspace.id;
    const wanted = category.trim().toLowerCase();
    const families = ACTION_FAMILIES.filter(
      (f) => f.category === wanted || f.name.toLowerCase() === wanted,
    );
    const manifests = (await this.manifests(workspaceId)).filter(
      (m) =>
        m.category.toLowerCase() === wanted ||
        families.some((f) => f.category === m.category && m.isProcesioAction),
    );
    const ids = new Set(manifests.map((m) => m.id.toLowerCase()));
    const prototypes = (await this.deps.store.prototypes(workspaceId)).filter((p) =>
      ids.has(prototypeTemplateId(p) ?? ''),
    );
    return {
      actions: manifests.map((m) => this.shape(m, full)),
      grouping: families.map((f) => platformFolder(f, ACTION_FAMILIES.indexOf(f))),
      prototypes: prototypes.map(prototypeDto),
    };
  }

  /**
   * `GET /api/Actions/node`: what one folder holds. A platform folder holds its family's actions;
   * a user folder and the root hold templates; `isCustom` lists the workspace's custom actions.
   */
  async node(
    caller: Caller,
    options: { folderId: string | undefined; isCustom: boolean; full: boolean },
  ): Promise<{ actions: ActionManifestDto[]; prototypes: ActionPrototypeDto[] }> {
    this.require(caller, 'read');
    const workspaceId = caller.workspace.workspace.id;
    const folderId = optionalGuid(options.folderId, 'id');
    if (options.isCustom) {
      const custom = (await this.manifests(workspaceId)).filter((m) => !m.isProcesioAction);
      return { actions: custom.map((m) => this.shape(m, options.full)), prototypes: [] };
    }
    const prototypes = (await this.deps.store.prototypes(workspaceId))
      .filter((p) => p.parentNodeId === folderId)
      .map(prototypeDto);
    if (folderId === null) return { actions: [], prototypes };
    const family = this.familyByFolder.get(folderId);
    if (family) {
      const actions = this.platform.filter(
        (m) => m.category === family.category && m.isProcesioAction,
      );
      return { actions: actions.map((m) => this.shape(m, options.full)), prototypes };
    }
    if (!(await this.deps.store.folder(workspaceId, folderId))) throw notFound('folder');
    return { actions: [], prototypes };
  }

  /** `GET /api/Actions/decisional/operators`: what Decisional conditions may compare with. */
  operators(): OperatorDto[] {
    return DECISIONAL_OPERATORS.map((name) => ({
      name,
      label: name.toLowerCase().replace(/_/g, ' '),
      operatorType: UNARY_OPERATORS.has(name) ? 1 : 2,
    }));
  }

  /** The action a test run executes; 400 when it is unknown here or cannot run on its own. */
  async testable(workspaceId: string, rawId: string, target: string): Promise<TestableAction> {
    const id = normalizeGuid(rawId);
    if (!id) throw invalidInput([{ target, value: `${target} must be a GUID.` }]);
    const platform = this.deps.registry.get(id);
    if (platform) {
      const definition = this.deps.registry.executable(id);
      if (!definition) throw new SluiceError('ACTION_NOT_TESTABLE', target);
      return { template: platform, definition };
    }
    const custom = (await this.deps.custom.refresh(workspaceId)).get(id);
    if (!custom || custom.deleted)
      throw invalidInput([{ target, value: `No action with id ${id} exists in this workspace.` }]);
    if (!customIsTestable(custom.record.manifest))
      throw new SluiceError('ACTION_NOT_TESTABLE', target);
    return { template: custom.definition.template, definition: custom.definition };
  }

  // ----- folders -----

  /** `GET /api/Actions/folders`: platform folders first, then the workspace's, as a tree. */
  async folderTree(caller: Caller): Promise<ActionNodeDto[]> {
    this.require(caller, 'read');
    const folders = await this.deps.store.folders(caller.workspace.workspace.id);
    return [
      ...ACTION_FAMILIES.map((f, i) => platformFolder(f, i)),
      ...this.children(folders, null, 0),
    ];
  }

  async folder(caller: Caller, rawId: string): Promise<ActionNodeDto> {
    this.require(caller, 'read');
    const id = normalizeGuid(rawId);
    if (!id) throw notFound('folder');
    const family = this.familyByFolder.get(id);
    if (family) return platformFolder(family, ACTION_FAMILIES.indexOf(family));
    const folders = await this.deps.store.folders(caller.workspace.workspace.id);
    const folder = folders.find((f) => f.id === id);
    if (!folder) throw notFound('folder');
    return this.nodeOf(folder, folders, 0);
  }

  /** Creates a folder (id from `id` or its alias `nodeId`, generated when absent). */
  async createFolder(caller: Caller, input: FolderInput): Promise<ActionNodeDto> {
    this.require(caller, 'create');
    const workspaceId = caller.workspace.workspace.id;
    const id = optionalGuid(input.id, 'id');
    const alias = optionalGuid(input.nodeId, 'nodeId');
    if (id && alias && id !== alias)
      throw invalidInput([{ target: 'nodeId', value: 'id and nodeId name different folders.' }]);
    const folderId = id ?? alias ?? newId();
    const name = checkedName(input.name, FOLDER_NAME_MAX);
    const parentId = optionalGuid(input.parentId, 'parentId');
    if (this.familyByFolder.has(folderId)) throw idTaken('id');
    if (parentId && this.familyByFolder.has(parentId)) throw readOnly('parentId');
    if (parentId === null && this.isPlatformFolderName(name))
      throw new SluiceError('ACTION_FOLDER_NAME_TAKEN', 'name');
    const siblings = (await this.deps.store.folders(workspaceId)).filter(
      (f) => f.parentId === parentId,
    );
    const outcome = await this.deps.store.createFolder(
      {
        id: folderId,
        workspaceId,
        parentId,
        name,
        order: input.order ?? siblings.length,
      },
      this.change(caller),
    );
    if (outcome === 'id-taken') throw idTaken('id');
    if (outcome === 'name-taken') throw new SluiceError('ACTION_FOLDER_NAME_TAKEN', 'name');
    if (outcome === 'parent-missing')
      throw invalidInput([{ target: 'parentId', value: 'The parent folder does not exist.' }]);
    return this.folder(caller, folderId);
  }

  async renameFolder(caller: Caller, input: FolderInput): Promise<ActionNodeDto> {
    this.require(caller, 'update');
    const workspaceId = caller.workspace.workspace.id;
    const id = optionalGuid(input.nodeId, 'nodeId') ?? optionalGuid(input.id, 'id');
    if (!id) throw invalidInput([{ target: 'nodeId', value: 'nodeId is required.' }]);
    const name = checkedName(input.name, FOLDER_NAME_MAX);
    if (this.familyByFolder.has(id)) throw readOnly('nodeId');
    const folder = await this.deps.store.folder(workspaceId, id);
    if (!folder) throw notFound('folder');
    if (folder.parentId === null && this.isPlatformFolderName(name))
      throw new SluiceError('ACTION_FOLDER_NAME_TAKEN', 'name');
    const outcome = await this.deps.store.renameFolder(workspaceId, id, name, this.change(caller));
    if (outcome === 'missing') throw notFound('folder');
    if (outcome === 'name-taken') throw new SluiceError('ACTION_FOLDER_NAME_TAKEN', 'name');
    return this.folder(caller, id);
  }

  async deleteFolder(caller: Caller, rawId: string): Promise<{ id: string }> {
    this.require(caller, 'delete');
    const id = normalizeGuid(rawId);
    if (!id) throw notFound('folder');
    if (this.familyByFolder.has(id)) throw readOnly('id');
    const outcome = await this.deps.store.deleteFolder(caller.workspace.workspace.id, id);
    if (outcome === 'missing') throw notFound('folder');
    if (outcome === 'not-empty') throw new SluiceError('ACTION_FOLDER_NOT_EMPTY', 'id');
    return { id };
  }

  // ----- templates (prototypes) -----

  async template(caller: Caller, rawId: string): Promise<ActionPrototypeDto> {
    this.require(caller, 'read');
    const id = normalizeGuid(rawId);
    const found = id ? await this.deps.store.prototype(caller.workspace.workspace.id, id) : null;
    if (!found) throw notFound('template');
    return prototypeDto(found);
  }

  /** Stores a pre-configured action; an existing id of the workspace is replaced. */
  async saveTemplate(caller: Caller, input: PrototypeInput): Promise<ActionPrototypeDto> {
    this.require(caller, 'create');
    const workspaceId = caller.workspace.workspace.id;
    const id = optionalGuid(input.id, 'id') ?? newId();
    const name = checkedName(input.name, TEMPLATE_NAME_MAX);
    const parentNodeId = optionalGuid(input.parentNodeId, 'parentNodeId');
    if (parentNodeId && this.familyByFolder.has(parentNodeId)) throw readOnly('parentNodeId');
    const action = input.actionTemplate;
    if (!action)
      throw invalidInput([{ target: 'actionTemplate', value: 'actionTemplate is required.' }]);
    const templateId = action.templateId.toLowerCase();
    const visible = (await this.manifests(workspaceId)).some(
      (m) => m.id.toLowerCase() === templateId,
    );
    if (!visible)
      throw invalidInput([
        {
          target: 'actionTemplate.templateId',
          value: `No action with id ${templateId} exists in this workspace.`,
        },
      ]);
    const outcome = await this.deps.store.savePrototype(
      {
        id,
        workspaceId,
        parentNodeId,
        name,
        icon: input.icon ?? null,
        actionTemplate: action,
      },
      this.change(caller),
    );
    if (outcome === 'id-taken') throw idTaken('id');
    if (outcome === 'folder-missing')
      throw invalidInput([{ target: 'parentNodeId', value: 'The folder does not exist.' }]);
    return this.template(caller, id);
  }

  async deleteTemplate(caller: Caller, rawId: string): Promise<{ id: string }> {
    this.require(caller, 'delete');
    const id = normalizeGuid(rawId);
    if (!id || !(await this.deps.store.deletePrototype(caller.workspace.workspace.id, id)))
      throw notFound('template');
    return { id };
  }

  // ----- custom actions -----

  /**
   * `POST /api/Actions`: stores a custom action package (API.md §9.5). Headers `name` and `path`
   * override the manifest's name and icon. The manifest's `id` (or a new one) names the action;
   * uploading it again replaces the action for new saves and new runs.
   */
  async upload(
    caller: Caller,
    zip: Uint8Array,
    overrides: { name?: string | undefined; icon?: string | undefined },
  ): Promise<{ id: string }> {
    this.require(caller, 'create');
    const workspaceId = caller.workspace.workspace.id;
    let pkg: { manifest: unknown; entrySource: string };
    try {
      pkg = this.deps.runtime.readPackage(zip);
    } catch (error) {
      throw notAPackage(error);
    }
    const manifest: Record<string, unknown> = {
      ...(typeof pkg.manifest === 'object' && pkg.manifest !== null ? pkg.manifest : {}),
    };
    const given = typeof manifest.id === 'string' ? manifest.id : null;
    const id = given === null ? newId() : normalizeGuid(given);
    if (!id)
      throw new SluiceError(NOT_A_PACKAGE, 'package', {
        extra: [{ statusCode: 502, value: 'The manifest id must be a GUID.', target: 'id' }],
      });
    if (this.deps.registry.isPlatform(id)) throw readOnly('id');
    manifest.id = id;
    if (overrides.name?.trim()) manifest.name = overrides.name.trim();
    if (overrides.icon?.trim()) manifest.icon = overrides.icon.trim();
    const name = typeof manifest.name === 'string' ? manifest.name.trim() : '';
    if (name === '')
      throw new SluiceError(NOT_A_PACKAGE, 'package', {
        extra: [{ statusCode: 502, value: 'The action has no name.', target: 'name' }],
      });
    // Built and compiled before it is stored: what is stored always loads.
    try {
      this.deps.runtime.fromStored(manifest, pkg.entrySource);
      await this.deps.runtime.check(manifest, pkg.entrySource);
    } catch (error) {
      throw notAPackage(error);
    }
    const change = this.change(caller);
    const outcome = await this.deps.store.saveCustomAction({
      id,
      workspaceId,
      name,
      manifest,
      entrySource: pkg.entrySource,
      change,
    });
    if (outcome === 'id-taken') throw idTaken('id');
    await this.deps.custom.refresh(workspaceId);
    this.deps.onCustomActionsChanged?.(workspaceId);
    return { id };
  }

  /** Hides a custom action from the catalogue; instances published before keep running it. */
  async deleteCustom(caller: Caller, rawId: string): Promise<{ id: string }> {
    this.require(caller, 'delete');
    const id = normalizeGuid(rawId);
    if (!id) throw notFound('action');
    if (this.deps.registry.isPlatform(id)) throw readOnly('id');
    const workspaceId = caller.workspace.workspace.id;
    if (!(await this.deps.store.deleteCustomAction(workspaceId, id, this.deps.clock.now())))
      throw notFound('action');
    this.deps.custom.markDeleted(workspaceId, id);
    return { id };
  }

  // ----- helpers -----

  /** Every action visible in the workspace, detailed: platform ones, then its live custom ones. */
  private async manifests(workspaceId: string): Promise<DetailedActionTemplateDto[]> {
    const custom = [...(await this.deps.custom.refresh(workspaceId)).values()]
      .filter((entry: LoadedCustomAction) => !entry.deleted)
      .map((entry) => customManifest(entry.record, entry.definition.template))
      .sort(
        (a, b) =>
          a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || (a.id < b.id ? -1 : 1),
      );
    return [...this.platform, ...custom];
  }

  private shape(manifest: DetailedActionTemplateDto, full: boolean): ActionManifestDto {
    return full ? manifest : simpleManifest(manifest);
  }

  private isPlatformFolderName(name: string): boolean {
    const key = name.toLowerCase();
    return ACTION_FAMILIES.some((f) => f.name.toLowerCase() === key);
  }

  private children(
    folders: readonly ActionFolderRecord[],
    parentId: string | null,
    depth: number,
  ): ActionNodeDto[] {
    if (depth > MAX_FOLDER_DEPTH) return [];
    return folders
      .filter((f) => f.parentId === parentId)
      .map((f) => this.nodeOf(f, folders, depth));
  }

  private nodeOf(
    folder: ActionFolderRecord,
    folders: readonly ActionFolderRecord[],
    depth: number,
  ): ActionNodeDto {
    return {
      id: folder.id,
      name: folder.name,
      parentId: folder.parentId,
      order: folder.order,
      type: 1,
      isProcesio: false,
      children: this.children(folders, folder.id, depth + 1),
    };
  }

  private require(caller: Caller, permission: Permission): void {
    if (!roleAllows(caller.workspace.role, permission)) throw new SluiceError('FORBIDDEN', 'role');
  }

  private change(caller: Caller): ActionChange {
    const { user } = caller.principal;
    return { at: this.deps.clock.now(), userId: user.id, userName: user.userName };
  }
}
