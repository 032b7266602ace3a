// Owns the data types of a workspace (API.md §6): the built-in catalogue, custom data models and
// their attributes (create, rename, replace, delete), the DTOs of §6.3, and the resolver through
// which flows and payloads see the workspace's models.
import {
  BUILTIN_MODELS,
  PRIMITIVES,
  builtinResolver,
  isBuiltinModel,
  isPrimitive,
  modelsUsing,
  validateDataModel,
  type DataModelDefinition,
  type DataTypeResolver,
  type ModelProblem,
} from '../domain/data-types/index.js';
import { roleAllows, type Permission } from '../domain/identity.js';
import { newId, normalizeGuid } from '../domain/ids.js';
import { SluiceError, invalidInput } from '../errors/catalogue.js';
import type { Clock } from '../ports/clock.js';
import type {
  DataModelChange,
  DataModelContent,
  DataModelUser,
  DataModelWrite,
  DataTypeStore,
  StoredAttribute,
  StoredDataModel,
} from '../ports/data-type.store.js';
import type { Caller } from './process.service.js';

/** DataModelTypeParam (API.md §6.3). */
const NORMAL_MODEL = 1;

/** Nested models are inlined at most this deep, whatever public models of others contain. */
const MAX_INLINE_DEPTH = 16;

interface Audit {
  createdBy: string | null;
  createdById: string | null;
  createdOn: string | null;
  updatedBy: string | null;
  updatedById: string | null;
  updatedOn: string | null;
}

/** `DataAttributeDto` (API.md §6.3): nested model attributes inlined. */
export interface DataAttributeDto {
  id: string;
  dataTypeId: string;
  parentDataTypeId: string;
  name: string;
  displayName: string;
  dataTypeName: string;
  isDataModel: boolean;
  isPrimaryType: boolean;
  isProcesio: boolean;
  isPublic: boolean;
  csharpCorrespondent: number;
  type: number;
  isList: boolean;
  jsonProperty: string;
  updatedOn: string | null;
  attributes: DataAttributeDto[];
}

/** `DataModelDto` (API.md §6.3). */
export interface DataModelDto extends Audit {
  id: string;
  name: string;
  displayName: string;
  isDataModel: boolean;
  isPrimaryType: boolean;
  isProcesio: boolean;
  isPublic: boolean;
  csharpCorrespondent: number;
  type: number;
  workspaceId: string | null;
  attributes: DataAttributeDto[];
  parentIds: string[];
}

/** An attribute as a client sends it (content, PUT, attribute routes); every field optional. */
export interface AttributeInput {
  id?: string | null;
  name?: string | null;
  displayName?: string | null;
  dataTypeId?: string | null;
  isList?: boolean | null;
  jsonProperty?: string | null;
  parentDataTypeId?: string | null;
}

export interface CreateDataModelInput {
  name?: string | null;
  displayName?: string | null;
  isPublic?: boolean | null;
  content?: {
    name?: string | null;
    displayName?: string | null;
    isPublic?: boolean | null;
    attributes?: AttributeInput[] | null;
  } | null;
}

export interface UpdateDataModelInput {
  id: string;
  name?: string | null;
  displayName?: string | null;
  isPublic?: boolean | null;
  attributes?: AttributeInput[] | null;
}

export interface DataTypeListQuery {
  addProperties: boolean;
  includeProcesioEntries: boolean;
  includeExternalEntries: boolean;
}

export interface DataTypeServiceOptions {
  /**
   * Runs after a model changes, so compiled plans that saw the old definition are dropped; null
   * when the model is (or was) public and other workspaces may use it.
   */
  onChanged?: (workspaceId: string | null) => void;
}

/** One type as the DTOs describe it: a primitive, a built-in model or a stored model. */
interface Entry {
  id: string;
  name: string;
  displayName: string;
  isDataModel: boolean;
  isPrimaryType: boolean;
  isProcesio: boolean;
  isPublic: boolean;
  csharpCorrespondent: number;
  attributes: readonly (Omit<StoredAttribute, 'updatedOn' | 'jsonProperty' | 'displayName'> & {
    displayName?: string;
    jsonProperty?: string | null;
    updatedOn?: Date;
  })[];
  stored: StoredDataModel | null;
}

