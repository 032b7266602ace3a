import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedCredential } from '../../credentials/resolved.js';
import {
  builtinTemplate,
  SqlProperties as P,
  SqlServerTypes,
  TemplateIds,
} from '../../credentials/templates.js';
import { EgressPolicy } from '../../net/egress.js';
import { createScratchDatabase, postgresAvailable } from '../../testing/services.js';
import { failureOf, runAction } from '../testing/run-action.js';
import {
  EXECUTE_COMMAND_IDS,
  EXECUTE_COMMAND_V1_IDS,
  executeCommandAction,
  executeCommandV1Action,
} from './execute-command.action.js';
import {
  EXECUTE_QUERY_IDS,
  EXECUTE_QUERY_V1_IDS,
  EXECUTE_QUERY_V2_IDS,
  executeQueryAction,
  executeQueryV1Action,
  executeQueryV2Action,
} from './execute-query.action.js';
import { readSqlParameters } from './sql-statement.js';

const Q = EXECUTE_QUERY_IDS;
const C = EXECUTE_COMMAND_IDS;
const parametersSetting = executeQueryAction.template.settings.find((s) => s.id === Q.Parameters)!;

describe('the SQL action templates', () => {
  it('are effectful and carry PROCESIO’s template and setting ids', () => {
    const all = [
      [executeQueryAction, EXECUTE_QUERY_IDS],
      [executeQueryV2Action, EXECUTE_QUERY_V2_IDS],
      [executeQueryV1Action, EXECUTE_QUERY_V1_IDS],
      [executeCommandAction, EXECUTE_COMMAND_IDS],
      [executeCommandV1Action, EXECUTE_COMMAND_V1_IDS],
    ] as const;
    for (const [action, ids] of all) {
      expect(action.effectful).toBe(true);
      expect(action.template.id).toBe(ids.Template);
      const { Template: _template, ...settingIds } = ids;
      expect(action.template.settings.map((s) => s.id).sort()).toEqual(
        Object.values(settingIds).sort(),
      );
    }
    const output = (action: typeof executeQueryAction, id: string) =>
      action.template.settings.find((s) => s.id === id)!;
    expect(output(executeQueryAction, Q.Output)).toMatchObject({ type: 'any', isList: true });
    expect(output(executeCommandAction, C.Output)).toMatchObject({ type: 'number', isList: false });
  });
});

describe('readSqlParameters', () => {
  const read = (value: unknown) => readSqlParameters({ [Q.Parameters]: value }, parametersSetting);

  it('reads PROCESIO’s rows: the destination names the parameter, the source holds its value', () => {
    const rows = [
      {
        id: 0,
        source: { value: 42, variable: [] },
        destination: { value: 'customerId', variable: [] },
      },
      {
        id: 1,
        source: { value: 'Ada', variable: [] },
        destination: { value: '@name', variable: [] },
      },
    ];
    expect(read(rows)).toEqual([
      { name: 'customerId', value: 42 },
      { name: 'name', value: 'Ada' },
    ]);
    expect(read(JSON.stringify(rows))).toEqual(read(rows));
  });

  it('reads the designer’s rows and a plain name → value object too', () => {
    expect(read([{ id: 0, destination: 'id', source: 'x' }])).toEqual([{ name: 'id', value: 'x' }]);
    expect(read({ id: 7, when: null })).toEqual([
      { name: 'id', value: 7 },
      { name: 'when', value: null },
    ]);
    expect(read(null)).toEqual([]);
    expect(read('')).toEqual([]);
  });

  it('refuses a row without a usable name and a name bound twice', () => {
    expect(() => read([{ source: { value: 1 }, destination: { value: 'not a name' } }])).toThrow(
      '"Parameters config tab" row 1 names no parameter (a name such as "customerId" for @customerId).',
    );
    expect(() => read({ id: 1, ID: 2 })).toThrow(
      '"Parameters config tab" binds @ID more than once.',
    );
  });
});

