// Owns SQL over a SQL credential (API.md §7.2): PostgreSQL (pg) and MySQL/MariaDB (mysql2) clients
// connecting only to an address the egress policy allows, one statement run with named `@name`
// parameters bound by the driver and a time limit, rows as plain JSON objects, and the credential
// probe of §7.4 (connect, `SELECT 1`).
import net from 'node:net';
import type * as mysql from 'mysql2/promise';
import type * as pg from 'pg';
import type { ResolvedCredential } from '../credentials/resolved.js';
import { SqlProperties, SqlServerTypes } from '../credentials/templates.js';
import type { EgressPolicy } from '../net/egress.js';
import {
  abortable,
  ConnectorError,
  errorMessage,
  flagValue,
  invalidCredential,
  isCertificateError,
  isNetworkError,
  optionValue,
  peerName,
  portValue,
  redact,
  requireTemplate,
  resolveDestination,
  secretValue,
  textValue,
  type Destination,
} from './connection.js';
import { loadOnce } from './load-once.js';
import type { CredentialProbe } from './probe.js';

export type SqlDialect = 'postgres' | 'mysql';

export interface SqlSettings {
  dialect: SqlDialect;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** Use TLS ("Encrypt"). */
  encrypt: boolean;
  /** Accept any server certificate ("Trust server certificate"). */
  trustServerCertificate: boolean;
}

const DEFAULT_PORTS: Record<SqlDialect, number> = { postgres: 5432, mysql: 3306 };

/** Reads a SQL credential; MSSQL, another template or a bad value is refused. */
export function sqlSettings(credential: ResolvedCredential): SqlSettings {
  requireTemplate(credential, 'sql', 'a SQL credential');
  const type = optionValue(credential, SqlProperties.ServerType);
  let dialect: SqlDialect;
  if (type === SqlServerTypes.PostgreSql) dialect = 'postgres';
  else if (type === SqlServerTypes.MySql) dialect = 'mysql';
  else if (type === SqlServerTypes.MsSql)
    throw invalidCredential(
      credential,
      'Microsoft SQL Server is not supported by this server; MySQL, MariaDB and PostgreSQL are',
    );
  else throw invalidCredential(credential, 'its server type is not one of the template options');
  const host = textValue(credential, SqlProperties.ServerName);
  if (host === '') throw invalidCredential(credential, 'it names no server');
  return {
    dialect,
    host,
    port: portValue(credential, SqlProperties.Port, DEFAULT_PORTS[dialect]),
    database: textValue(credential, SqlProperties.Database),
    user: textValue(credential, SqlProperties.UserName),
    password: secretValue(credential, SqlProperties.Password),
    encrypt: flagValue(credential, SqlProperties.Encrypt),
    trustServerCertificate: flagValue(credential, SqlProperties.TrustServerCertificate),
  };
}

// --- parameters -----------------------------------------------------------------------------

/** A value bound to `@name` in the statement (the name is matched in any case, `@` optional). */
export interface SqlParameter {
  name: string;
  value: unknown;
}

/** What a bound value becomes before a driver sees it. */
export type DriverValue = string | number | boolean | null;

export interface BoundStatement {
  /** The statement with each bound `@name` replaced by the driver's placeholder. */
  text: string;
  values: DriverValue[];
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$]/;

/**
 * Replaces every `@name` that names a parameter with the driver's placeholder (`$n` for
 * PostgreSQL, the same n for every use of a name; `?` for MySQL, one value per use). Names inside
 * string literals, quoted identifiers and comments are left alone, as are `@@variables` and
 * `@names` no parameter binds (MySQL user variables). Values never become SQL text.
 */