const PRIMITIVE_ENTRIES: Entry[] = PRIMITIVES.map((p) => ({
  id: p.id,
  name: p.name,
  displayName: p.name,
  isDataModel: false,
  isPrimaryType: true,
  isProcesio: true,
  isPublic: true,
  csharpCorrespondent: p.csharpCorrespondent,
  attributes: [],
  stored: null,
}));

const BUILTIN_ENTRIES: Entry[] = BUILTIN_MODELS.map((m) => ({
  id: m.id,
  name: m.name,
  displayName: m.displayName,
  isDataModel: true,
  isPrimaryType: false,
  isProcesio: true,
  isPublic: true,
  csharpCorrespondent: 0,
  attributes: m.attributes,
  stored: null,
}));

const NO_AUDIT: Audit = {
  createdBy: null,
  createdById: null,
  createdOn: null,
  updatedBy: null,
  updatedById: null,
  updatedOn: null,
};

const notFound = () => new SluiceError('NOT_FOUND', 'dataType');

function definitionOf(model: StoredDataModel): DataModelDefinition {
  return {
    id: model.id,
    name: model.name,
    displayName: model.displayName,
    attributes: model.attributes.map((a) => ({
      id: a.id,
      name: a.name,
      displayName: a.displayName,
      dataTypeId: a.dataTypeId,
      isList: a.isList,
    })),
  };
}

function entryOf(model: StoredDataModel): Entry {
  return {
    id: model.id,
    name: model.name,
    displayName: model.displayName,
    isDataModel: true,
    isPrimaryType: false,
    isProcesio: false,
    isPublic: model.isPublic,
    csharpCorrespondent: 0,
    attributes: model.attributes,
    stored: model,
  };
}

function text(value: string | null | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The visible types of one workspace at one moment, with the DTO views over them. */
/** A write found that another server changed the data models after it validated against them. */
class StaleCatalog extends Error {
  constructor() {
    super('The data models changed during the write.');
  }
}

const STALE_RETRIES = 10;

/** Runs a read-validate-write again, from a fresh read, while another write overtook it. */
async function retryStale<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof StaleCatalog)) throw error;
      if (attempt >= STALE_RETRIES)
        throw new SluiceError('TOO_MANY_REQUESTS', 'dataModels', {
          value: 'The data models are being changed by others at this moment; try again.',
        });
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

class Catalog {
  readonly byId = new Map<string, Entry>();
  readonly custom: StoredDataModel[];

  constructor(
    readonly workspaceId: string,
    visible: StoredDataModel[],
    /** The store's generation read before `visible`; writes validated here expect it. */
    readonly generation?: number,
  ) {
    this.custom = visible;
    for (const entry of [...visible.map(entryOf), ...PRIMITIVE_ENTRIES, ...BUILTIN_ENTRIES])
      this.byId.set(entry.id.toLowerCase(), entry);
  }

  own(): StoredDataModel[] {
    return this.custom.filter((m) => m.workspaceId === this.workspaceId);
  }

  /** A model of this workspace that may change; built-ins and other workspaces' models may not. */
  writable(rawId: string, target = 'id'): StoredDataModel {
    const id = normalizeGuid(rawId);
    if (id === null) throw notFound();
    if (isPrimitive(id) || isBuiltinModel(id))
      throw new SluiceError('INVALID_INPUT', target, {
        value: 'Built-in data types are read-only.',
      });
    const entry = this.byId.get(id);
    if (!entry?.stored) throw notFound();
    if (entry.stored.workspaceId !== this.workspaceId)
      throw new SluiceError('INVALID_INPUT', target, {
        value: 'The data model belongs to another workspace and is read-only here.',
      });
    return entry.stored;
  }

  dto(entry: Entry, withAttributes: boolean): DataModelDto {
    const stored = entry.stored;
    return {
      id: entry.id,
      name: entry.name,
      displayName: entry.displayName,
      isDataModel: entry.isDataModel,
      isPrimaryType: entry.isPrimaryType,
      isProcesio: entry.isProcesio,
      isPublic: entry.isPublic,
      csharpCorrespondent: entry.csharpCorrespondent,
      type: NORMAL_MODEL,
      workspaceId: stored?.workspaceId ?? null,
      attributes: withAttributes ? this.attributes(entry, new Set([entry.id]), 0) : [],
      parentIds: entry.isDataModel ? modelsUsing(entry.id, this.custom.map(definitionOf)) : [],
      ...(stored
        ? {
            createdBy: stored.createdBy,
            createdById: stored.createdById,
            createdOn: stored.createdOn.toISOString(),
            updatedBy: stored.updatedBy,
            updatedById: stored.updatedById,
            updatedOn: stored.updatedOn.toISOString(),
          }
        : NO_AUDIT),
    };
  }

