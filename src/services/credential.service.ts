// Owns credentials (API.md §7): templates (built-in and the workspace's own), checking a
// credential against its template, sealing secret values before storage and masking them in
// answers, all within the caller's workspace and role.
import type { CredentialFiles } from './credential-files.js';
import {
  BUILTIN_TEMPLATES,
  REST_VERBS,
  TemplateIds,
  builtinTemplate,
  type CredentialTemplate,
  type PropertyCondition,
  type PropertyOption,
  type TemplateProperty,
} from '../credentials/templates.js';
import { roleAllows, type Permission } from '../domain/identity.js';
import { isGuid, newId, normalizeGuid } from '../domain/ids.js';
import { ERRORS, SluiceError, invalidInput, type ErrorItem } from '../errors/catalogue.js';
import type { Clock } from '../ports/clock.js';
import type {
  CredentialChange,
  CredentialRecord,
  CredentialStore,
  CredentialSummary,
  StoredProperty,
} from '../ports/credential.store.js';
import type { SecretBox } from '../ports/secret-box.js';
import type { Caller } from './process.service.js';
import type { ResolvedCredential } from '../credentials/resolved.js';

/** What answers carry for a secret that is set; sent back, it keeps the stored value. */
export type { ResolvedCredential } from '../credentials/resolved.js';

export const SECRET_MASK = '********';

export interface PropertyInput {
  id?: string | null;
  value?: unknown;
}

export interface CredentialInput {
  gid?: string | null;
  gtid?: string | null;
  name?: string | null;
  description?: string | null;
  properties?: PropertyInput[] | null;
}

/** A credential about to be tested, and the stored record when the test is of it unchanged. */
export interface CredentialUnderTest {
  credential: ResolvedCredential;
  /** The stored credential whose `status` the outcome sets; null for unsaved or changed values. */
  storedVersion: CredentialRecord | null;
}

export interface CredentialSummaryView {
  gid: string;
  gtid: string;
  gtpid: string | null;
  name: string;
  tname: string;
  type: string;
  status: boolean;
  description: string | null;
  workspaceId: string;
  createdBy: string | null;
  createdById: string | null;
  createdOn: string;
  updatedBy: string | null;
  updatedById: string | null;
  updatedOn: string;
}

export interface CredentialView extends CredentialSummaryView {
  properties: { id: string; value: unknown }[];
}

export interface TemplatePropertyInput {
  id?: string | null;
  label?: string | null;
  placeholder?: string | null;
  type?: string | null;
  tooltip?: string | null;
  message?: string | null;
  isTest?: boolean | null;
  order?: number | null;
  validations?: { isRequired?: boolean | null; expects?: number | null } | null;
  layout?: { columns?: number | null } | null;
  condition?: { dependencyId?: string; operator?: string; value?: string | string[] } | null;
  disabled?: boolean | null;
  pill?: unknown;
  configurations?: unknown;
  options?: { name?: string; value?: string }[] | null;
  isSecret?: boolean | null;
}

export interface TemplateInput {
  gid?: string | null;
  pid?: string | null;
  name?: string | null;
  type?: string | null;
  icon?: string | null;
  properties?: TemplatePropertyInput[] | null;
}

export interface CredentialListRequest {
  templateId: string | null;
  search: string | null;
  offset: number;
  limit: number | null;
}

const notFound = () => new SluiceError('NOT_FOUND', 'credentials');
const templateNotFound = () => new SluiceError('NOT_FOUND', 'credentialsTemplate');

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Whether a property is shown (and so may be required), following chains of conditions. */
function conditionHolds(
  template: CredentialTemplate,
  values: ReadonlyMap<string, unknown>,
  condition: PropertyCondition | null,
  depth = 0,
): boolean {
  if (!condition) return true;
  if (depth > template.properties.length) return false;
  const dependency = template.properties.find((p) => p.id === condition.dependencyId.toLowerCase());
  if (!dependency || !conditionHolds(template, values, dependency.condition, depth + 1))
    return false;
  const actual = values.get(dependency.id);
  if (typeof actual !== 'string' && typeof actual !== 'number' && typeof actual !== 'boolean')
    return false;
  const text = String(actual).toLowerCase();
  const expected = Array.isArray(condition.value) ? condition.value : [condition.value];
  return expected.some((v) => String(v).toLowerCase() === text);
}

