// CredentialStore over Kysely, shared by SQLite and PostgreSQL.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CredentialTemplate } from '../../credentials/templates.js';
import type {
  CredentialChange,
  CredentialDeletion,
  CredentialListQuery,
  CredentialRecord,
  CredentialStore,
  CredentialSummary,
  CredentialUpdate,
  NewCredential,
  StoredProperty,
} from '../../ports/credential.store.js';
import { readBool, readCount, readDate, readJson, writeJson } from './codec.js';
import { isUniqueViolation } from './errors.js';
import type { CredentialsTable, Tables } from './schema.js';

const SUMMARY_COLUMNS = [
  'id',
  'workspace_id',
  'template_id',
  'name',
  'description',
  'status',
  'created_on',
  'created_by_id',
  'created_by',
  'updated_on',
  'updated_by_id',
  'updated_by',
] as const;

type SummaryRow = Pick<Selectable<CredentialsTable>, (typeof SUMMARY_COLUMNS)[number]>;

function toSummary(row: SummaryRow): CredentialSummary {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    templateId: row.template_id,
    name: row.name,
    description: row.description,
    status: readBool(row.status),
    createdOn: readDate(row.created_on),
    createdById: row.created_by_id,
    createdBy: row.created_by,
    updatedOn: readDate(row.updated_on),
    updatedById: row.updated_by_id,
    updatedBy: row.updated_by,
  };
}

function toRecord(row: Selectable<CredentialsTable>): CredentialRecord {
  return { ...toSummary(row), properties: readJson<StoredProperty[]>(row.properties) };
}

/** `like` pattern for a substring, with `!` escaping the pattern characters. */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

function updated(change: CredentialChange) {
  return { updated_on: change.at, updated_by_id: change.userId, updated_by: change.userName };
}

export class KyselyCredentialStore implements CredentialStore {
  constructor(private readonly db: Kysely<Tables>) {}

  async create(credential: NewCredential): Promise<boolean> {
    try {
      await this.db
        .insertInto('credentials')
        .values({
          id: credential.id,
          workspace_id: credential.workspaceId,
          template_id: credential.templateId,
          name: credential.name,
          name_key: credential.name.toLowerCase(),
          description: credential.description,
          status: false,
          properties: writeJson(credential.properties),
          created_on: credential.change.at,
          created_by_id: credential.change.userId,
          created_by: credential.change.userName,
          ...updated(credential.change),
        })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async update(workspaceId: string, id: string, update: CredentialUpdate): Promise<boolean> {
    const result = await this.db
      .updateTable('credentials')
      .set({
        name: update.name,
        name_key: update.name.toLowerCase(),
        description: update.description,
        status: update.status,
        properties: writeJson(update.properties),
        ...updated(update.change),
      })
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async get(workspaceId: string, id: string): Promise<CredentialRecord | null> {
    const row = await this.db
      .selectFrom('credentials')
      .selectAll()
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async list(workspaceId: string, query: CredentialListQuery): Promise<CredentialSummary[]> {
    let page = this.db
      .selectFrom('credentials')
      .select(SUMMARY_COLUMNS)
      .where('workspace_id', '=', workspaceId);
    if (query.templateId !== null) page = page.where('template_id', '=', query.templateId);
    if (query.search !== null)
      page = page.where(sql<boolean>`name_key like ${containsPattern(query.search)} escape '!'`);
    page = page.orderBy('name_key').orderBy('id');
    if (query.limit !== null) page = page.limit(query.limit).offset(query.offset);
    else if (query.offset > 0) page = page.limit(Number.MAX_SAFE_INTEGER).offset(query.offset);
    return (await page.execute()).map(toSummary);
  }

  async count(workspaceId: string, templateId: string | null): Promise<number> {
    let query = this.db
      .selectFrom('credentials')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', workspaceId);
    if (templateId !== null) query = query.where('template_id', '=', templateId);
    return readCount((await query.executeTakeFirst())?.n);
  }

  async delete(workspaceId: string, id: string): Promise<CredentialDeletion> {
    return this.db.transaction().execute(async (trx): Promise<CredentialDeletion> => {
      const found = await trx
        .selectFrom('credentials')
        .select('id')
        .where('id', '=', id)
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      if (!found) return { outcome: 'missing' };
      // Flows reference a credential by its id in a parameter value; ids are stored lower-case.
      const users = await trx
        .selectFrom('processes')
        .select(['id', 'title'])
        .where('workspace_id', '=', workspaceId)
        .where(sql<boolean>`lower(cast(flow as text)) like ${containsPattern(id)} escape '!'`)
        .orderBy('title_key')
        .orderBy('id')
        .execute();
      if (users.length > 0) return { outcome: 'in-use', processes: users };
      await trx.deleteFrom('credentials').where('id', '=', id).execute();
      return { outcome: 'deleted' };
    });
  }

  async all(): Promise<CredentialRecord[]> {
    const rows = await this.db.selectFrom('credentials').selectAll().orderBy('id').execute();
    return rows.map(toRecord);
  }

  async createTemplate(
    workspaceId: string,
    template: CredentialTemplate,
    change: CredentialChange,
  ): Promise<boolean> {
    try {
      await this.db
        .insertInto('credential_templates')
        .values({
          id: template.gid,
          workspace_id: workspaceId,
          name: template.name,
          template: writeJson(template),
          created_on: change.at,
          created_by_id: change.userId,
        })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async templates(workspaceId: string): Promise<CredentialTemplate[]> {
    const rows = await this.db
      .selectFrom('credential_templates')
      .select('template')
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_on')
      .orderBy('id')
      .execute();
    return rows.map((r) => readJson<CredentialTemplate>(r.template));
  }

  async template(workspaceId: string, id: string): Promise<CredentialTemplate | null> {
    const row = await this.db
      .selectFrom('credential_templates')
      .select('template')
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row ? readJson<CredentialTemplate>(row.template) : null;
  }
}
