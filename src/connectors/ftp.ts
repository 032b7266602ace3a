// Owns the FTP / SFTP credential (API.md §7.2) as a connection: FTP through basic-ftp (explicit TLS
// when the server offers it), SFTP through ssh2 with a password or a key file, both connecting only
// to an address the egress policy allows, and the credential probe of §7.4 (connect, log in, list
// the directory).
import { createHash } from 'node:crypto';
import type { SFTPWrapper } from 'ssh2';
import type { ResolvedCredential } from '../credentials/resolved.js';
import { FtpAuthentications, FtpProperties, FtpProtocols } from '../credentials/templates.js';
import {
  ConnectorError,
  errorMessage,
  flagValue,
  invalidCredential,
  isCertificateError,
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
import type { CredentialProbe, ProbeContext } from './probe.js';

// Each client library loads with the first probe that needs it.
const loadBasicFtp = loadOnce(() => import('basic-ftp').then((module) => module.default));
const loadSsh2 = loadOnce(() => import('ssh2').then((module) => module.default));

export type FtpProtocol = 'ftp' | 'sftp';

export type FtpLogin =
  | { kind: 'password'; user: string; password: string }
  | { kind: 'key'; user: string; keyFile: string; passphrase: string };

export interface FtpSettings {
  protocol: FtpProtocol;
  host: string;
  port: number;
  /** Empty: the directory the server starts the session in. */
  directory: string;
  /** FTP over TLS only: accept a certificate that does not verify. */
  ignoreCertificateWarnings: boolean;
  login: FtpLogin;
}

const DEFAULT_PORTS: Record<FtpProtocol, number> = { ftp: 21, sftp: 22 };
const LINE_BREAK = /[\r\n]/;

/** Reads an FTP / SFTP credential; another template or a bad value is refused. */
export function ftpSettings(credential: ResolvedCredential): FtpSettings {
  requireTemplate(credential, 'ftp', 'an FTP / SFTP credential');
  const protocolOption = optionValue(credential, FtpProperties.Protocol);
  let protocol: FtpProtocol;
  if (protocolOption === FtpProtocols.Ftp || protocolOption === '') protocol = 'ftp';
  else if (protocolOption === FtpProtocols.Sftp) protocol = 'sftp';
  else throw invalidCredential(credential, 'its protocol is not one of the template options');
  const host = textValue(credential, FtpProperties.Host);
  if (host === '') throw invalidCredential(credential, 'it names no host');
  const authentication = optionValue(credential, FtpProperties.Authentication);
  let login: FtpLogin;
  if (authentication === FtpAuthentications.KeyFile) {
    if (protocol === 'ftp')
      throw invalidCredential(credential, 'a key file logs in over SFTP only, not FTP');
    login = {
      kind: 'key',
      user: textValue(credential, FtpProperties.KeyUserName),
      keyFile: textValue(credential, FtpProperties.KeyFile),
      passphrase: secretValue(credential, FtpProperties.KeyPassphrase),
    };
    if (login.keyFile === '') throw invalidCredential(credential, 'it names no key file');
  } else if (authentication === FtpAuthentications.Basic || authentication === '') {
    login = {
      kind: 'password',
      user: textValue(credential, FtpProperties.UserName),
      password: secretValue(credential, FtpProperties.Password),
    };
  } else {
    throw invalidCredential(credential, 'its authentication is not one of the template options');
  }
  const directory = textValue(credential, FtpProperties.Directory);
  // FTP commands are lines: a line break in a value would smuggle in another command.
  const sent = [login.user, directory, login.kind === 'password' ? login.password : ''];
  if (sent.some((value) => LINE_BREAK.test(value)))
    throw invalidCredential(credential, 'a user name, password or directory holds a line break');
  return {
    protocol,
    host,
    port: portValue(credential, FtpProperties.Port, DEFAULT_PORTS[protocol]),
    directory,
    ignoreCertificateWarnings: flagValue(credential, FtpProperties.IgnoreCertificateWarnings),
    login,
  };
}

function secretsOf(settings: FtpSettings): string[] {
  return settings.login.kind === 'password'
    ? [settings.login.password]
    : [settings.login.passphrase];
}

/** Turns what basic-ftp or ssh2 threw into a failure that says what the server said. */
export function ftpFailure(error: unknown, settings: FtpSettings): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const peer = peerName(settings.host, settings.port);
  const detail = redact(errorMessage(error), secretsOf(settings));
  const name = settings.protocol === 'sftp' ? 'SFTP' : 'FTP';
  const { code, level } = error as { code?: unknown; level?: unknown };
  if (level === 'client-authentication' || code === 530)
    return new ConnectorError(
      'authentication',
      `The ${name} server ${peer} refused the login of "${settings.login.user}": ${detail}`,
      false,
    );
  if (isCertificateError(error))
    return new ConnectorError('tls', `TLS with the FTP server ${peer} failed: ${detail}`, false);
  if (typeof code === 'number' && code >= 500)
    return new ConnectorError(
      'ftp.refused',
      `The ${name} server ${peer} refused the request: ${detail}`,
      false,
    );
  return new ConnectorError(
    'connection',
    `The ${name} server ${peer} could not be reached: ${detail}`,
    true,
  );
}

