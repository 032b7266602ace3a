// Owns outbound e-mail over an SMTP credential (API.md §7.2): the nodemailer transport built from
// the credential (server, port, encryption, optional login), connecting only to an address the
// egress policy allows, sending one message, and the credential probe of §7.4.
import type { Readable } from 'node:stream';
// The address parser is one small module of its own; the rest of nodemailer loads with the first
// message or probe (see transportFor).
import addressparser from 'nodemailer/lib/addressparser';
import type { ResolvedCredential } from '../credentials/resolved.js';
import { SmtpEncryptions, SmtpProperties } from '../credentials/templates.js';
import type { EgressPolicy } from '../net/egress.js';
import {
  abortable,
  ConnectorError,
  errorMessage,
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
import type { CredentialProbe } from './probe.js';

const loadNodemailer = loadOnce(() => import('nodemailer').then((module) => module.default));

/**
 * `none`: clear text, STARTTLS ignored. `tls`: TLS from the first byte (usually port 465), the
 * certificate verified. `starttls`: STARTTLS when the server offers it, clear text otherwise; the
 * certificate is not verified, since a peer able to tamper with the connection could strip
 * STARTTLS anyway — who needs an authenticated server chooses `tls`.
 */
export type SmtpSecurity = 'none' | 'tls' | 'starttls';

export interface SmtpSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  /** Empty: no AUTH. */
  user: string;
  password: string;
  /** The credential's default sender; may be empty. */
  from: string;
}

const DEFAULT_PORTS: Record<SmtpSecurity, number> = { none: 25, tls: 465, starttls: 587 };

/** Reads an SMTP credential; a credential of another template or with a bad value is refused. */
export function smtpSettings(credential: ResolvedCredential): SmtpSettings {
  requireTemplate(credential, 'smtp', 'an SMTP credential');
  const host = textValue(credential, SmtpProperties.Server);
  if (host === '') throw invalidCredential(credential, 'it names no server');
  const option = optionValue(credential, SmtpProperties.Encryption);
  let security: SmtpSecurity;
  if (option === SmtpEncryptions.None) security = 'none';
  else if (option === SmtpEncryptions.Tls) security = 'tls';
  else if (option === SmtpEncryptions.Auto || option === '') security = 'starttls';
  else throw invalidCredential(credential, 'its encryption is not one of the template options');
  return {
    host,
    port: portValue(credential, SmtpProperties.Port, DEFAULT_PORTS[security]),
    security,
    user: textValue(credential, SmtpProperties.UserName),
    password: secretValue(credential, SmtpProperties.Password),
    from: textValue(credential, SmtpProperties.From),
  };
}

export interface SmtpTimeouts {
  /** Milliseconds to open the connection and to get the server's greeting. */
  connectMs: number;
  /** Milliseconds of silence after which an open connection is given up. */
  idleMs: number;
}

const SEND_TIMEOUTS: SmtpTimeouts = { connectMs: 30_000, idleMs: 120_000 };

async function transportFor(
  settings: SmtpSettings,
  destination: Destination,
  timeouts: SmtpTimeouts,
) {
  const nodemailer = await loadNodemailer();
  const tls =
    settings.security === 'starttls'
      ? { rejectUnauthorized: false, servername: destination.servername }
      : { servername: destination.servername };
  return nodemailer.createTransport({
    host: destination.address,
    port: destination.port,
    secure: settings.security === 'tls',
    ignoreTLS: settings.security === 'none',
    servername: destination.servername,
    tls,
    auth: settings.user === '' ? undefined : { user: settings.user, pass: settings.password },
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.connectMs,
    socketTimeout: timeouts.idleMs,
    // The message is built from the action's inputs only: never from local paths or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    debug: false,
  });
}