function hasOptions(property: TemplateProperty): boolean {
  return property.options.length > 0;
}

export class CredentialService {
  constructor(
    private readonly store: CredentialStore,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    /** The certificates and keys uploaded for credentials; removed with their credential. */
    private readonly files?: Pick<CredentialFiles, 'removeAll'>,
  ) {}

  // --- templates ------------------------------------------------------------------------------

  async templates(caller: Caller): Promise<CredentialTemplate[]> {
    this.require(caller, 'read');
    return [...BUILTIN_TEMPLATES, ...(await this.store.templates(this.workspaceOf(caller)))];
  }

  async template(caller: Caller, rawId: string): Promise<CredentialTemplate> {
    this.require(caller, 'read');
    const template = await this.findTemplate(this.workspaceOf(caller), rawId);
    if (!template) throw templateNotFound();
    return template;
  }

  /** Adds a workspace-defined template; built-in and taken ids are refused. */
  async createTemplate(caller: Caller, input: TemplateInput): Promise<CredentialTemplate> {
    this.require(caller, 'create');
    const template = checkTemplate(input);
    const created = await this.store.createTemplate(
      this.workspaceOf(caller),
      template,
      this.change(caller),
    );
    if (!created)
      throw invalidInput([{ target: 'gid', value: 'A template with this id already exists.' }]);
    return template;
  }

  verbs(caller: Caller, rawId: string): { gid: string; gtid: string; value: string }[] {
    this.require(caller, 'read');
    return normalizeGuid(rawId) === TemplateIds.Rest ? REST_VERBS.map((v) => ({ ...v })) : [];
  }

  // --- credentials ----------------------------------------------------------------------------

  async list(caller: Caller, request: CredentialListRequest): Promise<CredentialSummaryView[]> {
    this.require(caller, 'read');
    const workspaceId = this.workspaceOf(caller);
    const templateId = request.templateId === null ? null : normalizeGuid(request.templateId);
    if (request.templateId !== null && templateId === null) return [];
    const rows = await this.store.list(workspaceId, { ...request, templateId });
    const templates = await this.templateMap(workspaceId);
    return rows.map((row) => this.summary(row, templates.get(row.templateId)));
  }

  async count(caller: Caller, rawTemplateId: string | null): Promise<number> {
    this.require(caller, 'read');
    const templateId = rawTemplateId === null ? null : normalizeGuid(rawTemplateId);
    if (rawTemplateId !== null && templateId === null) return 0;
    return this.store.count(this.workspaceOf(caller), templateId);
  }

  /** The credential with every secret masked. */
  async get(caller: Caller, rawId: string): Promise<CredentialView> {
    this.require(caller, 'read');
    const workspaceId = this.workspaceOf(caller);
    const record = await this.load(workspaceId, rawId);
    const template = await this.findTemplate(workspaceId, record.templateId);
    const secret = new Set(template?.properties.filter((p) => p.isSecret).map((p) => p.id));
    return {
      ...this.summary(record, template ?? undefined),
      properties: record.properties.map(({ id, value }) => ({
        id,
        value: secret.has(id) ? (isEmpty(value) ? '' : SECRET_MASK) : value,
      })),
    };
  }