/** What a probe found: the directory it listed and how many entries it holds. */
interface Listing {
  directory: string;
  entries: number;
  /** How the session was protected, for the probe's message. */
  security: string;
}

const FTP_TIMEOUT_MS = 10_000;

async function listOverFtp(
  settings: FtpSettings,
  destination: Destination,
  signal: AbortSignal,
): Promise<Listing> {
  const basicFtp = await loadBasicFtp();
  const client = new basicFtp.Client(FTP_TIMEOUT_MS, {
    // Data connections go to the control connection's (checked) address, never elsewhere.
    allowSeparateTransferHost: false,
  });
  const onAbort = () => client.close();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect(destination.address, destination.port);
    let security = 'no TLS (the server does not offer it)';
    try {
      await client.useTLS({
        host: destination.host,
        servername: destination.servername,
        rejectUnauthorized: !settings.ignoreCertificateWarnings,
      });
      security = 'TLS';
    } catch (error) {
      // A server that answers AUTH TLS with a refusal is a plain FTP server: carry on in clear.
      if (!(error instanceof basicFtp.FTPError) || error.code < 500) throw error;
    }
    if (settings.login.kind !== 'password') throw new Error('FTP logs in with a password');
    await client.login(settings.login.user, settings.login.password);
    await client.useDefaultSettings();
    if (settings.directory !== '') await client.cd(settings.directory);
    const entries = await client.list();
    return { directory: await client.pwd(), entries: entries.length, security };
  } finally {
    signal.removeEventListener('abort', onAbort);
    client.close();
  }
}

async function listOverSftp(
  settings: FtpSettings,
  destination: Destination,
  context: Pick<ProbeContext, 'readFile' | 'signal'>,
): Promise<Listing> {
  const { login } = settings;
  let credentials: { password: string } | { privateKey: Buffer; passphrase?: string };
  if (login.kind === 'password') {
    credentials = { password: login.password };
  } else {
    const key = await context.readFile(login.keyFile);
    if (!key)
      throw new ConnectorError(
        'credential.invalid',
        `The key file "${login.keyFile}" of the credential does not exist.`,
        false,
      );
    credentials = {
      privateKey: key,
      ...(login.passphrase ? { passphrase: login.passphrase } : {}),
    };
  }
  const ssh2 = await loadSsh2();
  const connection = new ssh2.Client();
  let fingerprint = '';
  const onAbort = () => connection.end();
  context.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      connection.once('ready', () => resolve());
      connection.once('error', reject);
      connection.once('close', () => reject(new Error('The connection closed.')));
      try {
        connection.connect({
          host: destination.address,
          port: destination.port,
          username: login.user,
          ...credentials,
          readyTimeout: FTP_TIMEOUT_MS,
          // The template has no pinned host key: the probe names the key it saw instead.
          hostVerifier: (key: Buffer) => {
            fingerprint = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
            return true;
          },
        });
      } catch (error) {
        // A key that cannot be read is thrown synchronously by connect().
        reject(error);
      }
    });
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
      connection.sftp((error, opened) => (error ? reject(error) : resolve(opened))),
    );
    const directory = await new Promise<string>((resolve, reject) =>
      sftp.realpath(settings.directory || '.', (error, path) =>
        error ? reject(error) : resolve(path),
      ),
    );
    const entries = await new Promise<number>((resolve, reject) =>
      sftp.readdir(directory, (error, list) => (error ? reject(error) : resolve(list.length))),
    );
    return { directory, entries, security: `host key ${fingerprint}` };
  } finally {
    context.signal.removeEventListener('abort', onAbort);
    connection.end();
  }
}

/** The FTP / SFTP probe (API.md §7.4): connect, log in and list the directory. */
export const probeFtp: CredentialProbe = async (credential, context) => {
  let settings: FtpSettings;
  try {
    settings = ftpSettings(credential);
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
  const name = settings.protocol === 'sftp' ? 'SFTP' : 'FTP';
  const peer = peerName(settings.host, settings.port);
  try {
    const destination = await resolveDestination(settings.host, settings.port, context.egress);
    const listing =
      settings.protocol === 'sftp'
        ? await listOverSftp(settings, destination, context)
        : await listOverFtp(settings, destination, context.signal);
    const plural = listing.entries === 1 ? 'entry' : 'entries';
    return {
      ok: true,
      message:
        `Logged in to the ${name} server ${peer} as "${settings.login.user}" (${listing.security}) ` +
        `and listed ${listing.entries} ${plural} in "${listing.directory}".`,
    };
  } catch (error) {
    if (context.signal.aborted)
      return { ok: false, message: `The ${name} server ${peer} did not answer in time.` };
    return { ok: false, message: ftpFailure(error, settings).message };
  }
};
