// Owns the PostgreSQL connection pool used in cluster mode.
import { Kysely, PostgresDialect } from 'kysely';
import type { Tables } from '../kysely/schema.js';

/**
 * The pool is made at the first query: `pg` is only loaded by processes that use PostgreSQL, so
 * the embedded (SQLite) shape never pays for it.
 */
export function openPostgres(url: string, poolSize = 10): { db: Kysely<Tables> } {
  const pool = async () => {
    const { default: pg } = await import('pg');
    const created = new pg.Pool({ connectionString: url, max: poolSize });
    // An idle client losing its server (restart, failover) must not crash the process.
    created.on('error', () => undefined);
    return created;
  };
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db };
}
