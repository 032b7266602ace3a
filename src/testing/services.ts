// Test helpers for the external services (PostgreSQL, MariaDB, Redis): find out whether they
// answer and skip loudly when they do not, unless SLUICE_REQUIRE_SERVICES=1 makes a missing
// service a failure.
import mysql from 'mysql2/promise';
import pg from 'pg';
import { randomBytes } from 'node:crypto';

export const REQUIRE_SERVICES = process.env.SLUICE_REQUIRE_SERVICES === '1';

export function postgresUrl(): string | undefined {
  return process.env.SLUICE_TEST_POSTGRES_URL || undefined;
}

async function answers(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether PostgreSQL tests should run. Prints a loud line when they are skipped; throws when
 * SLUICE_REQUIRE_SERVICES=1 and PostgreSQL is not configured or does not answer.
 */
export async function postgresAvailable(suite: string): Promise<boolean> {
  const url = postgresUrl();
  const problem = url ? await answers(url) : 'SLUICE_TEST_POSTGRES_URL is not set';
  if (problem === null) return true;
  const line = `!!! SKIPPED ${suite}: PostgreSQL unavailable (${problem})`;
  if (REQUIRE_SERVICES) throw new Error(`${line} and SLUICE_REQUIRE_SERVICES=1`);
  console.warn(`\n${'!'.repeat(80)}\n${line}\n${'!'.repeat(80)}\n`);
  return false;
}

/** Creates an empty database next to the configured one; returns its URL and a drop function. */
export async function createScratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = postgresUrl();
  if (!base) throw new Error('SLUICE_TEST_POSTGRES_URL is not set');
  const name = `sluice_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** The MariaDB (or MySQL) server tests use, e.g. `mysql://root@127.0.0.1:3306/test`. */
export function mariadbUrl(): string | undefined {
  return process.env.SLUICE_TEST_MARIADB_URL || undefined;
}

async function mariadbAnswers(url: string): Promise<string | null> {
  try {
    const connection = await mysql.createConnection({ uri: url, connectTimeout: 3000 });
    await connection.query('select 1');
    await connection.end();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Like {@link postgresAvailable}, for MariaDB at SLUICE_TEST_MARIADB_URL. */
export async function mariadbAvailable(suite: string): Promise<boolean> {
  const url = mariadbUrl();
  const problem = url ? await mariadbAnswers(url) : 'SLUICE_TEST_MARIADB_URL is not set';
  if (problem === null) return true;
  const line = `!!! SKIPPED ${suite}: MariaDB unavailable (${problem})`;
  if (REQUIRE_SERVICES) throw new Error(`${line} and SLUICE_REQUIRE_SERVICES=1`);
  console.warn(`\n${'!'.repeat(80)}\n${line}\n${'!'.repeat(80)}\n`);
  return false;
}

/**
 * Creates an empty MariaDB database `sluice_test_<random>` as the configured (root) user; returns
 * where it is and a drop function.
 */
export async function createScratchMariadb(): Promise<{
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  drop: () => Promise<void>;
}> {
  const base = mariadbUrl();
  if (!base) throw new Error('SLUICE_TEST_MARIADB_URL is not set');
  const url = new URL(base);
  const database = `sluice_test_${randomBytes(6).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: base });
  await admin.query(`create database ${database}`);
  await admin.end();
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
    async drop() {
      const connection = await mysql.createConnection({ uri: base });
      await connection.query(`drop database if exists ${database}`);
      await connection.end();
    },
  };
}

/** The Redis server tests use, e.g. `redis://127.0.0.1:6379`. */
export function redisUrl(): string | undefined {
  return process.env.SLUICE_TEST_REDIS_URL || undefined;
}

async function redisAnswers(url: string): Promise<string | null> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    client.disconnect();
  }
}

/** Like {@link postgresAvailable}, for Redis at SLUICE_TEST_REDIS_URL. */
export async function redisAvailable(suite: string): Promise<boolean> {
  const url = redisUrl();
  const problem = url ? await redisAnswers(url) : 'SLUICE_TEST_REDIS_URL is not set';
  if (problem === null) return true;
  const line = `!!! SKIPPED ${suite}: Redis unavailable (${problem})`;
  if (REQUIRE_SERVICES) throw new Error(`${line} and SLUICE_REQUIRE_SERVICES=1`);
  console.warn(`\n${'!'.repeat(80)}\n${line}\n${'!'.repeat(80)}\n`);
  return false;
}
