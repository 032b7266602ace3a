import { createHash, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FtpSrv } from 'ftp-srv';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedCredential } from '../credentials/resolved.js';
import {
  builtinTemplate,
  FtpAuthentications,
  FtpProperties as P,
  FtpProtocols,
  TemplateIds,
} from '../credentials/templates.js';
import { EgressPolicy } from '../net/egress.js';
import { ftpSettings, probeFtp } from './ftp.js';
import type { ProbeContext } from './probe.js';

const PASSWORD = 'ftp-password-1';
const KEY_PASSPHRASE = 'key-passphrase-1';
const KEY_PATH = 'credentials/c1/f1/id_ed25519';
const loopback = EgressPolicy.allowing(['127.0.0.1/32']);

function ftpCredential(values: Record<string, unknown>): ResolvedCredential {
  const all: Record<string, unknown> = {
    [P.Host]: '127.0.0.1',
    [P.Protocol]: FtpProtocols.Ftp,
    [P.Authentication]: FtpAuthentications.Basic,
    [P.UserName]: 'alice',
    [P.Password]: PASSWORD,
    ...values,
  };
  return {
    id: 'ftp-credential',
    name: 'Files',
    template: builtinTemplate(TemplateIds.Ftp)!,
    values: new Map(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v])),
  };
}

let clientKey: ReturnType<typeof ssh2.utils.generateKeyPairSync>;

function probeContext(egress = loopback): ProbeContext {
  return {
    signal: AbortSignal.timeout(10_000),
    egress,
    readFile: async (file) => (file === KEY_PATH ? Buffer.from(clientKey.private) : null),
  };
}

/** ftp-srv logs through bunyan unless given a logger; this one says nothing. */
const silent = {
  child: () => silent,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
};

let root: string;
let ftpServer: FtpSrv;
let ftpPort: number;
let sshServer: ssh2.Server;
let sshPort: number;
let hostKeyFingerprint: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-ftp-'));
  fs.mkdirSync(path.join(root, 'reports'));
  for (const name of ['a.csv', 'b.csv', 'c.csv'])
    fs.writeFileSync(path.join(root, 'reports', name), name);

  ftpServer = new FtpSrv({
    url: 'ftp://127.0.0.1:0',
    pasv_url: '127.0.0.1',
    anonymous: false,
    log: silent,
  });
  ftpServer.on('login', ({ username, password }, resolve, reject) => {
    if (username === 'alice' && password === PASSWORD) resolve({ root });
    else reject(new Error('Wrong user name or password'));
  });
  await ftpServer.listen();
  // The listening socket is not in ftp-srv's typings.
  const listening = (ftpServer as unknown as { server: { address(): AddressInfo } }).server;
  ftpPort = listening.address().port;

  const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
  const hostPublic = ssh2.utils.parseKey(hostKey.public);
  if (hostPublic instanceof Error) throw hostPublic;
  hostKeyFingerprint = `SHA256:${createHash('sha256')
    .update(hostPublic.getPublicSSH())
    .digest('base64')
    .replace(/=+$/, '')}`;
  clientKey = ssh2.utils.generateKeyPairSync('ed25519', {
    passphrase: KEY_PASSPHRASE,
    cipher: 'aes256-ctr',
    // Few KDF rounds: the test is about the passphrase reaching ssh2, not about its cost.
    rounds: 4,
  });
  const allowed = ssh2.utils.parseKey(clientKey.public);
  if (allowed instanceof Error) throw allowed;
  sshServer = new ssh2.Server({ hostKeys: [hostKey.private] }, (client) => {
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === 'alice' && ctx.password === PASSWORD)
        return ctx.accept();
      if (ctx.method === 'publickey' && ctx.username === 'deploy') {
        const same =
          ctx.key.algo === allowed.type &&
          ctx.key.data.length === allowed.getPublicSSH().length &&
          timingSafeEqual(ctx.key.data, allowed.getPublicSSH());
        if (same && (!ctx.signature || allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo)))
          return ctx.accept();
      }
      ctx.reject(['password', 'publickey']);
    });
    client.on('ready', () => client.on('session', (accept) => serveSftp(accept())));
    client.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => sshServer.listen(0, '127.0.0.1', () => resolve()));
  sshPort = (sshServer.address() as AddressInfo).port;
});

afterAll(async () => {
  await ftpServer.close();
  await new Promise<void>((resolve) => sshServer.close(() => resolve()));
  fs.rmSync(root, { recursive: true, force: true });
});

/** Just enough SFTP to resolve a path and list a directory of `root`. */
function serveSftp(session: ssh2.Session) {
  session.on('sftp', (acceptSftp) => {
    const sftp = acceptSftp();
    const handles = new Map<number, { dir: string; done: boolean }>();
    let next = 0;
    const { STATUS_CODE } = ssh2.utils.sftp;
    sftp.on('REALPATH', (id, requested) => {
      const resolved = path.posix.resolve('/', requested === '.' ? '/reports' : requested);
      sftp.name(id, [{ filename: resolved, longname: resolved, attrs: {} as ssh2.Attributes }]);
    });
    sftp.on('OPENDIR', (id, dir) => {
      if (!fs.existsSync(path.join(root, dir))) return sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
      const handle = Buffer.alloc(4);
      handle.writeUInt32BE(++next);
      handles.set(next, { dir, done: false });
      sftp.handle(id, handle);
    });
    sftp.on('READDIR', (id, handle) => {
      const open = handles.get(handle.readUInt32BE());
      if (!open || open.done) return sftp.status(id, STATUS_CODE.EOF);
      open.done = true;
      const names = fs.readdirSync(path.join(root, open.dir));
      sftp.name(
        id,
        names.map((filename) => ({ filename, longname: filename, attrs: {} as ssh2.Attributes })),
      );
    });
    sftp.on('CLOSE', (id, handle) => {
      handles.delete(handle.readUInt32BE());
      sftp.status(id, STATUS_CODE.OK);
    });
  });
}