/** Turns what nodemailer threw into a failure that says what the peer said. */
export function smtpFailure(error: unknown, settings: SmtpSettings): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const peer = peerName(settings.host, settings.port);
  const detail = redact(errorMessage(error), [settings.password]);
  const { code, responseCode } = error as { code?: string; responseCode?: number };
  if (code === 'EAUTH')
    return new ConnectorError(
      'authentication',
      `The SMTP server ${peer} refused the login of "${settings.user}": ${detail}`,
      false,
    );
  if (isCertificateError(error) || code === 'ETLS')
    return new ConnectorError('tls', `TLS with the SMTP server ${peer} failed: ${detail}`, false);
  if (code === 'EENVELOPE' || code === 'EMESSAGE') {
    // 4yz replies are transient by RFC 5321; 5yz ones would be given again.
    const transient = typeof responseCode === 'number' && responseCode >= 400 && responseCode < 500;
    return new ConnectorError(
      'smtp.rejected',
      `The SMTP server ${peer} refused the message: ${detail}`,
      transient,
    );
  }
  if (code === 'EABORT')
    return new ConnectorError('aborted', 'Sending the message was interrupted.', false);
  return new ConnectorError(
    'connection',
    `The SMTP server ${peer} could not be reached: ${detail}`,
    true,
  );
}

export interface MailAddress {
  name: string;
  address: string;
}

const MAILBOX = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/;

/** An entry of an address list that is not an e-mail address. */
export class InvalidAddressError extends Error {
  constructor(readonly entry: string) {
    super(`"${entry}" is not an e-mail address`);
    this.name = 'InvalidAddressError';
  }
}

/**
 * The addresses of a comma-separated list (`a@x.org, Ada <ada@x.org>`; semicolons separate too).
 * Throws {@link InvalidAddressError} with the first entry that is not an e-mail address.
 */
export function parseAddressList(text: string): MailAddress[] {
  const parsed = addressparser(text.replace(/;/g, ','), { flatten: true });
  const addresses: MailAddress[] = [];
  for (const entry of parsed) {
    const address = entry.address.trim();
    if (address === '' && entry.name.trim() === '') continue;
    if (!MAILBOX.test(address)) throw new InvalidAddressError(entry.name || entry.address);
    addresses.push({ name: entry.name.trim(), address });
  }
  return addresses;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Readable;
}

export interface OutgoingMail {
  from: { name: string; address: string };
  to: readonly MailAddress[];
  cc: readonly MailAddress[];
  bcc: readonly MailAddress[];
  subject: string;
  /** One of the two bodies. */
  text?: string;
  html?: string;
  attachments: readonly MailAttachment[];
  /** The same on every attempt, so a receiver can tell a retried message from a new one. */
  messageId?: string;
}

export interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
  response: string;
}

/** Sends one message through the credential's server. Throws {@link ConnectorError}. */
export async function sendMail(
  credential: ResolvedCredential,
  egress: EgressPolicy,
  mail: OutgoingMail,
  signal: AbortSignal,
): Promise<SentMail> {
  const settings = smtpSettings(credential);
  const destination = await resolveDestination(settings.host, settings.port, egress);
  const transport = await transportFor(settings, destination, SEND_TIMEOUTS);
  try {
    const info = await transport.sendMail({
      from: { name: mail.from.name, address: mail.from.address },
      to: mail.to.map((a) => ({ ...a })),
      cc: mail.cc.map((a) => ({ ...a })),
      bcc: mail.bcc.map((a) => ({ ...a })),
      subject: mail.subject,
      ...(mail.html !== undefined ? { html: mail.html } : { text: mail.text ?? '' }),
      attachments: mail.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
      signal,
    });
    return {
      messageId: info.messageId,
      accepted: info.accepted.map(String),
      rejected: info.rejected.map(String),
      response: info.response,
    };
  } catch (error) {
    throw smtpFailure(error, settings);
  } finally {
    transport.close();
  }
}

/**
 * The SMTP probe (API.md §7.4): connect, TLS as configured, EHLO, AUTH when a user is set, QUIT.
 * It gives up when the probe's signal aborts.
 */
export const probeSmtp: CredentialProbe = async (credential, context) => {
  let settings: SmtpSettings;
  try {
    settings = smtpSettings(credential);
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
  const peer = peerName(settings.host, settings.port);
  try {
    const destination = await resolveDestination(settings.host, settings.port, context.egress);
    const transport = await transportFor(settings, destination, {
      connectMs: 10_000,
      idleMs: 10_000,
    });
    try {
      await abortable(transport.verify(), context.signal);
    } finally {
      transport.close();
    }
    const login = settings.user === '' ? '' : `, and accepted the login of "${settings.user}"`;
    return { ok: true, message: `The SMTP server ${peer} answered EHLO${login}.` };
  } catch (error) {
    if (context.signal.aborted)
      return { ok: false, message: `The SMTP server ${peer} did not answer in time.` };
    return { ok: false, message: smtpFailure(error, settings).message };
  }
};