  async create(caller: Caller, input: CredentialInput): Promise<{ id: string }> {
    this.require(caller, 'create');
    const workspaceId = this.workspaceOf(caller);
    let id = newId();
    if (input.gid) {
      const given = normalizeGuid(input.gid);
      if (!given) throw invalidInput([{ target: 'gid', value: 'gid must be a GUID.' }]);
      id = given;
    }
    const template = await this.templateFor(workspaceId, input.gtid);
    const name = checkName(input.name);
    const properties = await this.checkProperties(workspaceId, template, input, null);
    const created = await this.store.create({
      id,
      workspaceId,
      templateId: template.gid,
      name,
      description: input.description ?? null,
      properties: properties.stored,
      change: this.change(caller),
    });
    // Taken here or in another workspace: the answer is the same, so it reveals nothing.
    if (!created)
      throw invalidInput([{ target: 'gid', value: 'A credential with this id already exists.' }]);
    return { id };
  }

  /** Replaces the credential; a masked secret keeps its value, a changed property resets `status`. */
  async update(caller: Caller, input: CredentialInput): Promise<{ id: string }> {
    this.require(caller, 'update');
    if (!input.gid)
      throw invalidInput([{ target: 'gid', value: 'The credential id is required.' }]);
    const workspaceId = this.workspaceOf(caller);
    const stored = await this.load(workspaceId, input.gid);
    if (input.gtid && normalizeGuid(input.gtid) !== stored.templateId)
      throw invalidInput([
        { target: 'gtid', value: 'The template of a credential cannot change.' },
      ]);
    const template = await this.templateFor(workspaceId, stored.templateId);
    const name = checkName(input.name);
    const next = await this.checkProperties(workspaceId, template, input, stored);
    const status =
      stored.status && !(await this.sameProperties(workspaceId, template, stored, next.plain));
    const saved = await this.store.update(workspaceId, stored.id, {
      name,
      description: input.description ?? null,
      status,
      properties: next.stored,
      change: this.change(caller),
    });
    if (!saved) throw notFound();
    return { id: stored.id };
  }

  /** Refused while the current flow of a process of the workspace mentions the credential. */
  async delete(caller: Caller, rawId: string): Promise<{ id: string }> {
    this.require(caller, 'delete');
    const id = normalizeGuid(rawId);
    if (!id) throw notFound();
    const result = await this.store.delete(this.workspaceOf(caller), id);
    if (result.outcome === 'missing') throw notFound();
    if (result.outcome === 'in-use') {
      const names = result.processes.map((p) => `"${p.title}" (${p.id})`).join(', ');
      throw new SluiceError('CREDENTIAL_IN_USE', 'usedIn', {
        value: `The credential is used by ${names}.`,
      });
    }
    await this.files?.removeAll(this.workspaceOf(caller), id);
    return { id };
  }

  /** The credential with its secrets decrypted, for the actions and probes that use it. */
  async resolve(workspaceId: string, rawId: string): Promise<ResolvedCredential | null> {
    const id = normalizeGuid(rawId);
    const record = id ? await this.store.get(workspaceId, id) : null;
    if (!record) return null;
    const template = await this.findTemplate(workspaceId, record.templateId);
    if (!template) return null;
    return {
      id: record.id,
      template,
      name: record.name,
      values: await this.plainValues(workspaceId, template, record),
    };
  }

  /**
   * The credential a live test (API.md §7.4) is about, secrets in clear: the sent properties,
   * checked against the template as a save would check them, with a `gid` of a stored credential
   * resolving masked secrets to the stored values. Nothing is written.
   */
  async prepareTest(caller: Caller, input: CredentialInput): Promise<CredentialUnderTest> {
    this.require(caller, 'update');
    const workspaceId = this.workspaceOf(caller);
    let id: string | null = null;
    if (input.gid) {
      id = normalizeGuid(input.gid);
      if (!id) throw invalidInput([{ target: 'gid', value: 'gid must be a GUID.' }]);
    }
    const stored = id ? await this.store.get(workspaceId, id) : null;
    if (stored && input.gtid && normalizeGuid(input.gtid) !== stored.templateId)
      throw invalidInput([
        { target: 'gtid', value: 'The template of a credential cannot change.' },
      ]);
    const template = await this.templateFor(workspaceId, stored?.templateId ?? input.gtid);
    const { plain } = await this.checkProperties(workspaceId, template, input, stored, false);
    const matchesStored =
      stored !== null && (await this.sameProperties(workspaceId, template, stored, plain));
    return {
      credential: {
        id: id ?? newId(),
        template,
        name: input.name?.trim() || stored?.name || template.name,
        values: plain,
      },
      storedVersion: matchesStored ? stored : null,
    };
  }