export function bindParameters(
  sql: string,
  parameters: readonly SqlParameter[],
  dialect: SqlDialect,
): BoundStatement {
  const byName = new Map<string, DriverValue>();
  for (const { name, value } of parameters)
    byName.set(name.trim().replace(/^@/, '').toLowerCase(), driverValue(value));
  if (byName.size === 0) return { text: sql, values: [] };
  const mysqlDialect = dialect === 'mysql';
  const out: string[] = [];
  const values: DriverValue[] = [];
  const numbers = new Map<string, number>();
  let i = 0;
  while (i < sql.length) {
    const end = skipLiteral(sql, i, mysqlDialect);
    if (end > i) {
      out.push(sql.slice(i, end));
      i = end;
      continue;
    }
    const char = sql[i]!;
    if (char !== '@') {
      out.push(char);
      i++;
      continue;
    }
    const before = i > 0 ? sql[i - 1]! : '';
    let nameEnd = i + 1;
    if (sql[nameEnd] === '@' || IDENTIFIER_PART.test(before) || before === '@') {
      // `@@system_variable`, or an `@` inside a word: copy up to the end of the name.
      while (sql[nameEnd] === '@') nameEnd++;
      while (nameEnd < sql.length && IDENTIFIER_PART.test(sql[nameEnd]!)) nameEnd++;
      out.push(sql.slice(i, nameEnd));
      i = nameEnd;
      continue;
    }
    if (!IDENTIFIER_START.test(sql[nameEnd] ?? '')) {
      out.push(char);
      i++;
      continue;
    }
    while (nameEnd < sql.length && /[A-Za-z0-9_]/.test(sql[nameEnd]!)) nameEnd++;
    const name = sql.slice(i + 1, nameEnd).toLowerCase();
    if (!byName.has(name)) {
      out.push(sql.slice(i, nameEnd));
    } else if (mysqlDialect) {
      out.push('?');
      values.push(byName.get(name)!);
    } else {
      let number = numbers.get(name);
      if (number === undefined) {
        values.push(byName.get(name)!);
        number = values.length;
        numbers.set(name, number);
      }
      out.push(`$${number}`);
    }
    i = nameEnd;
  }
  return { text: out.join(''), values };
}

/** Where the string literal, quoted identifier or comment starting at `i` ends; `i` if none does. */
function skipLiteral(sql: string, i: number, mysqlDialect: boolean): number {
  const char = sql[i]!;
  const next = sql[i + 1] ?? '';
  const before = i > 0 ? sql[i - 1]! : '';
  if (char === "'" || char === '"' || (mysqlDialect && char === '`')) {
    // MySQL reads backslash escapes in strings; PostgreSQL only in E'…' strings.
    const backslash =
      char !== '`' &&
      (mysqlDialect ||
        (char === "'" && /[eE]/.test(before) && !IDENTIFIER_PART.test(sql[i - 2] ?? '')));
    let j = i + 1;
    while (j < sql.length) {
      if (backslash && sql[j] === '\\') j += 2;
      else if (sql[j] === char && sql[j + 1] === char) j += 2;
      else if (sql[j] === char) return j + 1;
      else j++;
    }
    return sql.length;
  }
  if (char === '-' && next === '-' && (!mysqlDialect || /\s|^$/.test(sql[i + 2] ?? ''))) {
    const newline = sql.indexOf('\n', i);
    return newline === -1 ? sql.length : newline;
  }
  if (mysqlDialect && char === '#') {
    const newline = sql.indexOf('\n', i);
    return newline === -1 ? sql.length : newline;
  }
  if (char === '/' && next === '*') {
    // PostgreSQL block comments nest; MySQL's end at the first `*/`.
    let depth = 1;
    let j = i + 2;
    while (j < sql.length && depth > 0) {
      if (!mysqlDialect && sql[j] === '/' && sql[j + 1] === '*') {
        depth++;
        j += 2;
      } else if (sql[j] === '*' && sql[j + 1] === '/') {
        depth--;
        j += 2;
      } else j++;
    }
    return j;
  }
  if (!mysqlDialect && char === '$' && !IDENTIFIER_PART.test(before)) {
    const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
    if (tag) {
      const close = sql.indexOf(tag[0], i + tag[0].length);
      return close === -1 ? sql.length : close + tag[0].length;
    }
  }
  return i;
}

/** A flow value as the drivers take it: objects and lists as JSON text. */
function driverValue(value: unknown): DriverValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

// --- values ---------------------------------------------------------------------------------

/**
 * A database number as JSON can carry it: a number when no digit is lost (integers within
 * ±(2^53−1), decimals of at most 15 significant digits), else its exact text.
 */
export function numericValue(text: string): number | string {
  const trimmed = text.trim();
  if (!/^-?\d+(?:\.\d+)?$/.test(trimmed)) return trimmed;
  const number = Number(trimmed);
  if (!trimmed.includes('.')) return Number.isSafeInteger(number) ? number : trimmed;
  const digits = trimmed
    .replace('-', '')
    .replace(/\.?0+$/, '')
    .replace('.', '')
    .replace(/^0+/, '');
  return digits.length <= 15 ? number : trimmed;
}