  private attributes(owner: Entry, path: Set<string>, depth: number): DataAttributeDto[] {
    return owner.attributes.map((attribute) => {
      const typeId = attribute.dataTypeId.toLowerCase();
      const type = this.byId.get(typeId);
      // A type seen higher up this branch is not expanded again (only possible through public
      // models of another workspace changing underneath), nor is anything past the depth bound.
      const expand =
        type !== undefined && type.isDataModel && !path.has(typeId) && depth < MAX_INLINE_DEPTH;
      return {
        id: attribute.id,
        dataTypeId: typeId,
        parentDataTypeId: owner.id,
        name: attribute.name,
        displayName: attribute.displayName ?? attribute.name,
        dataTypeName: type?.name ?? typeId,
        isDataModel: type?.isDataModel ?? false,
        isPrimaryType: type?.isPrimaryType ?? false,
        isProcesio: type?.isProcesio ?? false,
        isPublic: type?.isPublic ?? false,
        csharpCorrespondent: type?.csharpCorrespondent ?? 0,
        type: NORMAL_MODEL,
        isList: attribute.isList,
        jsonProperty: attribute.jsonProperty ?? attribute.name,
        updatedOn: (attribute.updatedOn ?? owner.stored?.updatedOn)?.toISOString() ?? null,
        attributes: expand ? this.attributes(type, new Set([...path, typeId]), depth + 1) : [],
      };
    });
  }
}