describe('ftpSettings', () => {
  it('defaults the port to 21 for FTP and 22 for SFTP', () => {
    expect(ftpSettings(ftpCredential({})).port).toBe(21);
    expect(ftpSettings(ftpCredential({ [P.Protocol]: FtpProtocols.Sftp })).port).toBe(22);
  });

  it('refuses a key file over FTP and a line break that would add an FTP command', () => {
    const keyOverFtp = ftpCredential({
      [P.Authentication]: FtpAuthentications.KeyFile,
      [P.KeyFile]: KEY_PATH,
    });
    expect(() => ftpSettings(keyOverFtp)).toThrow(/a key file logs in over SFTP only/);
    expect(() => ftpSettings(ftpCredential({ [P.UserName]: 'alice\r\nDELE x' }))).toThrow(
      /holds a line break/,
    );
  });
});

describe('probeFtp over FTP', () => {
  const credential = (values: Record<string, unknown> = {}) =>
    ftpCredential({ [P.Port]: String(ftpPort), [P.Directory]: '/reports', ...values });

  it('logs in, falls back to clear text where TLS is not offered, and lists the directory', async () => {
    expect(await probeFtp(credential(), probeContext())).toEqual({
      ok: true,
      message: `Logged in to the FTP server 127.0.0.1:${ftpPort} as "alice" (no TLS (the server does not offer it)) and listed 3 entries in "/reports".`,
    });
  });

  it('answers the server’s words for a wrong password, without the password', async () => {
    const result = await probeFtp(credential({ [P.Password]: 'bad-password-9' }), probeContext());
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      `The FTP server 127.0.0.1:${ftpPort} refused the login of "alice": 530 Wrong user name or password`,
    );
  });

  it('says when the directory cannot be opened', async () => {
    const result = await probeFtp(credential({ [P.Directory]: '/missing' }), probeContext());
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^The FTP server 127\.0\.0\.1:\d+ refused the request: 550 /);
  });

  it('is refused by the egress policy before any connection opens', async () => {
    const result = await probeFtp(credential(), probeContext(EgressPolicy.allowing([])));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/127\.0\.0\.1 are refused: a loopback address/);
  });
});

describe('probeFtp over SFTP', () => {
  const credential = (values: Record<string, unknown> = {}) =>
    ftpCredential({ [P.Protocol]: FtpProtocols.Sftp, [P.Port]: String(sshPort), ...values });

  it('logs in with a password, names the host key and lists the start directory', async () => {
    expect(await probeFtp(credential(), probeContext())).toEqual({
      ok: true,
      message: `Logged in to the SFTP server 127.0.0.1:${sshPort} as "alice" (host key ${hostKeyFingerprint}) and listed 3 entries in "/reports".`,
    });
  });

  it('logs in with an encrypted key file read from the credential files', async () => {
    const keyLogin = credential({
      [P.Authentication]: FtpAuthentications.KeyFile,
      [P.KeyFile]: KEY_PATH,
      [P.KeyPassphrase]: KEY_PASSPHRASE,
      [P.KeyUserName]: 'deploy',
      [P.Directory]: '/',
    });
    const result = await probeFtp(keyLogin, probeContext());
    expect(result).toMatchObject({ ok: true });
    expect(result.message).toMatch(/as "deploy" .* and listed 1 entry in "\/"\.$/);
  });

  it('answers why a login failed: wrong password, missing key file, wrong passphrase', async () => {
    const wrong = await probeFtp(credential({ [P.Password]: 'nope' }), probeContext());
    expect(wrong).toEqual({
      ok: false,
      message: `The SFTP server 127.0.0.1:${sshPort} refused the login of "alice": All configured authentication methods failed`,
    });
    const keyFile = {
      [P.Authentication]: FtpAuthentications.KeyFile,
      [P.KeyUserName]: 'deploy',
    };
    const missing = await probeFtp(
      credential({ ...keyFile, [P.KeyFile]: 'credentials/c1/f2/none' }),
      probeContext(),
    );
    expect(missing).toEqual({
      ok: false,
      message: 'The key file "credentials/c1/f2/none" of the credential does not exist.',
    });
    const badPassphrase = await probeFtp(
      credential({ ...keyFile, [P.KeyFile]: KEY_PATH, [P.KeyPassphrase]: 'wrong-phrase-3' }),
      probeContext(),
    );
    expect(badPassphrase.ok).toBe(false);
    expect(badPassphrase.message).not.toContain('wrong-phrase-3');
  });
});