/** "2024-01-02 03:04:05.678" (a time stamp without zone, read as UTC) as ISO 8601 text. */
function utcTimestamp(text: string | null): string | null {
  if (text === null) return null;
  const parsed = new Date(`${text.trim().replace(' ', 'T')}Z`);
  return Number.isNaN(parsed.getTime()) ? text : parsed.toISOString();
}

/** A value as a flow variable holds it: JSON types only. */
export function plainValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'bigint')
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array)
    return Buffer.from(value).toString('base64');
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(plainValue);
  if (typeof value === 'object') {
    const plain: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) plain[key] = plainValue(child);
    return plain;
  }
  return value;
}

function plainRow(row: object): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) plain[key] = plainValue(value);
  return plain;
}

// Each driver loads with the first statement or probe of its kind.
const loadPg = loadOnce(() => import('pg').then((module) => module.default));
const loadMysql = loadOnce(() => import('mysql2/promise').then((module) => module.default));

const PG_OIDS = { Int8: 20, Numeric: 1700, Date: 1082, Timestamp: 1114, Interval: 1186 };

/** Numbers that may not fit a double, dates and intervals as text; the rest as pg reads them. */
function postgresTypes(driver: Awaited<ReturnType<typeof loadPg>>): pg.CustomTypesConfig {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === PG_OIDS.Int8 || oid === PG_OIDS.Numeric) return numericValue;
      if (oid === PG_OIDS.Timestamp) return utcTimestamp;
      if (oid === PG_OIDS.Date || oid === PG_OIDS.Interval) return (text: string) => text;
      return driver.types.getTypeParser(oid, format ?? 'text');
    },
  } as pg.CustomTypesConfig;
}

/** The same rules for MySQL and MariaDB, over the text and the binary protocol alike. */
const mysqlTypeCast: mysql.TypeCast = (field, next) => {
  switch (field.type) {
    case 'LONGLONG':
    case 'NEWDECIMAL':
    case 'DECIMAL': {
      const value: unknown = next();
      return typeof value === 'string' ? numericValue(value) : value;
    }
    case 'DATETIME':
    case 'DATETIME2':
    case 'TIMESTAMP':
    case 'TIMESTAMP2':
      return utcTimestamp(field.string());
    case 'DATE':
    case 'NEWDATE':
      return field.string();
    default:
      return next();
  }
};

// --- running --------------------------------------------------------------------------------

export interface SqlStatement {
  sql: string;
  parameters: readonly SqlParameter[];
  timeoutMs: number;
  signal: AbortSignal;
}

export interface SqlResult {
  /** The rows of the (last) statement that returns rows; [] for one that does not. */
  rows: Record<string, unknown>[];
  /** Rows inserted, updated or deleted. */
  affectedRows: number;
}

interface SqlSession {
  query(text: string, values: DriverValue[]): Promise<SqlResult>;
  /** Ends the session; `graceful` says goodbye to the server, otherwise the socket is cut. */
  close(graceful: boolean): void;
}

const CONNECT_TIMEOUT_MS = 30_000;
/** Past the statement's own limit, the client stops waiting for the server to report it. */
const CLIENT_GRACE_MS = 2_000;

/**
 * Runs one statement on the credential's server with its parameters bound, within `timeoutMs`
 * (enforced by the server where it can, and by the client). Throws {@link ConnectorError}.
 */
export async function runSql(
  credential: ResolvedCredential,
  egress: EgressPolicy,
  statement: SqlStatement,
): Promise<SqlResult> {
  const settings = sqlSettings(credential);
  const deadline = AbortSignal.timeout(statement.timeoutMs + CLIENT_GRACE_MS);
  const signal = AbortSignal.any([statement.signal, deadline]);
  let phase: Phase = 'connect';
  let session: SqlSession | null = null;
  try {
    const destination = await resolveDestination(settings.host, settings.port, egress);
    const opening = open(settings, destination, statement.timeoutMs);
    // A connection that opens after the caller gave up is closed as soon as it exists.
    opening.then(
      (opened) => signal.aborted && opened.close(false),
      () => undefined,
    );
    session = await abortable(opening, signal);
    phase = 'query';
    const bound = bindParameters(statement.sql, statement.parameters, settings.dialect);
    return await abortable(session.query(bound.text, bound.values), signal);
  } catch (error) {
    if (statement.signal.aborted)
      throw new ConnectorError('aborted', 'The statement was interrupted.', false);
    if (deadline.aborted) throw timedOut(statement.timeoutMs);
    throw sqlFailure(error, settings, phase);
  } finally {
    session?.close(!signal.aborted);
  }
}

