// NodeRegistry over Kysely, shared by SQLite and PostgreSQL.
import type { Kysely } from 'kysely';
import type { NodeRecord, NodeRegistry } from '../../ports/node.registry.js';
import { writeJson } from './codec.js';
import type { Tables } from './schema.js';

export class KyselyNodeRegistry implements NodeRegistry {
  constructor(private readonly db: Kysely<Tables>) {}

  async register(node: NodeRecord): Promise<void> {
    await this.db
      .insertInto('nodes')
      .values({
        id: node.id,
        roles: `,${node.roles.join(',')},`,
        host: node.host,
        pid: node.pid,
        version: node.version,
        started_on: node.startedOn,
        heartbeat_on: node.heartbeatOn,
        info: writeJson({}),
      })
      .execute();
  }

  async heartbeat(id: string, at: Date): Promise<void> {
    await this.db.updateTable('nodes').set({ heartbeat_on: at }).where('id', '=', id).execute();
  }

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('nodes').where('id', '=', id).execute();
  }

  async countLive(role: string, since: Date): Promise<number> {
    const rows = await this.db
      .selectFrom('nodes')
      .select('id')
      .where('roles', 'like', `%,${role},%`)
      .where('heartbeat_on', '>=', since)
      .execute();
    return rows.length;
  }

  async prune(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('nodes')
      .where('heartbeat_on', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
