// Owns export and import of `.procesio` bundles (API.md §13): a workspace's data models,
// credentials (secrets left out, or sealed with a password), webhooks and flows written as one
// bundle; a bundle read back into a workspace with ids preserved, ids another workspace holds
// remapped, existing ids skipped or replaced, and nothing written unless every entity is valid.
import { createHash } from 'node:crypto';
import type { CredentialTemplate } from '../credentials/templates.js';
import {
  builtinResolver,
  validateDataModel,
  type DataModelDefinition,
} from '../domain/data-types/index.js';
import { roleAllows, type Permission } from '../domain/identity.js';
import { newId, normalizeGuid } from '../domain/ids.js';
import { SluiceError, invalidInput } from '../errors/catalogue.js';
import type { FlowRequestDto } from '../flow/flow.schema.js';
import type { BundleEntityKind, BundleStore } from '../ports/bundle.store.js';
import type { Clock } from '../ports/clock.js';
import type { CredentialRecord, CredentialStore } from '../ports/credential.store.js';
import type { DataModelContent, DataTypeStore, StoredDataModel } from '../ports/data-type.store.js';
import type { ProcessRecord, ProcessStore } from '../ports/process.store.js';
import type { SecretBox } from '../ports/secret-box.js';
import type { WebhookRecord, WebhookStore } from '../ports/webhook.store.js';
import {
  BundleFormatError,
  BundleOpener,
  BundleSealer,
  MIN_BUNDLE_PASSWORD,
  isRecord,
  isSealed,
  prop,
  readBundle,
} from './bundle-format.js';
import {
  readCredential,
  readDataType,
  readFlow,
  readWebhook,
  writeDataType,
  writeFlow,
  writeWebhook,
  type CredentialEntry,
  type DataTypeEntry,
  type FlowEntry,
  type Problem,
  type Skipped,
  type WebhookEntry,
} from './bundle-entries.js';
import type { Caller, ProcessService } from './process.service.js';

const MAX_WEBHOOK_NAME = 32;

/** What an export holds: entities of these kinds, by id (null = every one of the workspace). */
export interface ExportSelection {
  dataModelIds: string[] | null;
  flowIds: string[] | null;
  credentialIds: string[] | null;
  webhookIds: string[] | null;
  /** Add what the chosen entities use (their models, webhooks, credentials, called flows). */
  withDependencies: boolean;
}

export interface SensitiveExport {
  exportSensitiveData: boolean;
  password: string | undefined;
}

export interface ImportOptions {
  overrideData: boolean;
  importDataTypes: boolean;
  importCredentials: boolean;
  importWebhooks: boolean;
  importFlows: boolean;
  password: string | undefined;
}

export interface ImportAnswer {
  imported: { dataTypes: number; credentials: number; webhooks: number; flows: number };
  skipped: Skipped[];
  idMap: Record<string, string>;
}

export interface BundleServiceDeps {
  owners: BundleStore;
  dataTypes: DataTypeStore;
  credentials: CredentialStore;
  /** The credential templates a workspace can use: the built-in ones and its own. */
  credentialTemplates: (caller: Caller) => Promise<CredentialTemplate[]>;
  secrets: SecretBox;
  webhooks: WebhookStore;
  processes: ProcessStore;
  processService: Pick<ProcessService, 'create' | 'update' | 'delete'>;
  clock: Clock;
  /** Runs after models changed, so compiled plans that saw them are dropped (null: public ones). */
  onDataTypesChanged: (workspaceId: string | null) => void;
}

/** What a plan does with one entity of the bundle. */
type Fate = 'create' | 'replace' | 'skip';

interface Planned<T> {
  entry: T;
  fate: Fate;
}

/** Steps that undo the writes of an import that could not finish. */
type Undo = () => Promise<unknown>;

const SECTION_KIND: Record<string, string> = {
  DocumentTemplates: 'document',
  Forms: 'form',
  DataStores: 'dataStore',
};

