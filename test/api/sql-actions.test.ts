// Execute Query and Execute Command inside processes through the HTTP API, on PostgreSQL (a scratch
// database) and MariaDB (a scratch `sluice_test_<random>` database): SQL credentials made with
// POST /api/Credentials, `@name` parameters bound from input variables through the "Parameters
// config tab" (an injection attempt stays data), rows as a list, affected-row counts, and failures
// (a SQL error, a refused login, an address the egress policy refuses) on the error port.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXECUTE_COMMAND_IDS as C,
  EXECUTE_COMMAND_V1_IDS as C1,
} from '../../src/actions/database/execute-command.action.js';
import {
  EXECUTE_QUERY_IDS as Q,
  EXECUTE_QUERY_V2_IDS as Q2,
} from '../../src/actions/database/execute-query.action.js';
import {
  SqlProperties as P,
  SqlServerTypes,
  TemplateIds,
} from '../../src/credentials/templates.js';
import { runActionProcess, type ApiTarget } from '../../src/testing/action-process.js';
import { FlowBuilder, lit, ref, type Operand } from '../../src/testing/flow-builder.js';
import {
  createScratchDatabase,
  createScratchMariadb,
  mariadbAvailable,
  postgresAvailable,
} from '../../src/testing/services.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

interface Database {
  type: string;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

interface SqlRun {
  status: number;
  output: unknown;
  error: { message: string; code?: string } | null;
}

const EVIL = "Robert'); DROP TABLE people; --";

let server: TestServer;
let api: ApiTarget;

beforeAll(async () => {
  server = await startTestServer({ env: { SLUICE_EGRESS_ALLOW: '127.0.0.1/32,::1' } });
  api = { url: server.url, headers: bearer((await login(server.url)).access_token!) };
});
afterAll(async () => server.close());

async function sqlCredential(target: ApiTarget, db: Database, values: Record<string, string> = {}) {
  const properties = {
    [P.ServerType]: db.type,
    [P.ServerName]: db.host,
    [P.Port]: String(db.port),
    [P.Database]: db.database,
    [P.UserName]: db.user,
    [P.Password]: db.password,
    ...values,
  };
  const res = await call(target.url, 'POST', '/api/Credentials', {
    headers: target.headers,
    json: {
      gtid: TemplateIds.Sql,
      name: `SQL ${randomBytes(3).toString('hex')}`,
      properties: Object.entries(properties).map(([id, value]) => ({ id, value })),
    },
  });
  expect(res.status, res.text).toBe(200);
  return (res.body as { id: string }).id;
}

/**
 * Runs one SQL action in a process whose `@name` parameters are bound to input variables, in
 * PROCESIO's row form `{source: {value: "<%N%>", variable: [entry N]}, destination: {value}}`.
 */
async function runSql(
  ids: {
    Template: string;
    Credential: string;
    Statement: string;
    Parameters?: string;
    Timeout?: string;
    Output: string;
  },
  credential: string,
  sql: string,
  options: {
    parameters?: Record<string, { type: 'String' | 'Integer'; value: unknown }>;
    output: 'rows' | 'count';
    target?: ApiTarget;
    /**
     * PROCESIO's export form: every row says `<%0%>` and keeps its variable entry only inside
     * its own `source.variable`, none at the parameter level.
     */
    exportedRows?: boolean;
  },
): Promise<SqlRun> {
  const target = options.target ?? api;
  const flow = new FlowBuilder(`SQL ${ids.Template}`);
  const params: Record<string, Operand> = {};
  const payload: Record<string, unknown> = {};
  const rows: unknown[] = [];
  const vars: string[] = [];
  for (const [name, input] of Object.entries(options.parameters ?? {})) {
    const variable = flow.variable(`p_${name}`, input.type, { orientation: 10 });
    payload[`p_${name}`] = input.value;
    const index = options.exportedRows ? 0 : vars.length;
    rows.push({
      id: rows.length,
      source: {
        value: `<%${index}%>`,
        variable: [{ id: index, variableId: variable, attribute: null }],
      },
      destination: { value: name, variable: [] },
    });
    vars.push(variable);
  }
  // The rows come first so that their placeholders keep the numbers the rows give them.
  if (ids.Parameters)
    params[ids.Parameters] = { value: rows, vars: options.exportedRows ? [] : vars };
  params[ids.Credential] = lit(credential);
  params[ids.Statement] = lit(sql);
  if (ids.Timeout) params[ids.Timeout] = lit('60');
  const output =
    options.output === 'rows'
      ? flow.variable('result', 'Object', { orientation: 30, list: true })
      : flow.variable('result', ids === C1 ? 'Object' : 'Integer', { orientation: 30 });
  params[ids.Output] = ref(output);
  const failure = flow.variable('actionError', 'Error', { orientation: 30 });
  const action = flow.node(ids.Template, 'SQL', params, { errorVariable: failure });
  flow
    .chain(flow.start(), action)
    .edge(action, flow.stop())
    .edge(action, flow.stop(), { error: true });
  const saved = await call(target.url, 'POST', '/api/Projects', {
    headers: target.headers,
    json: flow.build(),
  });
  expect(saved.status, saved.text).toBe(200);
  const run = await call(
    target.url,
    'POST',
    `/api/Projects/${flow.id}/run?runSynchronous=true&secondsTimeOut=30`,
    { headers: target.headers, json: { payload } },
  );
  expect(run.status, run.text).toBe(200);
  const body = run.body as { status: number; variable: Record<string, unknown> };
  return {
    status: body.status,
    output: body.variable.result,
    error: (body.variable.actionError as SqlRun['error']) ?? null,
  };
}

/** The same scenario on each server: what differs is only how the server words its errors. */
function sqlScenarios(
  label: string,
  available: () => boolean,
  database: () => Database,
  words: { missingTable: RegExp; badLogin: { values: Record<string, string>; message: RegExp } },
) {
  let credential: string;
  beforeAll(async () => {
    if (available()) credential = await sqlCredential(api, database());
  });

  it.runIf(available())(`${label}: creates a table and inserts with bound parameters`, async () => {
    const created = await runSql(
      C,
      credential,
      'create table people (id integer primary key, name varchar(200) not null, age integer)',
      { output: 'count' },
    );
    expect(created).toEqual({ status: 50, output: 0, error: null });
    const inserted = await runSql(
      C,
      credential,
      'insert into people (id, name, age) values (1, @name, @age), (2, @other, @age)',
      {
        output: 'count',
        parameters: {
          name: { type: 'String', value: EVIL },
          other: { type: 'String', value: 'Ada' },
          age: { type: 'Integer', value: 36 },
        },
      },
    );
    expect(inserted).toEqual({ status: 50, output: 2, error: null });
  });

  it.runIf(available())(`${label}: an injection attempt in a parameter stays data`, async () => {
    const found = await runSql(
      Q,
      credential,
      'select id, name, age from people where name = @name',
      {
        output: 'rows',
        parameters: { name: { type: 'String', value: EVIL } },
      },
    );
    expect(found).toEqual({ status: 50, output: [{ id: 1, name: EVIL, age: 36 }], error: null });
    const all = await runSql(Q, credential, 'select id, name from people order by id', {
      output: 'rows',
    });
    expect(all.output).toEqual([
      { id: 1, name: EVIL },
      { id: 2, name: 'Ada' },
    ]);
  });

  it.runIf(available())(
    `${label}: binds rows whose variable entries sit only inside each row, as PROCESIO exports them`,
    async () => {
      const found = await runSql(
        Q,
        credential,
        'select id, name from people where name = @name and age = @age',
        {
          output: 'rows',
          exportedRows: true,
          parameters: {
            name: { type: 'String', value: 'Ada' },
            age: { type: 'Integer', value: 36 },
          },
        },
      );
      expect(found).toEqual({ status: 50, output: [{ id: 2, name: 'Ada' }], error: null });
    },
  );

  it.runIf(available())(`${label}: counts the rows a command changes, V1 included`, async () => {
    const updated = await runSql(C, credential, 'update people set age = age + @years', {
      output: 'count',
      parameters: { years: { type: 'Integer', value: 1 } },
    });
    expect(updated).toEqual({ status: 50, output: 2, error: null });
    const deleted = await runSql(C1, credential, "delete from people where name = 'Ada'", {
      output: 'count',
    });
    expect(deleted).toEqual({ status: 50, output: 1, error: null });
    const rows = await runSql(Q2, credential, 'select age from people', { output: 'rows' });
    expect(rows.output).toEqual([{ age: 37 }]);
  });

  it.runIf(available())(`${label}: a SQL error lands on the error port`, async () => {
    const failed = await runSql(Q, credential, 'select * from no_such_table', { output: 'rows' });
    expect(failed.status).toBe(50);
    expect(failed.error?.code).toBe('sql');
    expect(failed.error?.message).toMatch(words.missingTable);
  });

  it.runIf(available())(`${label}: a refused login lands on the error port`, async () => {
    const refused = await sqlCredential(api, database(), words.badLogin.values);
    const failed = await runSql(Q, refused, 'select 1 as one', { output: 'rows' });
    expect(failed.status).toBe(50);
    expect(failed.error?.code).toBe('authentication');
    expect(failed.error?.message).toMatch(words.badLogin.message);
    expect(failed.error?.message).not.toContain('wrong-password-5');
  });
}

describe('on PostgreSQL', async () => {
  const available = await postgresAvailable('SQL actions on PostgreSQL (API)');
  let scratch: { url: string; drop: () => Promise<void> };
  let db: Database;
  beforeAll(async () => {
    if (!available) return;
    scratch = await createScratchDatabase();
    const url = new URL(scratch.url);
    db = {
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

  sqlScenarios(
    'PostgreSQL',
    () => available,
    () => db,
    {
      missingTable: /^The database refused the statement: relation "no_such_table" does not exist$/,
      // The test server trusts local logins, so an unknown role is what it refuses.
      badLogin: {
        values: { [P.UserName]: 'no_such_role', [P.Password]: 'wrong-password-5' },
        message: /refused the login of "no_such_role": role "no_such_role" does not exist/,
      },
    },
  );
});

describe('on MariaDB', async () => {
  const available = await mariadbAvailable('SQL actions on MariaDB (API)');
  let scratch: Awaited<ReturnType<typeof createScratchMariadb>>;
  let db: Database;
  beforeAll(async () => {
    if (!available) return;
    scratch = await createScratchMariadb();
    db = { type: SqlServerTypes.MySql, ...scratch };
  });
  afterAll(async () => {
    if (available) await scratch.drop();
  });

  sqlScenarios(
    'MariaDB',
    () => available,
    () => db,
    {
      missingTable: /^The database refused the statement: Table '.*\.no_such_table' doesn't exist$/,
      badLogin: {
        values: { [P.Password]: 'wrong-password-5' },
        message:
          /refused the login of "root": Access denied for user 'root'@'.*' \(using password: YES\)/,
      },
    },
  );
});

describe('without an egress allowance', () => {
  it('refuses a credential that points at 127.0.0.1, saying how to allow it', async () => {
    const closed = await startTestServer();
    try {
      const target = { url: closed.url, headers: bearer((await login(closed.url)).access_token!) };
      const credential = await sqlCredential(target, {
        type: SqlServerTypes.PostgreSql,
        host: '127.0.0.1',
        port: 5432,
        database: 'test',
        user: 'postgres',
        password: '',
      });
      const result = await runActionProcess(target, {
        templateId: Q.Template,
        settings: {
          [Q.Credential]: credential,
          [Q.Statement]: 'select 1',
          [Q.Timeout]: '60',
        },
        outputs: { rows: { setting: Q.Output, type: 'Object', list: true } },
      });
      expect(result.status).toBe(50);
      expect(result.error).toMatchObject({
        code: 'egress.refused',
        message:
          'Connections to 127.0.0.1 are refused: a loopback address. An operator may allow it with SLUICE_EGRESS_ALLOW.',
      });
    } finally {
      await closed.close();
    }
  });
});