  /**
   * Sets `status` of the stored credential a test was about to its outcome, unless it changed
   * since: nothing else is written, its audit fields included.
   */
  async recordTestOutcome(
    caller: Caller,
    tested: CredentialRecord,
    succeeded: boolean,
  ): Promise<void> {
    const workspaceId = this.workspaceOf(caller);
    const current = await this.store.get(workspaceId, tested.id);
    if (!current || current.status === succeeded) return;
    if (!sameValue(current.properties, tested.properties) || current.name !== tested.name) return;
    await this.store.update(workspaceId, current.id, {
      name: current.name,
      description: current.description,
      status: succeeded,
      properties: current.properties,
      change: { at: current.updatedOn, userId: current.updatedById, userName: current.updatedBy },
    });
  }

  // --- helpers --------------------------------------------------------------------------------

  private async plainValues(
    workspaceId: string,
    template: CredentialTemplate,
    record: CredentialRecord,
  ): Promise<Map<string, unknown>> {
    const secret = new Set(template.properties.filter((p) => p.isSecret).map((p) => p.id));
    const values = new Map<string, unknown>();
    for (const { id, value } of record.properties)
      values.set(
        id,
        secret.has(id) && typeof value === 'string' && value !== ''
          ? await this.secrets.decrypt(workspaceId, value)
          : value,
      );
    return values;
  }

  private async sameProperties(
    workspaceId: string,
    template: CredentialTemplate,
    stored: CredentialRecord,
    next: ReadonlyMap<string, unknown>,
  ): Promise<boolean> {
    const before = await this.plainValues(workspaceId, template, stored);
    if (before.size !== next.size) return false;
    for (const [id, value] of next) if (!sameValue(before.get(id), value)) return false;
    return true;
  }