/** Every string of `value` equal (in any case) to a key of `ids` becomes its value. */
function rewrite<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (ids.size === 0) return value;
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') return ids.get(node.toLowerCase()) ?? node;
    if (Array.isArray(node)) return node.map(visit);
    if (isRecord(node))
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, visit(v)]));
    return node;
  };
  return visit(value) as T;
}

/** Every string of a value, at any depth, lower-cased. */
function stringsOf(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value.toLowerCase());
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, into));
  else if (isRecord(value)) Object.values(value).forEach((v) => stringsOf(v, into));
  return into;
}

/**
 * The id an entity gets in `workspaceId` when another workspace holds its own: derived from both,
 * so importing the same bundle twice finds the first import's entities again.
 */
function derivedId(workspaceId: string, id: string): string {
  const hex = createHash('sha256').update(`${workspaceId}:${id}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export class BundleService {
  constructor(private readonly deps: BundleServiceDeps) {}

  // --- export --------------------------------------------------------------------------------

  /** The bundle's file name and bytes (API.md §13.1). */
  async export(
    caller: Caller,
    selection: ExportSelection,
    sensitive: SensitiveExport,
  ): Promise<{ fileName: string; bytes: Buffer }> {
    this.require(caller, 'read');
    let sealer: BundleSealer | null = null;
    if (sensitive.exportSensitiveData) {
      if ((sensitive.password ?? '').length < MIN_BUNDLE_PASSWORD)
        throw invalidInput([
          {
            target: 'exportPassword',
            value: `Exporting secrets needs an exportPassword of at least ${MIN_BUNDLE_PASSWORD} characters.`,
          },
        ]);
      sealer = await BundleSealer.create(sensitive.password!);
    }
    const workspaceId = caller.workspace.workspace.id;
    const chosen = await this.choose(workspaceId, selection);
    const templates = new Map((await this.deps.credentialTemplates(caller)).map((t) => [t.gid, t]));
    const credentials = [];
    for (const record of chosen.credentials)
      credentials.push(await this.writeCredential(workspaceId, record, templates, sealer));
    const flows = [];
    for (const process of chosen.flows) {
      const callers = await this.deps.processes.callers(workspaceId, process.id);
      flows.push(writeFlow(process.document, process.active, callers));
    }
    const now = this.deps.clock.now();
    const bundle = {
      TimeStamp: now.toISOString(),
      DataTypes: chosen.dataTypes.map(writeDataType),
      Credentials: credentials,
      Webhooks: chosen.webhooks.map(writeWebhook),
      DocumentTemplates: [],
      Forms: [],
      DataStores: [],
      Flows: flows,
    };
    return {
      fileName: `ExportedEntities-${timestamp(now)}.procesio`,
      bytes: Buffer.from(JSON.stringify(bundle, null, 2), 'utf8'),
    };
  }

  /** The entities an export holds, with what they use when asked. Unknown ids answer 404. */
  private async choose(
    workspaceId: string,
    selection: ExportSelection,
  ): Promise<{
    dataTypes: StoredDataModel[];
    credentials: CredentialRecord[];
    webhooks: WebhookRecord[];
    flows: ProcessRecord[];
  }> {
    const models = new Map(
      (await this.deps.dataTypes.visible(workspaceId))
        .filter((m) => m.workspaceId === workspaceId)
        .map((m) => [m.id, m]),
    );
    const webhooks = new Map(
      (
        await this.deps.webhooks.list(workspaceId, { search: null, offset: 0, limit: null })
      ).items.map((w) => [w.id, w]),
    );
    const credentialIds = (
      await this.deps.credentials.list(workspaceId, {
        templateId: null,
        search: null,
        offset: 0,
        limit: null,
      })
    ).map((c) => c.id);
    const flowIds = (
      await this.deps.processes.list(workspaceId, { search: null, offset: 0, limit: null })
    ).items.map((p) => p.id);

    const pick = (ids: string[] | null, all: Iterable<string>, entity: string): Set<string> => {
      if (ids === null) return new Set(all);
      const known = new Set(all);
      const out = new Set<string>();
      for (const raw of ids) {
        const id = normalizeGuid(raw);
        if (!id || !known.has(id))
          throw new SluiceError('NOT_FOUND', entity, {
            value: `No ${entity} ${raw} in this workspace.`,
          });
        out.add(id);
      }
      return out;
    };
    const wantedModels = pick(selection.dataModelIds, models.keys(), 'dataType');
    const wantedWebhooks = pick(selection.webhookIds, webhooks.keys(), 'webhook');
    const wantedCredentials = pick(selection.credentialIds, credentialIds, 'credentials');
    const wantedFlows = pick(selection.flowIds, flowIds, 'flow');

    const flows = new Map<string, ProcessRecord>();
    const load = async (id: string) => {
      if (flows.has(id)) return;
      const process = await this.deps.processes.get(workspaceId, id);
      if (process) flows.set(id, process);
    };
    for (const id of wantedFlows) await load(id);
    if (selection.withDependencies) {
      // Called flows, then what every flow names: models, webhooks, credentials.
      const processIds = new Set(flowIds);
      for (let grew = true; grew;) {
        grew = false;
        for (const process of [...flows.values()])
          for (const text of stringsOf(process.document.actions ?? []))
            if (processIds.has(text) && !flows.has(text)) {
              await load(text);
              grew = true;
            }
      }
      const credentials = new Set(credentialIds);
      for (const process of flows.values()) {
        const texts = stringsOf(process.document);
        for (const text of texts) {
          if (models.has(text)) wantedModels.add(text);
          if (credentials.has(text)) wantedCredentials.add(text);
        }
        for (const binding of process.document.webhooks ?? [])
          if (webhooks.has(binding.webhookId.toLowerCase()))
            wantedWebhooks.add(binding.webhookId.toLowerCase());
      }
      for (const id of wantedWebhooks) {
        const model = webhooks.get(id)?.dataModelId;
        if (model && models.has(model)) wantedModels.add(model);
      }
      // Models inside models.
      for (const id of [...wantedModels])
        for (const inner of this.nestedModels(id, models)) wantedModels.add(inner);
    }
    const credentialRecords: CredentialRecord[] = [];
    for (const id of wantedCredentials) {
      const record = await this.deps.credentials.get(workspaceId, id);
      if (record) credentialRecords.push(record);
    }
    return {
      dataTypes: [...wantedModels].map((id) => models.get(id)!),
      credentials: credentialRecords,
      webhooks: [...wantedWebhooks].map((id) => webhooks.get(id)!),
      flows: [...flows.values()],
    };
  }

  private nestedModels(id: string, models: ReadonlyMap<string, StoredDataModel>): Set<string> {
    const found = new Set<string>();
    const queue = [id];
    while (queue.length > 0) {
      for (const attribute of models.get(queue.pop()!)?.attributes ?? []) {
        const inner = attribute.dataTypeId.toLowerCase();
        if (models.has(inner) && !found.has(inner) && inner !== id) {
          found.add(inner);
          queue.push(inner);
        }
      }
    }
    return found;
  }

  /** A credential as bundles write it; secrets `null`, or sealed with the export password. */
  private async writeCredential(
    workspaceId: string,
    record: CredentialRecord,
    templates: ReadonlyMap<string, CredentialTemplate>,
    sealer: BundleSealer | null,
  ): Promise<Record<string, unknown>> {
    const template = templates.get(record.templateId);
    const secret = new Set(template?.properties.filter((p) => p.isSecret).map((p) => p.id));
    const properties = [];
    for (const { id, value } of record.properties) {
      if (!secret.has(id)) {
        properties.push({ id, value });
        continue;
      }
      const set = typeof value === 'string' && value !== '';
      properties.push({
        id,
        value:
          set && sealer ? sealer.seal(await this.deps.secrets.decrypt(workspaceId, value)) : null,
      });
    }
    return {
      gid: record.id,
      gtid: record.templateId,
      gtpid: template?.pid ?? null,
      name: record.name,
      tname: template?.name ?? '',
      type: template?.type ?? '',
      status: false,
      description: record.description,
      properties,
      createdOn: record.createdOn.toISOString(),
      updatedOn: record.updatedOn.toISOString(),
    };
  }

  // --- import --------------------------------------------------------------------------------

  /**
   * Reads a bundle into the caller's workspace: data models, credentials, webhooks, then flows.
   * Every entity is checked before anything is written; any problem answers 400 with all of them.
   */
  async import(caller: Caller, bytes: Uint8Array, options: ImportOptions): Promise<ImportAnswer> {
    this.require(caller, 'create');
    if (options.overrideData) this.require(caller, 'update');
    const workspaceId = caller.workspace.workspace.id;
    let bundle: Record<string, unknown>;
    try {
      bundle = readBundle(bytes);
    } catch (error) {
      if (!(error instanceof BundleFormatError)) throw error;
      throw invalidInput([
        { target: 'importedData', value: `The file is not a .procesio bundle: ${error.message}.` },
      ]);
    }

    const problems: Problem[] = [];
    const skipped: Skipped[] = [];
    const section = (name: string): unknown[] => {
      const value = prop(bundle, name);
      if (value === undefined || value === null) return [];
      if (!Array.isArray(value)) {
        problems.push({ target: name, value: `${name} must be a list.` });
        return [];
      }
      return value;
    };
    for (const [name, type] of Object.entries(SECTION_KIND))
      for (const entry of section(name))
        skipped.push({
          type,
          id:
            (prop(entry, 'Id') as string | undefined) ??
            (prop(entry, 'Gid') as string | undefined) ??
            null,
          reason: 'not supported by Sluice yet',
        });

    const read = <T>(
      name: string,
      enabled: boolean,
      reader: (raw: unknown, at: string, problems: Problem[]) => T | 'builtin' | null,
    ): T[] => {
      const out: T[] = [];
      const entries = section(name);
      if (!enabled) return out;
      entries.forEach((raw, i) => {
        const entry = reader(raw, `${name}[${i}]`, problems);
        if (entry && entry !== 'builtin') out.push(entry);
      });
      return out;
    };
    let dataTypes = read('DataTypes', options.importDataTypes, readDataType);
    let credentials = read('Credentials', options.importCredentials, readCredential);
    let webhooks = read('Webhooks', options.importWebhooks, readWebhook);
    let flows = read('Flows', options.importFlows, readFlow);
    if (problems.length > 0) throw invalidInput(problems);

    // Which ids stay, which move, which exist here already.
    const idMap = new Map<string, string>();
    const fate = <T extends { id: string }>(kind: BundleEntityKind, entries: T[], name: string) =>
      this.fates(workspaceId, kind, entries, options.overrideData, idMap, problems, name);
    const fates = {
      dataType: await fate('dataType', dataTypes, 'DataTypes'),
      credential: await fate('credential', credentials, 'Credentials'),
      webhook: await fate('webhook', webhooks, 'Webhooks'),
      flow: await fate('flow', flows, 'Flows'),
    };
    if (problems.length > 0) throw invalidInput(problems);
    dataTypes = rewrite(dataTypes, idMap);
    credentials = rewrite(credentials, idMap);
    webhooks = rewrite(webhooks, idMap);
    flows = rewrite(flows, idMap);

    const plan = {
      dataTypes: dataTypes.map((entry, i) => ({ entry, fate: fates.dataType[i]! })),
      credentials: credentials.map((entry, i) => ({ entry, fate: fates.credential[i]! })),
      webhooks: webhooks.map((entry, i) => ({ entry, fate: fates.webhook[i]! })),
      flows: flows.map((entry, i) => ({ entry, fate: fates.flow[i]! })),
    };
    for (const group of [
      ['dataType', plan.dataTypes],
      ['credential', plan.credentials],
      ['webhook', plan.webhooks],
      ['flow', plan.flows],
    ] as const)
      for (const { entry, fate } of group[1])
        if (fate === 'skip')
          skipped.push({
            type: group[0],
            id: entry.id,
            reason: 'exists in this workspace (overrideData replaces it)',
          });

    const models = await this.checkDataTypes(workspaceId, plan.dataTypes, problems);
    const sealedCredentials = await this.checkCredentials(
      caller,
      plan.credentials,
      options.password,
      problems,
      skipped,
    );
    await this.checkWebhooks(workspaceId, plan.webhooks, models, problems);
    if (problems.length > 0) throw invalidInput(problems);

    const undo: Undo[] = [];
    try {
      const imported = {
        dataTypes: await this.writeDataTypes(caller, plan.dataTypes, models.stored, undo),
        credentials: await this.writeCredentials(caller, sealedCredentials, undo),
        webhooks: await this.writeWebhooks(caller, plan.webhooks, undo),
        flows: await this.writeFlows(caller, plan.flows, undo),
      };
      return { imported, skipped, idMap: Object.fromEntries(idMap) };
    } catch (error) {
      for (const step of undo.reverse()) await step().catch(() => undefined);
      throw error;
    } finally {
      const changed = plan.dataTypes.filter((p) => p.fate !== 'skip');
      if (changed.length > 0)
        this.deps.onDataTypesChanged(
          changed.some((p) => p.entry.content.isPublic) ? null : workspaceId,
        );
    }
  }

  /**
   * What becomes of each entry: created with its id, created with a new id (another workspace
   * holds it; `idMap` gets the pair), or — its id exists here — skipped or replaced.
   */
  private async fates<T extends { id: string }>(
    workspaceId: string,
    kind: BundleEntityKind,
    entries: readonly T[],
    override: boolean,
    idMap: Map<string, string>,
    problems: Problem[],
    section: string,
  ): Promise<Fate[]> {
    const seen = new Map<string, number>();
    entries.forEach((entry, i) => {
      if (seen.has(entry.id))
        problems.push({
          target: `${section}[${i}]`,
          value: `The id ${entry.id} is also the id of ${section}[${seen.get(entry.id)}].`,
        });
      seen.set(entry.id, i);
    });
    const owners = await this.deps.owners.owners(
      kind,
      entries.map((e) => e.id),
    );
    const moved = entries
      .filter((e) => owners.has(e.id) && owners.get(e.id) !== workspaceId)
      .map((e) => derivedId(workspaceId, e.id));
    const movedOwners = await this.deps.owners.owners(kind, moved);
    return entries.map((entry) => {
      const owner = owners.get(entry.id);
      let exists = owner === workspaceId;
      if (owner !== undefined && !exists) {
        let target = derivedId(workspaceId, entry.id);
        const targetOwner = movedOwners.get(target);
        if (targetOwner === workspaceId) exists = true;
        else if (targetOwner !== undefined) target = newId();
        idMap.set(entry.id, target);
      }
      if (!exists) return 'create';
      return override ? 'replace' : 'skip';
    });
  }

  /** Data models: each valid, names unique among the workspace's models after the import. */
  private async checkDataTypes(
    workspaceId: string,
    plan: readonly Planned<DataTypeEntry>[],
    problems: Problem[],
  ): Promise<{ stored: Map<string, StoredDataModel>; known: Set<string> }> {
    const visible = await this.deps.dataTypes.visible(workspaceId);
    const stored = new Map(visible.map((m) => [m.id, m]));
    const written = plan.filter((p) => p.fate !== 'skip');
    const writtenIds = new Set(written.map((p) => p.entry.id));
    const definitions: DataModelDefinition[] = [
      ...visible
        .filter((m) => !writtenIds.has(m.id))
        .map((m) => ({
          id: m.id,
          name: m.name,
          displayName: m.displayName,
          attributes: m.attributes,
        })),
      ...written.map((p) => ({ id: p.entry.id, ...p.entry.content })),
    ];
    const resolver = builtinResolver(definitions);
    const ownNames = new Map<string, string>();
    for (const m of visible)
      if (m.workspaceId === workspaceId && !writtenIds.has(m.id))
        ownNames.set(m.name.toLowerCase(), m.id);
    plan.forEach((p, i) => {
      if (p.fate === 'skip') return;
      const at = `DataTypes[${i}]`;
      for (const problem of validateDataModel({ id: p.entry.id, ...p.entry.content }, resolver))
        problems.push({ target: `${at}.${problem.target}`, value: problem.message });
      const key = p.entry.content.name.toLowerCase();
      const holder = ownNames.get(key);
      if (holder !== undefined && holder !== p.entry.id)
        problems.push({
          target: `${at}.name`,
          value: `A data model named "${p.entry.content.name}" already exists in this workspace.`,
        });
      ownNames.set(key, p.entry.id);
    });
    return { stored, known: new Set(definitions.map((d) => d.id)) };
  }

  /**
   * Credentials: their template must be available here; values of option properties become the
   * option's id (a label is accepted); secrets are opened with the import password, and those
   * that cannot be are imported empty and reported. Answers what to store, secrets sealed.
   */
  private async checkCredentials(
    caller: Caller,
    plan: readonly Planned<CredentialEntry>[],
    password: string | undefined,
    problems: Problem[],
    skipped: Skipped[],
  ): Promise<Planned<CredentialEntry>[]> {
    const workspaceId = caller.workspace.workspace.id;
    const templates = new Map((await this.deps.credentialTemplates(caller)).map((t) => [t.gid, t]));
    const opener = password ? new BundleOpener(password) : null;
    const out: Planned<CredentialEntry>[] = [];
    for (const [i, p] of plan.entries()) {
      if (p.fate === 'skip') continue;
      const at = `Credentials[${i}]`;
      const template = templates.get(p.entry.templateId);
      if (!template) {
        problems.push({
          target: `${at}.gtid`,
          value: `The credential template ${p.entry.templateId} is not available in this workspace.`,
        });
        continue;
      }
      const properties: { id: string; value: unknown }[] = [];
      for (const [j, sent] of p.entry.properties.entries()) {
        const property = template.properties.find((q) => q.id === sent.id);
        if (!property) {
          skipped.push({
            type: 'credentialProperty',
            id: sent.id,
            reason: `not a property of template "${template.name}" (credential ${p.entry.id})`,
          });
          continue;
        }
        let value = sent.value;
        if (property.isSecret) {
          if (isSealed(value)) {
            const opened = opener ? await opener.open(value) : null;
            if (opened === null) {
              skipped.push({
                type: 'credentialSecret',
                id: p.entry.id,
                reason: `"${property.label}" was imported empty: ${opener ? 'the importPassword does not open it' : 'no importPassword was given'}`,
              });
              value = '';
            } else value = opened;
          }
          if (value === null || value === undefined) value = '';
          if (typeof value !== 'string') {
            problems.push({
              target: `${at}.properties[${j}].value`,
              value: `${property.label} must be text.`,
            });
            continue;
          }
          value = value === '' ? '' : await this.deps.secrets.encrypt(workspaceId, value);
        } else if (property.options.length > 0 && typeof value === 'string' && value !== '') {
          const lower = value.trim().toLowerCase();
          const option =
            property.options.find((o) => o.value.toLowerCase() === lower) ??
            property.options.find((o) => o.name.toLowerCase() === lower);
          if (!option) {
            problems.push({
              target: `${at}.properties[${j}].value`,
              value: `${property.label} must be one of its options.`,
            });
            continue;
          }
          value = option.value;
        }
        properties.push({ id: property.id, value });
      }
      out.push({ fate: p.fate, entry: { ...p.entry, properties } });
    }
    return out;
  }

  /** Webhooks: a name of at most 32 characters, unique here; a data model that exists. */
  private async checkWebhooks(
    workspaceId: string,
    plan: readonly Planned<WebhookEntry>[],
    models: { known: Set<string> },
    problems: Problem[],
  ): Promise<void> {
    const existing = (
      await this.deps.webhooks.list(workspaceId, { search: null, offset: 0, limit: null })
    ).items;
    const writtenIds = new Set(plan.filter((p) => p.fate !== 'skip').map((p) => p.entry.id));
    const names = new Map<string, string>();
    for (const w of existing) if (!writtenIds.has(w.id)) names.set(w.name.toLowerCase(), w.id);
    plan.forEach((p, i) => {
      if (p.fate === 'skip') return;
      const at = `Webhooks[${i}]`;
      const { name, dataModelId } = p.entry.content;
      if ([...name].length > MAX_WEBHOOK_NAME)
        problems.push({
          target: `${at}.Name`,
          value: `The name must be 1 to ${MAX_WEBHOOK_NAME} characters.`,
        });
      const holder = names.get(name.toLowerCase());
      if (holder !== undefined && holder !== p.entry.id)
        problems.push({
          target: `${at}.Name`,
          value: `A webhook named "${name}" already exists in this workspace.`,
        });
      names.set(name.toLowerCase(), p.entry.id);
      if (dataModelId && !models.known.has(dataModelId) && !builtinResolver().model(dataModelId))
        problems.push({
          target: `${at}.DataModelId`,
          value: `The data model ${dataModelId} is neither in the bundle nor in this workspace.`,
        });
    });
  }

  private async writeDataTypes(
    caller: Caller,
    plan: readonly Planned<DataTypeEntry>[],
    stored: ReadonlyMap<string, StoredDataModel>,
    undo: Undo[],
  ): Promise<number> {
    const workspaceId = caller.workspace.workspace.id;
    const change = this.change(caller);
    const created: string[] = [];
    let count = 0;
    for (const { entry, fate } of plan) {
      if (fate === 'skip') continue;
      if (fate === 'create') {
        const written = await this.deps.dataTypes.create(
          workspaceId,
          entry.id,
          entry.content,
          change,
        );
        if (written.outcome !== 'written') throw conflict('data model', entry.id, written.outcome);
        created.push(entry.id);
      } else {
        const before = stored.get(entry.id)!;
        const written = await this.deps.dataTypes.replace(
          workspaceId,
          entry.id,
          entry.content,
          change,
        );
        if (written.outcome !== 'written') throw conflict('data model', entry.id, written.outcome);
        const previous: DataModelContent = {
          name: before.name,
          displayName: before.displayName,
          isPublic: before.isPublic,
          attributes: before.attributes.map(({ updatedOn: _u, ...a }) => a),
        };
        undo.push(() => this.deps.dataTypes.replace(workspaceId, entry.id, previous, change));
      }
      count += 1;
    }
    // Models may use each other: delete what nothing uses any more until all are gone.
    undo.push(async () => {
      let left = [...created];
      for (let progress = true; left.length > 0 && progress;) {
        const next: string[] = [];
        for (const id of left)
          if ((await this.deps.dataTypes.delete(workspaceId, id)).outcome === 'in-use')
            next.push(id);
        progress = next.length < left.length;
        left = next;
      }
    });
    return count;
  }

  private async writeCredentials(
    caller: Caller,
    plan: readonly Planned<CredentialEntry>[],
    undo: Undo[],
  ): Promise<number> {
    const workspaceId = caller.workspace.workspace.id;
    const change = this.change(caller);
    let count = 0;
    for (const { entry, fate } of plan) {
      if (fate === 'create') {
        const created = await this.deps.credentials.create({
          id: entry.id,
          workspaceId,
          templateId: entry.templateId,
          name: entry.name,
          description: entry.description,
          properties: entry.properties,
          change,
        });
        if (!created) throw conflict('credential', entry.id, 'id-taken');
        undo.push(() => this.deps.credentials.delete(workspaceId, entry.id));
      } else if (fate === 'replace') {
        const before = await this.deps.credentials.get(workspaceId, entry.id);
        if (!before) throw conflict('credential', entry.id, 'missing');
        await this.deps.credentials.update(workspaceId, entry.id, {
          name: entry.name,
          description: entry.description,
          status: false,
          properties: entry.properties,
          change,
        });
        undo.push(() =>
          this.deps.credentials.update(workspaceId, entry.id, {
            name: before.name,
            description: before.description,
            status: before.status,
            properties: before.properties,
            change: {
              at: before.updatedOn,
              userId: before.updatedById,
              userName: before.updatedBy,
            },
          }),
        );
      } else continue;
      count += 1;
    }
    return count;
  }

  private async writeWebhooks(
    caller: Caller,
    plan: readonly Planned<WebhookEntry>[],
    undo: Undo[],
  ): Promise<number> {
    const workspaceId = caller.workspace.workspace.id;
    const change = this.change(caller);
    let count = 0;
    for (const { entry, fate } of plan) {
      if (fate === 'create') {
        const outcome = await this.deps.webhooks.create(
          workspaceId,
          entry.id,
          entry.content,
          change,
        );
        if (outcome !== 'written') throw conflict('webhook', entry.id, outcome);
        undo.push(() => this.deps.webhooks.delete(workspaceId, entry.id));
      } else if (fate === 'replace') {
        const before = await this.deps.webhooks.get(workspaceId, entry.id);
        const outcome = await this.deps.webhooks.update(
          workspaceId,
          entry.id,
          entry.content,
          change,
        );
        if (outcome !== 'written' || !before) throw conflict('webhook', entry.id, outcome);
        undo.push(() => this.deps.webhooks.update(workspaceId, entry.id, before, change));
      } else continue;
      count += 1;
    }
    return count;
  }

  /** Flows are saved callees first, so a flow calling another of the bundle saves valid. */
  private async writeFlows(
    caller: Caller,
    plan: readonly Planned<FlowEntry>[],
    undo: Undo[],
  ): Promise<number> {
    const workspaceId = caller.workspace.workspace.id;
    const byId = new Map(plan.map((p) => [p.entry.id, p]));
    const ordered: Planned<FlowEntry>[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (p: Planned<FlowEntry>) => {
      if (state.has(p.entry.id)) return;
      state.set(p.entry.id, 'visiting');
      for (const text of stringsOf(p.entry.dto.actions ?? [])) {
        const callee = byId.get(text);
        if (callee && callee !== p) visit(callee);
      }
      state.set(p.entry.id, 'done');
      ordered.push(p);
    };
    plan.forEach(visit);
    let count = 0;
    for (const { entry, fate } of ordered) {
      const dto: FlowRequestDto = { ...entry.dto, id: entry.id };
      if (fate === 'create') {
        await this.deps.processService.create(caller, dto);
        undo.push(() => this.deps.processService.delete(caller, entry.id));
      } else if (fate === 'replace') {
        const before = await this.deps.processes.get(workspaceId, entry.id);
        await this.deps.processService.update(caller, dto);
        if (before)
          undo.push(() =>
            this.deps.processService.update(caller, { ...before.document, active: before.active }),
          );
      } else continue;
      count += 1;
    }
    return count;
  }

  private require(caller: Caller, permission: Permission): void {
    if (!roleAllows(caller.workspace.role, permission)) throw new SluiceError('FORBIDDEN', 'role');
  }

  private change(caller: Caller) {
    const { user } = caller.principal;
    return { at: this.deps.clock.now(), userId: user.id, userName: user.userName };
  }
}

/** A write refused although the plan checked it: something changed meanwhile. */
function conflict(entity: string, id: string, outcome: string): SluiceError {
  return invalidInput([
    {
      target: 'importedData',
      value: `The ${entity} ${id} could not be written (${outcome}); the workspace changed during the import. Nothing was imported.`,
    },
  ]);
}
