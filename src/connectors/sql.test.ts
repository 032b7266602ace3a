import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedCredential } from '../credentials/resolved.js';
import {
  builtinTemplate,
  SqlProperties as P,
  SqlServerTypes,
  TemplateIds,
} from '../credentials/templates.js';
import { EgressPolicy } from '../net/egress.js';
import {
  createScratchDatabase,
  createScratchMariadb,
  mariadbAvailable,
  postgresAvailable,
} from '../testing/services.js';
import type { ConnectorError } from './connection.js';
import type { ProbeContext } from './probe.js';
import {
  bindParameters,
  numericValue,
  probeSql,
  runSql,
  sqlSettings,
  type SqlParameter,
} from './sql.js';

const loopback = EgressPolicy.allowing(['127.0.0.1/32', '::1']);

interface Server {
  type: string;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

function sqlCredential(server: Server, values: Record<string, unknown> = {}): ResolvedCredential {
  const all: Record<string, unknown> = {
    [P.ServerType]: server.type,
    [P.ServerName]: server.host,
    [P.Port]: String(server.port),
    [P.Database]: server.database,
    [P.UserName]: server.user,
    [P.Password]: server.password,
    ...values,
  };
  return {
    id: 'sql-credential',
    name: 'Scratch database',
    template: builtinTemplate(TemplateIds.Sql)!,
    values: new Map(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v])),
  };
}

const probeContext = (egress = loopback): ProbeContext => ({
  signal: AbortSignal.timeout(10_000),
  egress,
  readFile: async () => null,
});