function timedOut(timeoutMs: number): ConnectorError {
  return new ConnectorError(
    'timeout',
    `The statement did not finish within its time limit of ${timeoutMs / 1000} s.`,
    true,
  );
}

function open(
  settings: SqlSettings,
  destination: Destination,
  timeoutMs: number,
): Promise<SqlSession> {
  return settings.dialect === 'postgres'
    ? openPostgres(settings, destination, timeoutMs)
    : openMysql(settings, destination, timeoutMs);
}

async function openPostgres(
  settings: SqlSettings,
  destination: Destination,
  timeoutMs: number,
): Promise<SqlSession> {
  const driver = await loadPg();
  const client = new driver.Client({
    host: destination.address,
    port: destination.port,
    database: settings.database || undefined,
    user: settings.user,
    password: settings.password,
    ssl: settings.encrypt
      ? {
          rejectUnauthorized: !settings.trustServerCertificate,
          servername: destination.servername,
        }
      : false,
    connectionTimeoutMillis: Math.min(timeoutMs, CONNECT_TIMEOUT_MS),
    statement_timeout: timeoutMs,
    application_name: 'sluice',
    types: postgresTypes(driver),
  });
  // A connection the server drops after the work is done is not a failure of that work.
  client.on('error', () => undefined);
  const close = () => void client.end().catch(() => undefined);
  try {
    await client.connect();
  } catch (error) {
    close();
    throw error;
  }
  return {
    async query(text, values) {
      const answer = (await client.query({ text, values })) as pg.QueryResult | pg.QueryResult[];
      const results = Array.isArray(answer) ? answer : [answer];
      const withRows = results.filter((r) => r.fields.length > 0);
      const last = withRows[withRows.length - 1];
      return {
        rows: last ? last.rows.map(plainRow) : [],
        affectedRows: results
          .filter((r) => CHANGING_COMMANDS.has(r.command))
          .reduce((sum, r) => sum + (r.rowCount ?? 0), 0),
      };
    },
    close,
  };
}

const CHANGING_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

async function openMysql(
  settings: SqlSettings,
  destination: Destination,
  timeoutMs: number,
): Promise<SqlSession> {
  const driver = await loadMysql();
  const connection = await driver.createConnection({
    // The host name stays for TLS; the socket goes to the address the egress policy checked.
    host: destination.host,
    port: destination.port,
    stream: () => net.connect({ host: destination.address, port: destination.port }),
    user: settings.user,
    password: settings.password,
    database: settings.database || undefined,
    ...(settings.encrypt
      ? {
          ssl: {
            rejectUnauthorized: !settings.trustServerCertificate,
            verifyIdentity: !settings.trustServerCertificate,
          },
        }
      : {}),
    connectTimeout: Math.min(timeoutMs, CONNECT_TIMEOUT_MS),
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
    multipleStatements: false,
    typeCast: mysqlTypeCast,
  });
  connection.on('error', () => undefined);
  const close = (graceful: boolean) =>
    graceful ? void connection.end().catch(() => connection.destroy()) : connection.destroy();
  try {
    // Time stamps are exchanged in UTC, like every date Sluice handles.
    await connection.query("SET time_zone = '+00:00'");
    await limitStatementTime(connection, timeoutMs);
  } catch (error) {
    close(false);
    throw error;
  }
  return {
    async query(text, values) {
      // With values, a server-side prepared statement: the server binds them, whatever its SQL
      // mode (client-side escaping would break under NO_BACKSLASH_ESCAPES).
      const [result] =
        values.length > 0 ? await connection.execute(text, values) : await connection.query(text);
      if (Array.isArray(result))
        return { rows: (result as object[]).map(plainRow), affectedRows: 0 };
      return { rows: [], affectedRows: (result as mysql.ResultSetHeader).affectedRows ?? 0 };
    },
    close,
  };
}