describe('Execute Query and Execute Command on PostgreSQL', async () => {
  const available = await postgresAvailable('SQL actions on PostgreSQL');
  let scratch: { url: string; drop: () => Promise<void> };
  let credential: ResolvedCredential;
  const options = () => ({
    credentials: { db: credential },
    egress: EgressPolicy.allowing(['127.0.0.1/32', '::1']),
  });

  beforeAll(async () => {
    if (!available) return;
    scratch = await createScratchDatabase();
    const url = new URL(scratch.url);
    credential = {
      id: 'db',
      name: 'Scratch',
      template: builtinTemplate(TemplateIds.Sql)!,
      values: new Map<string, unknown>([
        [P.ServerType.toLowerCase(), SqlServerTypes.PostgreSql],
        [P.ServerName.toLowerCase(), url.hostname],
        [P.Port.toLowerCase(), url.port || '5432'],
        [P.Database.toLowerCase(), url.pathname.slice(1)],
        [P.UserName.toLowerCase(), decodeURIComponent(url.username)],
        [P.Password.toLowerCase(), decodeURIComponent(url.password)],
      ]),
    };
  });
  afterAll(async () => {
    if (available) await scratch.drop();
  });

  const command = (sql: string, parameters: unknown = []) =>
    runAction(
      executeCommandAction,
      { [C.Credential]: 'db', [C.Statement]: sql, [C.Parameters]: parameters, [C.Timeout]: '60' },
      options(),
    );

  it.runIf(available)('changes rows with bound parameters and answers how many', async () => {
    await command('create table items (id int primary key, label text)');
    const row = (name: string, value: unknown) => ({
      source: { value, variable: [] },
      destination: { value: name, variable: [] },
    });
    expect(
      await command('insert into items values (@id, @label), (@id + 1, @label)', [
        row('id', 1),
        row('label', 'first'),
      ]),
    ).toEqual({ [C.Output]: 2 });
    expect(
      await runAction(
        executeCommandV1Action,
        {
          [EXECUTE_COMMAND_V1_IDS.Credential]: 'db',
          [EXECUTE_COMMAND_V1_IDS.Statement]: "update items set label = 'x'",
          [EXECUTE_COMMAND_V1_IDS.Timeout]: '100',
        },
        options(),
      ),
    ).toEqual({ [EXECUTE_COMMAND_V1_IDS.Output]: 2 });
  });

  it.runIf(available)('answers the rows of every query template as a list of objects', async () => {
    const expected = [
      { id: 1, label: 'x' },
      { id: 2, label: 'x' },
    ];
    const query = 'select id, label from items order by id';
    expect(
      await runAction(
        executeQueryAction,
        { [Q.Credential]: 'db', [Q.Statement]: query, [Q.Timeout]: 60 },
        options(),
      ),
    ).toEqual({ [Q.Output]: expected });
    const v2 = EXECUTE_QUERY_V2_IDS;
    expect(
      await runAction(
        executeQueryV2Action,
        { [v2.Credential]: 'db', [v2.Statement]: query, [v2.Timeout]: 100 },
        options(),
      ),
    ).toEqual({ [v2.Output]: expected });
    const v1 = EXECUTE_QUERY_V1_IDS;
    expect(
      await runAction(
        executeQueryV1Action,
        { [v1.Credential]: 'db', [v1.Statement]: query },
        options(),
      ),
    ).toEqual({ [v1.Output]: expected });
  });

  it.runIf(available)(
    'reads a time limit of 0 as the default, refuses one over 1800 s and an empty statement',
    async () => {
      const inputs = { [Q.Credential]: 'db', [Q.Statement]: 'select 1 as one' };
      expect(await runAction(executeQueryAction, { ...inputs, [Q.Timeout]: 0 }, options())).toEqual(
        { [Q.Output]: [{ one: 1 }] },
      );
      expect(
        await failureOf(executeQueryAction, { ...inputs, [Q.Timeout]: 1801 }, options()),
      ).toMatchObject({
        type: 'validation',
        message: '"Time Out" must be at most 1800 seconds; got 1801.',
      });
      expect(
        await failureOf(
          executeQueryAction,
          { ...inputs, [Q.Statement]: '  ', [Q.Timeout]: 60 },
          options(),
        ),
      ).toMatchObject({ type: 'validation', message: '"Query" must not be empty.' });
    },
  );

  it.runIf(available)(
    'fails with the server’s error and the credential’s problems as ActionErrors',
    async () => {
      const failure = await failureOf(
        executeQueryAction,
        { [Q.Credential]: 'db', [Q.Statement]: 'select nope from items', [Q.Timeout]: 60 },
        options(),
      );
      expect(failure).toEqual({
        type: 'sql',
        message: 'The database refused the statement: column "nope" does not exist',
        retryable: false,
        details: undefined,
      });
      const mssql = { ...credential, values: new Map(credential.values) };
      mssql.values.set(P.ServerType.toLowerCase(), SqlServerTypes.MsSql);
      expect(
        await failureOf(
          executeQueryAction,
          { [Q.Credential]: 'db', [Q.Statement]: 'select 1', [Q.Timeout]: 60 },
          { ...options(), credentials: { db: mssql } },
        ),
      ).toMatchObject({
        type: 'credential.invalid',
        message: expect.stringMatching(/Microsoft SQL Server is not supported/),
      });
    },
  );
});
