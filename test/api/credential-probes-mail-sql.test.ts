// POST /api/Credentials/test (API.md §7.4) for SMTP, SQL and FTP credentials through the real HTTP
// server, against local peers: success answers 200 with what was checked; a refused login, an
// unreachable peer or a refused address answers 400 with the peer's error, never 500.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FtpSrv } from 'ftp-srv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FtpAuthentications,
  FtpProperties as F,
  FtpProtocols,
  SmtpEncryptions,
  SmtpProperties as M,
  SqlProperties as S,
  SqlServerTypes,
  TemplateIds,
} from '../../src/credentials/templates.js';
import { startMailSink, type MailSink } from '../../src/testing/mail-sink.js';
import {
  createScratchMariadb,
  mariadbAvailable,
  postgresAvailable,
  postgresUrl,
} from '../../src/testing/services.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

type Json = Record<string, unknown>;

const SMTP_PASSWORD = 'smtp-password-7';
const FTP_PASSWORD = 'ftp-password-7';
const MASK = '********';

let server: TestServer;
let headers: Record<string, string>;
let sink: MailSink;
let ftpRoot: string;
let ftpServer: FtpSrv;
let ftpPort: number;

const silent = {
  child: () => silent,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
};

beforeAll(async () => {
  server = await startTestServer({ env: { SLUICE_EGRESS_ALLOW: '127.0.0.1/32,::1' } });
  headers = bearer((await login(server.url)).access_token!);
  sink = await startMailSink({ users: { mailer: SMTP_PASSWORD } });
  ftpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-ftp-'));
  fs.writeFileSync(path.join(ftpRoot, 'one.txt'), '1');
  fs.writeFileSync(path.join(ftpRoot, 'two.txt'), '2');
  ftpServer = new FtpSrv({
    url: 'ftp://127.0.0.1:0',
    pasv_url: '127.0.0.1',
    anonymous: false,
    log: silent,
  });
  ftpServer.on('login', ({ username, password }, resolve, reject) => {
    if (username === 'alice' && password === FTP_PASSWORD) resolve({ root: ftpRoot });
    else reject(new Error('Login incorrect'));
  });
  await ftpServer.listen();
  ftpPort = (ftpServer as unknown as { server: { address(): AddressInfo } }).server.address().port;
});
afterAll(async () => {
  await server.close();
  await sink.close();
  await ftpServer.close();
  fs.rmSync(ftpRoot, { recursive: true, force: true });
});

function credential(gtid: string, properties: Record<string, unknown>): Json {
  return {
    gtid,
    name: 'Under test',
    properties: Object.entries(properties).map(([id, value]) => ({ id, value })),
  };
}

const probe = (body: Json, target = { url: '', headers: {} as Record<string, string> }) =>
  call(target.url || server.url, 'POST', '/api/Credentials/test', {
    headers: target.url ? target.headers : headers,
    json: body,
  });

const refusal = (message: string | RegExp) => [
  { statusCode: 502, value: message, target: 'connection' },
];

describe('SMTP', () => {
  const smtp = (values: Record<string, unknown> = {}) =>
    credential(TemplateIds.Smtp, {
      [M.Server]: '127.0.0.1',
      [M.Port]: String(sink.port),
      [M.Encryption]: SmtpEncryptions.Auto,
      [M.UserName]: 'mailer',
      [M.Password]: SMTP_PASSWORD,
      ...values,
    });

  it('succeeds when the server accepts EHLO and the login', async () => {
    const res = await probe(smtp());
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      isSuccess: true,
      message: `The SMTP server 127.0.0.1:${sink.port} answered EHLO, and accepted the login of "mailer".`,
    });
  });

  it('answers 400 with the server’s words for a wrong password', async () => {
    const res = await probe(smtp({ [M.Password]: 'wrong-smtp-password' }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      refusal(
        `The SMTP server 127.0.0.1:${sink.port} refused the login of "mailer": Invalid login: 535 Invalid username or password`,
      ),
    );
  });

  it('tests a stored credential with its stored password and records the outcome', async () => {
    const saved = await call(server.url, 'POST', '/api/Credentials', { headers, json: smtp() });
    expect(saved.status, saved.text).toBe(200);
    const id = (saved.body as { id: string }).id;
    const stored = (await call(server.url, 'GET', `/api/Credentials/${id}`, { headers }))
      .body as Json;
    expect((stored.properties as Json[]).find((p) => p.id === M.Password)!.value).toBe(MASK);
    const res = await probe({ ...stored, gid: id });
    expect(res.status, res.text).toBe(200);
    const after = (await call(server.url, 'GET', `/api/Credentials/${id}`, { headers }))
      .body as Json;
    expect(after.status).toBe(true);
  });

  it('answers 400, not 500, when nothing listens on the port', async () => {
    const gone = await startMailSink();
    await gone.close();
    const res = await probe(smtp({ [M.Port]: String(gone.port) }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      refusal(
        expect.stringMatching(
          /^The SMTP server 127\.0\.0\.1:\d+ could not be reached: .*ECONNREFUSED/,
        ),
      ),
    );
  });
});