  /**
   * Checks the sent properties against the template (API.md §7.1) and seals the secrets. Answers
   * what to store and the values in clear (for comparing with the stored ones).
   */
  private async checkProperties(
    workspaceId: string,
    template: CredentialTemplate,
    input: CredentialInput,
    stored: CredentialRecord | null,
    seal = true,
  ): Promise<{ stored: StoredProperty[]; plain: Map<string, unknown> }> {
    const byId = new Map(template.properties.map((p) => [p.id, p]));
    const previous = new Map(stored?.properties.map((p) => [p.id, p.value]));
    const plain = new Map<string, unknown>();
    /** Secrets sent back masked: their stored sealed value is kept as it is. */
    const kept = new Map<string, unknown>();
    const problems: { target: string; value: string }[] = [];
    (input.properties ?? []).forEach((sent, i) => {
      const at = `properties[${i}]`;
      const id = typeof sent.id === 'string' ? normalizeGuid(sent.id) : null;
      const property = id ? byId.get(id) : undefined;
      if (!id || !property) {
        problems.push({
          target: `${at}.id`,
          value: `Unknown property ${JSON.stringify(sent.id ?? null)} for template "${template.name}".`,
        });
        return;
      }
      if (plain.has(id) || kept.has(id)) {
        problems.push({ target: `${at}.id`, value: `Property "${property.label}" is sent twice.` });
        return;
      }
      let value = sent.value ?? null;
      if (property.isSecret) {
        if (value === SECRET_MASK) {
          const old = previous.get(id);
          if (!isEmpty(old)) {
            kept.set(id, old);
            return;
          }
          value = '';
        }
        if (value !== null && typeof value !== 'string') {
          problems.push({ target: `${at}.value`, value: `${property.label} must be text.` });
          return;
        }
      }
      if (hasOptions(property) && !isEmpty(value)) {
        const option = matchOption(property.options, value);
        if (!option) {
          problems.push({
            target: `${at}.value`,
            value: `${property.label} must be the id (GUID) of one of its options.`,
          });
          return;
        }
        value = option.value;
      }
      plain.set(id, value);
    });
    if (problems.length > 0) throw invalidInput(problems);

    // Required-ness follows the condition, which may itself depend on a kept secret only in
    // theory: conditions point at option properties, never at secrets.
    const missing: ErrorItem[] = template.properties
      .filter(
        (p) =>
          p.validations.isRequired &&
          !kept.has(p.id) &&
          isEmpty(plain.get(p.id)) &&
          conditionHolds(template, plain, p.condition),
      )
      .map((p) => ({
        statusCode: ERRORS.CREDENTIAL_FIELD_EMPTY.statusCode,
        value: ERRORS.CREDENTIAL_FIELD_EMPTY.value,
        target: p.label,
      }));
    const [first, ...rest] = missing;
    if (first) throw new SluiceError('CREDENTIAL_FIELD_EMPTY', first.target, { extra: rest });

    const out: StoredProperty[] = [];
    for (const property of template.properties) {
      if (kept.has(property.id)) {
        out.push({ id: property.id, value: kept.get(property.id) });
        const sealed = kept.get(property.id);
        plain.set(
          property.id,
          typeof sealed === 'string' ? await this.secrets.decrypt(workspaceId, sealed) : sealed,
        );
        continue;
      }
      if (!plain.has(property.id)) continue;
      const value = plain.get(property.id);
      out.push({
        id: property.id,
        value:
          seal && property.isSecret && typeof value === 'string' && value !== ''
            ? await this.secrets.encrypt(workspaceId, value)
            : value,
      });
    }
    return { stored: out, plain };
  }

  private async load(workspaceId: string, rawId: string): Promise<CredentialRecord> {
    const id = normalizeGuid(rawId);
    const record = id ? await this.store.get(workspaceId, id) : null;
    if (!record) throw notFound();
    return record;
  }

  private async findTemplate(
    workspaceId: string,
    rawId: string,
  ): Promise<CredentialTemplate | null> {
    const id = normalizeGuid(rawId);
    if (!id) return null;
    return builtinTemplate(id) ?? (await this.store.template(workspaceId, id));
  }

  private async templateFor(
    workspaceId: string,
    rawId: string | null | undefined,
  ): Promise<CredentialTemplate> {
    const template = rawId ? await this.findTemplate(workspaceId, rawId) : null;
    if (!template)
      throw invalidInput([
        { target: 'gtid', value: 'gtid must be the id of a credential template.' },
      ]);
    return template;
  }

  private async templateMap(workspaceId: string): Promise<Map<string, CredentialTemplate>> {
    const own = await this.store.templates(workspaceId);
    return new Map([...BUILTIN_TEMPLATES, ...own].map((t) => [t.gid, t]));
  }

  private summary(
    row: CredentialSummary,
    template: CredentialTemplate | undefined,
  ): CredentialSummaryView {
    return {
      gid: row.id,
      gtid: row.templateId,
      gtpid: template?.pid ?? null,
      name: row.name,
      tname: template?.name ?? '',
      type: template?.type ?? '',
      status: row.status,
      description: row.description,
      workspaceId: row.workspaceId,
      createdBy: row.createdBy,
      createdById: row.createdById,
      createdOn: row.createdOn.toISOString(),
      updatedBy: row.updatedBy,
      updatedById: row.updatedById,
      updatedOn: row.updatedOn.toISOString(),
    };
  }

  private workspaceOf(caller: Caller): string {
    return caller.workspace.workspace.id;
  }

  private require(caller: Caller, permission: Permission): void {
    if (!roleAllows(caller.workspace.role, permission)) throw new SluiceError('FORBIDDEN', 'role');
  }

