// Owns the embedded SQLite connection: one file, WAL journal, and parameter conversion so the
// shared Kysely repositories can bind booleans and Dates the way they do on PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type { Tables } from '../kysely/schema.js';
import { WriteGeneration } from './write-generation.js';

/** The last instant written as text: a run's records carry many dates of the same millisecond. */
let lastTime = NaN;
let lastText = '';

export function toSqliteParameter(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object' && value instanceof Date) {
    const time = value.getTime();
    if (time !== lastTime) {
      lastText = value.toISOString();
      lastTime = time;
    }
    return lastText;
  }
  return value;
}

function convert(parameters: ReadonlyArray<unknown>): unknown[] {
  return parameters.map(toSqliteParameter);
}

/** Prepared statements kept per SQL text; Kysely compiles the same text for the same query shape. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Wraps better-sqlite3 so every bound parameter passes through toSqliteParameter, and reuses
 * prepared statements (preparing is a large share of a short query's cost).
 */
function adapt(db: BetterSqlite3.Database, generation: WriteGeneration): SqliteDatabase {
  const statements = new Map<string, Prepared>();
  const prepared = (sql: string): Prepared => {
    let entry = statements.get(sql);
    if (entry) {
      // Refresh its place so the least recently used statement is evicted first.
      statements.delete(sql);
    } else {
      entry = { statement: db.prepare(sql), writes: WriteGeneration.affects(sql) };
      if (statements.size >= STATEMENT_CACHE_SIZE)
        statements.delete(statements.keys().next().value as string);
    }
    statements.set(sql, entry);
    return entry;
  };
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const { statement, writes } = prepared(sql);
      const executed = writes ? () => generation.wrote() : () => undefined;
      return {
        reader: statement.reader,
        all: (parameters) => (executed(), statement.all(...convert(parameters))),
        run: (parameters) => (executed(), statement.run(...convert(parameters))),
        iterate: (parameters) => (executed(), statement.iterate(...convert(parameters))),
      };
    },
  };
}

interface Prepared {
  statement: BetterSqlite3.Statement;
  /** Whether running it may change what cached reads depend on (WriteGeneration). */
  writes: boolean;
}

export function openSqlite(file: string): {
  db: Kysely<Tables>;
  raw: BetterSqlite3.Database;
  generation: WriteGeneration;
} {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  // Copying the WAL back into the file (and syncing both) is paid by the commit that crosses
  // the limit; at the default 1000 pages a busy server paid it every few hundred runs.
  raw.pragma('wal_autocheckpoint = 10000');
  raw.pragma('foreign_keys = ON');
  // Several server processes may share one file (tests, a restart overlapping a stop).
  raw.pragma('busy_timeout = 5000');
  const generation = new WriteGeneration(raw);
  const db = new Kysely<Tables>({
    dialect: new SqliteDialect({ database: adapt(raw, generation) }),
  });
  return { db, raw, generation };
}