describe('SQL', async () => {
  const hasPostgres = await postgresAvailable('SQL credential probe on PostgreSQL');
  const hasMariadb = await mariadbAvailable('SQL credential probe on MariaDB');
  let mariadb: Awaited<ReturnType<typeof createScratchMariadb>>;
  beforeAll(async () => {
    if (hasMariadb) mariadb = await createScratchMariadb();
  });
  afterAll(async () => {
    if (hasMariadb) await mariadb.drop();
  });

  it.runIf(hasPostgres)('succeeds on PostgreSQL with SELECT 1', async () => {
    const url = new URL(postgresUrl()!);
    const res = await probe(
      credential(TemplateIds.Sql, {
        [S.ServerType]: SqlServerTypes.PostgreSql,
        [S.ServerName]: url.hostname,
        [S.Port]: url.port || '5432',
        [S.Database]: url.pathname.slice(1),
        [S.UserName]: decodeURIComponent(url.username),
        [S.Password]: '',
      }),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      isSuccess: true,
      message: `The PostgreSQL server ${url.hostname}:${url.port || 5432} database "${url.pathname.slice(1)}" answered SELECT 1 as "${decodeURIComponent(url.username)}".`,
    });
  });

  const mysqlCredential = (password: string) =>
    credential(TemplateIds.Sql, {
      [S.ServerType]: SqlServerTypes.MySql,
      [S.ServerName]: mariadb.host,
      [S.Port]: String(mariadb.port),
      [S.Database]: mariadb.database,
      [S.UserName]: mariadb.user,
      [S.Password]: password,
    });

  it.runIf(hasMariadb)('succeeds on MariaDB with SELECT 1', async () => {
    const res = await probe(mysqlCredential(mariadb.password));
    expect(res.status, res.text).toBe(200);
    expect((res.body as Json).isSuccess).toBe(true);
  });

  it.runIf(hasMariadb)('answers 400 with the server’s words for a wrong password', async () => {
    const res = await probe(mysqlCredential('wrong-sql-password'));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      refusal(
        expect.stringMatching(
          /refused the login of "root": Access denied for user 'root'@'[^']+' \(using password: YES\)$/,
        ),
      ),
    );
    expect(res.text).not.toContain('wrong-sql-password');
  });

  it('answers 400 for a Microsoft SQL Server credential, which this server cannot test', async () => {
    const res = await probe(
      credential(TemplateIds.Sql, {
        [S.ServerType]: SqlServerTypes.MsSql,
        [S.ServerName]: 'db.example.com',
        [S.Database]: 'app',
        [S.UserName]: 'sa',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      refusal(
        'The credential "Under test" cannot be used: Microsoft SQL Server is not supported by this server; MySQL, MariaDB and PostgreSQL are.',
      ),
    );
  });
});

describe('FTP', () => {
  const ftp = (values: Record<string, unknown> = {}) =>
    credential(TemplateIds.Ftp, {
      [F.Host]: '127.0.0.1',
      [F.Port]: String(ftpPort),
      [F.Protocol]: FtpProtocols.Ftp,
      [F.Authentication]: FtpAuthentications.Basic,
      [F.UserName]: 'alice',
      [F.Password]: FTP_PASSWORD,
      ...values,
    });

  it('succeeds after logging in and listing the directory', async () => {
    const res = await probe(ftp());
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      isSuccess: true,
      message: `Logged in to the FTP server 127.0.0.1:${ftpPort} as "alice" (no TLS (the server does not offer it)) and listed 2 entries in "/".`,
    });
  });

  it('answers 400 with the server’s words for a wrong password', async () => {
    const res = await probe(ftp({ [F.Password]: 'wrong-ftp-password' }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      refusal(
        `The FTP server 127.0.0.1:${ftpPort} refused the login of "alice": 530 Login incorrect`,
      ),
    );
  });
});

describe('without an egress allowance', () => {
  it('answers 400 for a loopback peer, whichever the template', async () => {
    const closed = await startTestServer();
    try {
      const target = { url: closed.url, headers: bearer((await login(closed.url)).access_token!) };
      const res = await probe(
        credential(TemplateIds.Smtp, {
          [M.Server]: '127.0.0.1',
          [M.Port]: String(sink.port),
          [M.Encryption]: SmtpEncryptions.None,
        }),
        target,
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        refusal(
          'Connections to 127.0.0.1 are refused: a loopback address. An operator may allow it with SLUICE_EGRESS_ALLOW.',
        ),
      );
    } finally {
      await closed.close();
    }
  });
});