  private change(caller: Caller): CredentialChange {
    const { user } = caller.principal;
    return { at: this.clock.now(), userId: user.id, userName: user.userName };
  }
}

function matchOption(options: readonly PropertyOption[], value: unknown): PropertyOption | null {
  if (typeof value !== 'string') return null;
  const lower = value.trim().toLowerCase();
  return options.find((o) => o.value.toLowerCase() === lower) ?? null;
}

function checkName(name: string | null | undefined): string {
  const trimmed = name?.trim() ?? '';
  if (trimmed === '') throw invalidInput([{ target: 'name', value: 'name is required.' }]);
  return trimmed;
}

/** Turns a workspace-defined template into the full shape `GET /types` serves. */
function checkTemplate(input: TemplateInput): CredentialTemplate {
  const problems: { target: string; value: string }[] = [];
  let gid = newId();
  if (input.gid) {
    const given = normalizeGuid(input.gid);
    if (!given) problems.push({ target: 'gid', value: 'gid must be a GUID.' });
    else if (builtinTemplate(given))
      problems.push({ target: 'gid', value: 'Built-in template ids cannot be redefined.' });
    else gid = given;
  }
  const name = input.name?.trim() ?? '';
  if (name === '') problems.push({ target: 'name', value: 'name is required.' });
  const properties: TemplateProperty[] = [];
  (input.properties ?? []).forEach((p, i) => {
    const at = `properties[${i}]`;
    const id = p.id ? normalizeGuid(p.id) : newId();
    if (!id) return void problems.push({ target: `${at}.id`, value: 'id must be a GUID.' });
    if (properties.some((q) => q.id === id))
      return void problems.push({ target: `${at}.id`, value: 'Property ids must be unique.' });
    const label = p.label?.trim() ?? '';
    if (label === '') problems.push({ target: `${at}.label`, value: 'label is required.' });
    const options: PropertyOption[] = [];
    (p.options ?? []).forEach((o, j) => {
      const value = o.value ? normalizeGuid(o.value) : null;
      if (!value)
        problems.push({ target: `${at}.options[${j}].value`, value: 'An option is a GUID.' });
      else options.push({ name: o.name ?? '', value });
    });
    const type = p.type?.trim() || 'text';
    let condition: PropertyCondition | null = null;
    if (p.condition) {
      const operator = p.condition.operator === 'in' ? 'in' : 'equals';
      const value = p.condition.value ?? '';
      condition = {
        dependencyId: (p.condition.dependencyId ?? '').toLowerCase(),
        operator,
        value: Array.isArray(value) ? value.map(String) : String(value),
      };
    }
    properties.push({
      id,
      label,
      placeholder: p.placeholder ?? '',
      type,
      tooltip: p.tooltip ?? '',
      message: p.message ?? '',
      isTest: p.isTest ?? false,
      order: p.order ?? i + 1,
      validations: {
        isRequired: p.validations?.isRequired ?? false,
        expects: p.validations?.expects ?? 0,
      },
      layout: { columns: p.layout?.columns ?? 12 },
      condition,
      disabled: p.disabled ?? false,
      pill: p.pill ?? null,
      configurations: p.configurations ?? null,
      options,
      isSecret: p.isSecret ?? type === 'password',
    });
  });
  properties.forEach((p, i) => {
    if (p.condition && !properties.some((q) => q.id === p.condition!.dependencyId))
      problems.push({
        target: `properties[${i}].condition.dependencyId`,
        value: 'A condition depends on a property of the same template.',
      });
  });
  if (input.pid && !isGuid(input.pid)) problems.push({ target: 'pid', value: 'pid is a GUID.' });
  if (problems.length > 0) throw invalidInput(problems);
  return {
    gid,
    pid: input.pid ? input.pid.toLowerCase() : null,
    name,
    type: input.type?.trim() || 'custom',
    icon: input.icon ?? '',
    properties,
  };
}