export class DataTypeService {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: DataTypeStore,
    private readonly clock: Clock,
    private readonly options: DataTypeServiceOptions = {},
  ) {}

  /** The built-in types plus the workspace's models and the public models of its realm. */
  async resolver(workspaceId: string): Promise<DataTypeResolver> {
    const visible = await this.store.visible(workspaceId);
    return builtinResolver(visible.map(definitionOf));
  }

  /** The paged list of `GET /api/DataTypes`, before paging: the caller pages by display name. */
  async list(caller: Caller, query: DataTypeListQuery): Promise<DataModelDto[]> {
    const catalog = await this.catalog(caller, 'read');
    const entries = catalog.custom
      .filter((m) => query.includeExternalEntries || m.workspaceId === catalog.workspaceId)
      .map(entryOf);
    if (query.includeProcesioEntries) entries.push(...PRIMITIVE_ENTRIES, ...BUILTIN_ENTRIES);
    return entries.map((entry) => catalog.dto(entry, query.addProperties));
  }

  async count(caller: Caller): Promise<number> {
    this.require(caller, 'read');
    return this.store.count(caller.workspace.workspace.id);
  }

  async getById(caller: Caller, rawId: string): Promise<DataModelDto> {
    const catalog = await this.catalog(caller, 'read');
    const id = normalizeGuid(rawId);
    const entry = id === null ? undefined : catalog.byId.get(id);
    if (!entry) throw notFound();
    return catalog.dto(entry, true);
  }

  /** By name (or display name), any case: the workspace's own models, then built-ins, then public. */
  async getByName(
    caller: Caller,
    value: string,
    byDisplayName: boolean,
  ): Promise<DataModelDto | null> {
    const catalog = await this.catalog(caller, 'read');
    const wanted = value.trim().toLowerCase();
    const key = (e: Entry) => (byDisplayName ? e.displayName : e.name).toLowerCase();
    const candidates = [
      ...catalog.own().map(entryOf),
      ...PRIMITIVE_ENTRIES,
      ...BUILTIN_ENTRIES,
      ...catalog.custom.filter((m) => m.workspaceId !== catalog.workspaceId).map(entryOf),
    ];
    const entry = candidates.find((e) => key(e) === wanted);
    return entry ? catalog.dto(entry, true) : null;
  }

  private async createNow(caller: Caller, input: CreateDataModelInput): Promise<DataModelDto> {
    const catalog = await this.catalog(caller, 'create');
    const content = input.content ?? {};
    const name = text(input.name) ?? text(content.name);
    const displayName = text(input.displayName) ?? text(content.displayName) ?? name;
    if (name === undefined)
      throw invalidInput([{ target: 'name', value: 'The data model name is required.' }]);
    const id = newId();
    const attributes = this.attributesFrom(content.attributes ?? [], [], 'content.attributes');
    const model: DataModelContent = {
      name,
      displayName: displayName ?? name,
      isPublic: input.isPublic ?? content.isPublic ?? false,
      attributes,
    };
    this.validate(catalog, id, model, (t) => (t.startsWith('attributes') ? `content.${t}` : t));
    const written = await this.store.create(
      catalog.workspaceId,
      id,
      model,
      this.change(caller),
      catalog.generation,
    );
    return this.answer(caller, written);
  }

  /** Rename (and republish); when `attributes` is given, the attribute set is replaced too. */
  private async updateNow(caller: Caller, input: UpdateDataModelInput): Promise<DataModelDto> {
    const catalog = await this.catalog(caller, 'update');
    const current = catalog.writable(input.id);
    const attributes =
      input.attributes === undefined || input.attributes === null
        ? current.attributes.map(({ updatedOn: _updatedOn, ...a }) => a)
        : this.attributesFrom(input.attributes, current.attributes, 'attributes');
    const model: DataModelContent = {
      name: text(input.name) ?? current.name,
      displayName: text(input.displayName) ?? current.displayName,
      isPublic: input.isPublic ?? current.isPublic,
      attributes,
    };
    return this.replace(caller, catalog, current, model, (t) => t);
  }

  private async deleteNow(caller: Caller, rawId: string): Promise<{ id: string }> {
    const catalog = await this.catalog(caller, 'delete');
    const model = catalog.writable(rawId);
    const result = await this.store.delete(catalog.workspaceId, model.id, catalog.generation);
    if (result.outcome === 'stale') throw new StaleCatalog();
    if (result.outcome === 'missing') throw notFound();
    if (result.outcome === 'in-use')
      throw new SluiceError('DATA_TYPE_IN_USE', 'usedIn', {
        value: `The data model is used by ${describeUsers(result.users)}.`,
      });
    this.options.onChanged?.(model.isPublic ? null : catalog.workspaceId);
    return { id: model.id };
  }

  /** Adds an attribute to the root or to a model nested in it (`parentDataTypeId`). */
  private async addAttributeNow(
    caller: Caller,
    rawRootId: string,
    input: AttributeInput,
  ): Promise<DataModelDto> {
    const catalog = await this.catalog(caller, 'update');
    const root = catalog.writable(rawRootId, 'rootId');
    const owner = this.ownerOf(catalog, root, input.parentDataTypeId);
    const [added] = this.attributesFrom([{ ...input, id: null }], [], 'attribute');
    const attributes = [...owner.attributes.map(({ updatedOn: _u, ...a }) => a), added!];
    await this.replace(caller, catalog, owner, { ...owner, attributes }, attributeTarget);
    return this.getById(caller, root.id);
  }

  /** Replaces one attribute (found by `id`) of the root or of a model nested in it. */
  private async replaceAttributeNow(
    caller: Caller,
    rawRootId: string,
    input: AttributeInput,
  ): Promise<DataModelDto> {
    const catalog = await this.catalog(caller, 'update');
    const root = catalog.writable(rawRootId, 'rootId');
    const attributeId = normalizeGuid(input.id ?? '');
    if (attributeId === null)
      throw invalidInput([{ target: 'id', value: 'The attribute id is required (a GUID).' }]);
    const owner =
      input.parentDataTypeId !== undefined && input.parentDataTypeId !== null
        ? this.ownerOf(catalog, root, input.parentDataTypeId)
        : this.holderOf(catalog, root, attributeId);
    if (!owner.attributes.some((a) => a.id === attributeId))
      throw new SluiceError('NOT_FOUND', 'attribute');
    const [replacement] = this.attributesFrom([input], owner.attributes, 'attribute');
    const attributes = owner.attributes.map(({ updatedOn: _u, ...a }) =>
      a.id === attributeId ? replacement! : a,
    );
    await this.replace(caller, catalog, owner, { ...owner, attributes }, attributeTarget);
    return this.getById(caller, root.id);
  }

  private async deleteAttributeNow(
    caller: Caller,
    rawRootId: string,
    rawAttributeId: string,
  ): Promise<DataModelDto> {
    const catalog = await this.catalog(caller, 'update');
    const root = catalog.writable(rawRootId, 'rootId');
    const attributeId = normalizeGuid(rawAttributeId);
    if (attributeId === null) throw new SluiceError('NOT_FOUND', 'attribute');
    const owner = this.holderOf(catalog, root, attributeId);
    const attributes = owner.attributes
      .filter((a) => a.id !== attributeId)
      .map(({ updatedOn: _u, ...a }) => a);
    await this.replace(caller, catalog, owner, { ...owner, attributes }, attributeTarget);
    return this.getById(caller, root.id);
  }

  // Writes run one at a time in this process, and across processes each commits only if the
  // data models are still those it validated against (the store's generation): two concurrent
  // changes could otherwise make two models contain each other.
  create(caller: Caller, input: CreateDataModelInput): Promise<DataModelDto> {
    return this.serial(() => this.createNow(caller, input));
  }

  update(caller: Caller, input: UpdateDataModelInput): Promise<DataModelDto> {
    return this.serial(() => this.updateNow(caller, input));
  }

  delete(caller: Caller, rawId: string): Promise<{ id: string }> {
    return this.serial(() => this.deleteNow(caller, rawId));
  }

  addAttribute(caller: Caller, rawRootId: string, input: AttributeInput): Promise<DataModelDto> {
    return this.serial(() => this.addAttributeNow(caller, rawRootId, input));
  }

  replaceAttribute(
    caller: Caller,
    rawRootId: string,
    input: AttributeInput,
  ): Promise<DataModelDto> {
    return this.serial(() => this.replaceAttributeNow(caller, rawRootId, input));
  }

  deleteAttribute(
    caller: Caller,
    rawRootId: string,
    rawAttributeId: string,
  ): Promise<DataModelDto> {
    return this.serial(() => this.deleteAttributeNow(caller, rawRootId, rawAttributeId));
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writes.then(() => retryStale(work));
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** `GET /api/DataTypes/primary`: the nine primitives. */
  primary(): DataModelDto[] {
    const catalog = new Catalog('', []);
    return PRIMITIVE_ENTRIES.map((e) => catalog.dto(e, true));
  }

  /** `GET /api/DataTypes/procesio`: the built-in data models with their attributes. */
  procesio(): DataModelDto[] {
    const catalog = new Catalog('', []);
    return BUILTIN_ENTRIES.map((e) => catalog.dto(e, true));
  }

  private async replace(
    caller: Caller,
    catalog: Catalog,
    current: StoredDataModel,
    model: DataModelContent,
    target: (t: string) => string,
  ): Promise<DataModelDto> {
    this.validate(catalog, current.id, model, target);
    const written = await this.store.replace(
      catalog.workspaceId,
      current.id,
      model,
      this.change(caller),
      catalog.generation,
    );
    return this.answer(caller, written, current.isPublic);
  }

  /** Refuses with every broken rule; the name must be free among the workspace's own models. */
  private validate(
    catalog: Catalog,
    id: string,
    model: DataModelContent,
    target: (t: string) => string,
  ): void {
    const definition: DataModelDefinition = {
      id,
      name: model.name,
      displayName: model.displayName,
      attributes: model.attributes.map((a) => ({ ...a })),
    };
    const others = catalog.custom.filter((m) => m.id !== id).map(definitionOf);
    const problems: ModelProblem[] = validateDataModel(
      definition,
      builtinResolver([...others, definition]),
    );
    const taken = catalog
      .own()
      .some((m) => m.id !== id && m.name.toLowerCase() === model.name.toLowerCase());
    if (taken && !problems.some((p) => p.target === 'name'))
      problems.unshift({
        target: 'name',
        message: `A data model named "${model.name}" already exists in this workspace.`,
      });
    if (problems.length > 0)
      throw invalidInput(problems.map((p) => ({ target: target(p.target), value: p.message })));
  }

  /**
   * Attributes as stored from client input. An id naming an existing attribute keeps it (flow
   * bindings name attributes by id); a missing id gets a new one.
   */
  private attributesFrom(
    inputs: readonly AttributeInput[],
    existing: readonly StoredAttribute[],
    at: string,
  ): DataModelContent['attributes'] {
    const problems: { target: string; value: string }[] = [];
    const seen = new Set<string>();
    const attributes = inputs.map((input, index) => {
      const where = at === 'attribute' ? '' : `${at}[${index}].`;
      let id = newId();
      if (typeof input.id === 'string' && input.id.trim() !== '') {
        const given = normalizeGuid(input.id);
        if (given === null)
          problems.push({ target: `${where}id`, value: 'The id must be a GUID.' });
        else id = given;
      }
      if (seen.has(id))
        problems.push({ target: `${where}id`, value: `The attribute id ${id} is given twice.` });
      seen.add(id);
      const name = text(input.name) ?? '';
      const dataTypeId = normalizeGuid(input.dataTypeId ?? '');
      if (dataTypeId === null)
        problems.push({
          target: `${where}dataTypeId`,
          value: 'The attribute data type id is required (a GUID).',
        });
      const old = existing.find((a) => a.id === id);
      return {
        id,
        name,
        displayName: text(input.displayName) || old?.displayName || name,
        dataTypeId: dataTypeId ?? '',
        isList: input.isList ?? false,
        jsonProperty: text(input.jsonProperty) || name,
      };
    });
    if (problems.length > 0) throw invalidInput(problems);
    return attributes;
  }

  /** The model that gets an attribute: the root, or a workspace model nested in it. */
  private ownerOf(
    catalog: Catalog,
    root: StoredDataModel,
    parentId: string | null | undefined,
  ): StoredDataModel {
    if (parentId === undefined || parentId === null || parentId === '') return root;
    const id = normalizeGuid(parentId);
    const owner = id === null ? undefined : this.tree(catalog, root).find((m) => m.id === id);
    if (!owner)
      throw invalidInput([
        {
          target: 'parentDataTypeId',
          value:
            'The parent data type is neither this model nor a model of this workspace inside it.',
        },
      ]);
    return owner;
  }

  /** The model of the root's tree that holds the attribute: the root first, then nested ones. */
  private holderOf(catalog: Catalog, root: StoredDataModel, attributeId: string): StoredDataModel {
    const holder = this.tree(catalog, root).find((m) =>
      m.attributes.some((a) => a.id === attributeId),
    );
    if (!holder) throw new SluiceError('NOT_FOUND', 'attribute');
    return holder;
  }

  /** The root and the workspace's own models reachable through its attributes, breadth first. */
  private tree(catalog: Catalog, root: StoredDataModel): StoredDataModel[] {
    const found: StoredDataModel[] = [root];
    for (let i = 0; i < found.length; i += 1) {
      for (const attribute of found[i]!.attributes) {
        const next = catalog.byId.get(attribute.dataTypeId.toLowerCase())?.stored;
        if (next && next.workspaceId === catalog.workspaceId && !found.includes(next))
          found.push(next);
      }
    }
    return found;
  }

  private async answer(
    caller: Caller,
    written: DataModelWrite<StoredDataModel>,
    wasPublic = false,
  ): Promise<DataModelDto> {
    if (written.outcome === 'stale') throw new StaleCatalog();
    if (written.outcome === 'missing') throw notFound();
    if (written.outcome === 'name-taken')
      throw invalidInput([
        { target: 'name', value: 'A data model with this name already exists in this workspace.' },
      ]);
    if (written.outcome === 'in-use')
      throw new SluiceError('DATA_TYPE_IN_USE', 'isPublic', {
        value: `The data model cannot become private: other workspaces use it in ${describeUsers(written.users)}.`,
      });
    const { model } = written;
    this.options.onChanged?.(model.isPublic || wasPublic ? null : model.workspaceId);
    return this.getById(caller, model.id);
  }

  private async catalog(caller: Caller, permission: Permission): Promise<Catalog> {
    this.require(caller, permission);
    const workspaceId = caller.workspace.workspace.id;
    const generation = await this.store.generation();
    return new Catalog(workspaceId, await this.store.visible(workspaceId), generation);
  }

  private require(caller: Caller, permission: Permission): void {
    if (!roleAllows(caller.workspace.role, permission)) throw new SluiceError('FORBIDDEN', 'role');
  }

  private change(caller: Caller): DataModelChange {
    const { user } = caller.principal;
    return { at: this.clock.now(), userId: user.id, userName: user.userName };
  }
}

/** Problems of an attribute route name the field of the sent attribute, not its position. */
function attributeTarget(target: string): string {
  const match = /^attributes\[\d+\]\.(.+)$/.exec(target);
  return match ? match[1]! : target;
}

function describeUsers(users: readonly DataModelUser[]): string {
  return users
    .map((u) => `${u.kind === 'model' ? 'data model' : 'process'} "${u.name}" (${u.id})`)
    .join(', ');
}