function run(
  credential: ResolvedCredential,
  sql: string,
  parameters: SqlParameter[] = [],
  timeoutMs = 10_000,
) {
  return runSql(credential, loopback, {
    sql,
    parameters,
    timeoutMs,
    signal: new AbortController().signal,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    return error as ConnectorError;
  }
  throw new Error('the statement succeeded where it should have failed');
}

describe('bindParameters', () => {
  const params: SqlParameter[] = [
    { name: 'id', value: 7 },
    { name: '@Name', value: "O'Brien" },
  ];

  it('numbers PostgreSQL parameters once per name, in order of first use', () => {
    expect(
      bindParameters(
        'select * from t where id = @id or name = @name or @ID > 0',
        params,
        'postgres',
      ),
    ).toEqual({
      text: 'select * from t where id = $1 or name = $2 or $1 > 0',
      values: [7, "O'Brien"],
    });
  });

  it('gives MySQL one ? and one value per use', () => {
    expect(bindParameters('select @id, @name, @id', params, 'mysql')).toEqual({
      text: 'select ?, ?, ?',
      values: [7, "O'Brien", 7],
    });
  });

  it('leaves names in literals, quoted identifiers and comments, and unbound names, alone', () => {
    const sql = [
      "select '@id', \"@id\", 'it''s @id', E'\\'@id', $$ @id $$, $tag$@id$tag$",
      '-- @id',
      '/* @id /* nested @id */ @id */ @id, a@id, @@id, @unbound, @ id',
    ].join('\n');
    const bound = bindParameters(sql, params, 'postgres');
    expect(bound.values).toEqual([7]);
    expect(bound.text).toBe(sql.replace('*/ @id,', '*/ $1,'));

    const mysqlSql = "select '\\'@id', `@id`, \"@id\" # @id\n, @id, @@session.id, @unbound";
    expect(bindParameters(mysqlSql, params, 'mysql')).toEqual({
      text: mysqlSql.replace('\n, @id,', '\n, ?,'),
      values: [7],
    });
  });

  it('passes lists and objects as JSON text and absent values as null', () => {
    const bound = bindParameters(
      'select @a, @b, @c',
      [
        { name: 'a', value: [1, 2] },
        { name: 'b', value: { k: 'v' } },
        { name: 'c', value: undefined },
      ],
      'postgres',
    );
    expect(bound.values).toEqual(['[1,2]', '{"k":"v"}', null]);
  });
});

describe('numericValue', () => {
  it('answers a number only when no digit is lost', () => {
    expect(numericValue('42')).toBe(42);
    expect(numericValue('-9007199254740991')).toBe(-9007199254740991);
    expect(numericValue('9007199254740993')).toBe('9007199254740993');
    expect(numericValue('12.50')).toBe(12.5);
    expect(numericValue('0.000123')).toBe(0.000123);
    expect(numericValue('1234567890.123456')).toBe('1234567890.123456');
    expect(numericValue('NaN')).toBe('NaN');
  });
});

describe('sqlSettings', () => {
  const server = {
    type: SqlServerTypes.PostgreSql,
    host: 'db.example.com',
    port: 0,
    database: 'app',
    user: 'u',
    password: 'p',
  };

  it('defaults the port by server type and reads Encrypt and Trust server certificate', () => {
    const settings = sqlSettings(
      sqlCredential(server, {
        [P.Port]: '',
        [P.Encrypt]: 'true',
        [P.TrustServerCertificate]: true,
      }),
    );
    expect(settings).toMatchObject({ dialect: 'postgres', port: 5432, encrypt: true });
    expect(settings.trustServerCertificate).toBe(true);
    const mysql = sqlSettings(
      sqlCredential({ ...server, type: SqlServerTypes.MySql }, { [P.Port]: '' }),
    );
    expect([mysql.dialect, mysql.port, mysql.encrypt]).toEqual(['mysql', 3306, false]);
  });

  it('refuses Microsoft SQL Server with a clear message', () => {
    expect(() => sqlSettings(sqlCredential({ ...server, type: SqlServerTypes.MsSql }))).toThrow(
      /Microsoft SQL Server is not supported by this server/,
    );
  });
});

describe('PostgreSQL', async () => {
  const available = await postgresAvailable('SQL connector on PostgreSQL');
  let scratch: { url: string; drop: () => Promise<void> };
  let server: Server;

  beforeAll(async () => {
    if (!available) return;
    scratch = await createScratchDatabase();
    const url = new URL(scratch.url);
    server = {
      type: SqlServerTypes.PostgreSql,
      host: url.hostname,
      port: Number(url.port || 5432),
      database: url.pathname.slice(1),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    };
  });
  afterAll(async () => {
    if (available) await scratch.drop();
  });

  it.runIf(available)('answers rows as plain JSON objects', async () => {
    const { rows, affectedRows } = await run(
      sqlCredential(server),
      `select 1::int as n, 9007199254740993::bigint as big, 12.50::numeric as price,
              timestamp '2024-02-03 04:05:06.789' as at, timestamptz '2024-02-03 04:05:06+02' as atz,
              date '2024-02-03' as day, true as ok, '{"a":[1]}'::jsonb as doc,
              '\\x00ff'::bytea as bytes, null::text as nothing`,
    );
    expect(affectedRows).toBe(0);
    expect(rows).toEqual([
      {
        n: 1,
        big: '9007199254740993',
        price: 12.5,
        at: '2024-02-03T04:05:06.789Z',
        atz: '2024-02-03T02:05:06.000Z',
        day: '2024-02-03',
        ok: true,
        doc: { a: [1] },
        bytes: 'AP8=',
        nothing: null,
      },
    ]);
  });

  it.runIf(available)('binds parameters so that an injection attempt stays data', async () => {
    const credential = sqlCredential(server);
    await run(credential, 'create table people (id serial primary key, name text not null)');
    const evil = "x'); drop table people; --";
    const inserted = await run(credential, 'insert into people (name) values (@name), (@other)', [
      { name: 'name', value: evil },
      { name: 'other', value: 'Ada' },
    ]);
    expect(inserted.affectedRows).toBe(2);
    const { rows } = await run(credential, 'select name from people where name = @name', [
      { name: 'NAME', value: evil },
    ]);
    expect(rows).toEqual([{ name: evil }]);
    const updated = await run(credential, "update people set name = name || '!'");
    expect(updated).toEqual({ rows: [], affectedRows: 2 });
  });

  it.runIf(available)('reports a SQL error with the server’s words, not retryable', async () => {
    const failure = await failureOf(run(sqlCredential(server), 'select * from no_such_table'));
    expect(failure).toMatchObject({ type: 'sql', retryable: false });
    expect(failure.message).toBe(
      'The database refused the statement: relation "no_such_table" does not exist',
    );
  });

  it.runIf(available)('stops a statement at its time limit', async () => {
    const failure = await failureOf(run(sqlCredential(server), 'select pg_sleep(5)', [], 500));
    expect(failure).toMatchObject({ type: 'timeout', retryable: true });
    expect(failure.message).toMatch(/time limit.*statement timeout/);
  });

  it.runIf(available)('reports a refused login as an authentication failure', async () => {
    const failure = await failureOf(
      run(sqlCredential(server, { [P.UserName]: 'no_such_role_42' }), 'select 1'),
    );
    expect(failure).toMatchObject({ type: 'authentication', retryable: false });
    expect(failure.message).toMatch(/refused the login of "no_such_role_42": .*no_such_role_42/);
  });

  it.runIf(available)('probes with SELECT 1, through the egress policy', async () => {
    expect(await probeSql(sqlCredential(server), probeContext())).toEqual({
      ok: true,
      message: `The PostgreSQL server ${server.host}:${server.port} database "${server.database}" answered SELECT 1 as "${server.user}".`,
    });
    const refused = await probeSql(sqlCredential(server), probeContext(EgressPolicy.allowing([])));
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/are refused: a loopback address.*SLUICE_EGRESS_ALLOW/);
  });
});

