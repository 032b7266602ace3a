// Owns the PostgreSQL connection pool used in cluster mode.
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Tables } from '../kysely/schema.js';

export function openPostgres(url: string, poolSize = 10): { db: Kysely<Tables>; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}