/**
 * The server's own limit: MariaDB ends any statement after `max_statement_time`, MySQL a SELECT
 * after `max_execution_time`.
 */
async function limitStatementTime(connection: mysql.Connection, timeoutMs: number): Promise<void> {
  try {
    await connection.query('SET SESSION max_statement_time = ?', [timeoutMs / 1000]);
  } catch (error) {
    if ((error as { errno?: number }).errno !== UNKNOWN_SYSTEM_VARIABLE) throw error;
    await connection.query('SET SESSION max_execution_time = ?', [Math.ceil(timeoutMs)]);
  }
}

const UNKNOWN_SYSTEM_VARIABLE = 1193;

// --- failures -------------------------------------------------------------------------------

type Phase = 'connect' | 'query';

const MYSQL = {
  login: new Set([1044, 1045, 1698, 1251]),
  unknownDatabase: 1049,
  timeout: new Set([1969, 3024]),
  transient: new Set([1205, 1213]),
  connection: new Set([1040, 1042, 1043, 1047, 1053, 1077, 1152, 1153, 1158, 1159, 1160, 1161]),
};

/** Turns what a driver threw into a failure that says what the server said. */
export function sqlFailure(error: unknown, settings: SqlSettings, phase: Phase): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const peer = peerName(settings.host, settings.port);
  const detail = redact(errorMessage(error), [settings.password]);
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  const sqlState = settings.dialect === 'postgres' && typeof code === 'string' ? code : '';
  const mysqlErrno = settings.dialect === 'mysql' && typeof errno === 'number' ? errno : 0;

  if (sqlState.startsWith('28') || MYSQL.login.has(mysqlErrno))
    return new ConnectorError(
      'authentication',
      `The database server ${peer} refused the login of "${settings.user}": ${detail}`,
      false,
    );
  if (sqlState === '3D000' || mysqlErrno === MYSQL.unknownDatabase)
    return new ConnectorError(
      'connection',
      `The database server ${peer} has no database "${settings.database}": ${detail}`,
      false,
    );
  if (isCertificateError(error) || /\bSSL\b|\bTLS\b/.test(detail))
    return new ConnectorError(
      'tls',
      `TLS with the database server ${peer} failed: ${detail}`,
      false,
    );
  if (sqlState === '57014' || MYSQL.timeout.has(mysqlErrno))
    return new ConnectorError(
      'timeout',
      `The statement did not finish within its time limit: ${detail}`,
      true,
    );
  const lostConnection =
    sqlState.startsWith('08') ||
    ['57P01', '57P02', '57P03', '53300'].includes(sqlState) ||
    MYSQL.connection.has(mysqlErrno) ||
    isNetworkError(error) ||
    code === 'PROTOCOL_CONNECTION_LOST' ||
    (phase === 'connect' && sqlState === '' && mysqlErrno === 0) ||
    (phase === 'query' && sqlState === '' && mysqlErrno === 0 && /connection/i.test(detail));
  if (lostConnection)
    return new ConnectorError(
      'connection',
      `The database server ${peer} could not be reached: ${detail}`,
      true,
    );
  const transient = ['40001', '40P01'].includes(sqlState) || MYSQL.transient.has(mysqlErrno);
  return new ConnectorError('sql', `The database refused the statement: ${detail}`, transient);
}

/** The SQL probe (API.md §7.4): connect, log in and run `SELECT 1`. */
export const probeSql: CredentialProbe = async (credential, context) => {
  let settings: SqlSettings;
  try {
    settings = sqlSettings(credential);
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
  const peer = peerName(settings.host, settings.port);
  try {
    await runSql(credential, context.egress, {
      sql: 'SELECT 1',
      parameters: [],
      timeoutMs: 8_000,
      signal: context.signal,
    });
    const database = settings.database === '' ? '' : ` database "${settings.database}"`;
    return {
      ok: true,
      message: `The ${settings.dialect === 'postgres' ? 'PostgreSQL' : 'MySQL'} server ${peer}${database} answered SELECT 1 as "${settings.user}".`,
    };
  } catch (error) {
    if (context.signal.aborted)
      return { ok: false, message: `The database server ${peer} did not answer in time.` };
    return { ok: false, message: errorMessage(error) };
  }
};