describe('MariaDB', async () => {
  const available = await mariadbAvailable('SQL connector on MariaDB');
  let scratch: Awaited<ReturnType<typeof createScratchMariadb>>;
  let server: Server;

  beforeAll(async () => {
    if (!available) return;
    scratch = await createScratchMariadb();
    server = { type: SqlServerTypes.MySql, ...scratch };
  });
  afterAll(async () => {
    if (available) await scratch.drop();
  });

  it.runIf(available)('answers rows as plain JSON objects', async () => {
    const credential = sqlCredential(server);
    await run(
      credential,
      `create table things (id bigint, price decimal(12,2), big decimal(30,0), at datetime(3),
        stamp timestamp null, day date, flag tinyint(1), label varchar(20), data blob)`,
    );
    await run(
      credential,
      `insert into things values (9007199254740993, 12.50, 123456789012345678901234567890,
        '2024-02-03 04:05:06.789', '2024-02-03 04:05:06', '2024-02-03', 1, 'x', x'00ff')`,
    );
    const { rows } = await run(credential, 'select * from things');
    expect(rows).toEqual([
      {
        id: '9007199254740993',
        price: 12.5,
        big: '123456789012345678901234567890',
        at: '2024-02-03T04:05:06.789Z',
        stamp: '2024-02-03T04:05:06.000Z',
        day: '2024-02-03',
        flag: 1,
        label: 'x',
        data: 'AP8=',
      },
    ]);
  });

  it.runIf(available)('binds parameters so that an injection attempt stays data', async () => {
    const credential = sqlCredential(server);
    await run(credential, 'create table people (id int auto_increment primary key, name text)');
    const evil = "x'); drop table people; -- \\";
    const inserted = await run(credential, 'insert into people (name) values (@name), (@name)', [
      { name: 'name', value: evil },
    ]);
    expect(inserted.affectedRows).toBe(2);
    const { rows } = await run(credential, 'select id, name from people where name = @name', [
      { name: 'name', value: evil },
    ]);
    expect(rows).toEqual([
      { id: 1, name: evil },
      { id: 2, name: evil },
    ]);
  });

  it.runIf(available)('reports a SQL error with the server’s words, not retryable', async () => {
    const failure = await failureOf(run(sqlCredential(server), 'select * from no_such_table'));
    expect(failure).toMatchObject({ type: 'sql', retryable: false });
    expect(failure.message).toMatch(
      /^The database refused the statement: Table '.*no_such_table' doesn't exist$/,
    );
  });

  it.runIf(available)('stops a statement at its time limit', async () => {
    const started = Date.now();
    const failure = await failureOf(run(sqlCredential(server), 'select sleep(5)', [], 500));
    expect(failure).toMatchObject({ type: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it.runIf(available)(
    'reports a wrong password as an authentication failure, password unsaid',
    async () => {
      const credential = sqlCredential(server, { [P.Password]: 'wrong-password-77' });
      const failure = await failureOf(run(credential, 'select 1'));
      expect(failure).toMatchObject({ type: 'authentication', retryable: false });
      expect(failure.message).toMatch(/refused the login of "root": Access denied for user 'root'/);
      expect(failure.message).not.toContain('wrong-password-77');
      const probed = await probeSql(credential, probeContext());
      expect(probed).toEqual({ ok: false, message: failure.message });
    },
  );

  it.runIf(available)('probes with SELECT 1', async () => {
    expect(await probeSql(sqlCredential(server), probeContext())).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^The MySQL server .* answered SELECT 1 as "root"\.$/),
    });
  });
});
