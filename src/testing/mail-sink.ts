// Test helper: a local SMTP server (smtp-server) that keeps every message it accepts, with the
// envelope, whether the session was encrypted and who logged in, and a small MIME reader so tests
// can compare headers, bodies and attachment bytes with what was sent.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface MimePart {
  /** Lower-case header names; values unfolded, encoded words decoded. */
  headers: Map<string, string>;
  /** The decoded body of a leaf part; empty for a multipart container. */
  body: Buffer;
  /** The parts of a multipart container, in order. */
  parts: MimePart[];
}

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** True when the session ran over TLS (implicit or after STARTTLS). */
  secure: boolean;
  /** The user who logged in, undefined without AUTH. */
  user: string | undefined;
  raw: Buffer;
  message: MimePart;
}

export interface MailSink {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export interface MailSinkOptions {
  /** Implicit TLS with smtp-server's built-in self-signed certificate. */
  secure?: boolean;
  /** Logins the server accepts; without any, AUTH is not offered. */
  users?: Record<string, string>;
}

/** Starts the sink on 127.0.0.1 and a free port; STARTTLS is offered with the self-signed cert. */
export async function startMailSink(options: MailSinkOptions = {}): Promise<MailSink> {
  const received: ReceivedMail[] = [];
  const users = options.users ?? {};
  const withAuth = Object.keys(users).length > 0;
  const server = new SMTPServer({
    secure: options.secure ?? false,
    logger: false,
    authOptional: !withAuth,
    allowInsecureAuth: true,
    ...(withAuth ? {} : { disabledCommands: ['AUTH'] }),
    onAuth(auth, _session, callback) {
      if (auth.username !== undefined && users[auth.username] === auth.password)
        return callback(null, { user: auth.username });
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const from = session.envelope.mailFrom;
        received.push({
          envelope: {
            from: from ? from.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
          raw,
          message: parseMime(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A client that gives up mid-handshake (a refused certificate) is not the sink's failure.
  server.on('error', () => undefined);
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reads a message as far as tests need: headers, multipart nesting, base64, quoted-printable. */
export function parseMime(raw: Buffer): MimePart {
  const text = raw.toString('latin1');
  const split = text.search(/\r?\n\r?\n/);
  const head = split === -1 ? text : text.slice(0, split);
  const bodyText = split === -1 ? '' : text.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(
        line.slice(0, colon).trim().toLowerCase(),
        decodeWords(line.slice(colon + 1).trim()),
      );
  }
  const contentType = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (/^multipart\//i.test(contentType) && boundary) {
    const parts = bodyText
      .split(`--${boundary}`)
      .slice(1)
      .filter((chunk) => !chunk.startsWith('--'))
      .map((chunk) => parseMime(Buffer.from(chunk.replace(/^\r?\n/, ''), 'latin1')));
    return { headers, body: Buffer.alloc(0), parts };
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  let body: Buffer;
  if (encoding === 'base64') body = Buffer.from(bodyText.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') body = decodeQuotedPrintable(bodyText);
  else body = Buffer.from(bodyText.replace(/\r?\n$/, ''), 'latin1');
  return { headers, body, parts: [] };
}

/** Every leaf part of a message, depth first. */
export function leafParts(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leafParts);
}

function decodeQuotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, '').replace(/\r?\n$/, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(joined.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) as text. */
function decodeWords(value: string): string {
  // Each word's bytes are fenced by a private-use mark; adjacent words are then joined before
  // decoding, since a UTF-8 character may be split across two words.
  const MARK = '\uE000';
  const fenced = value.replace(
    /=\?[^?]+\?([BQ])\?([^?]*)\?=(?:\s+(?==\?))?/gi,
    (_match, encoding: string, payload: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(payload, 'base64')
          : decodeQuotedPrintable(payload.replace(/_/g, ' '));
      return `${MARK}${bytes.toString('latin1')}${MARK}`;
    },
  );
  return fenced
    .split(`${MARK}${MARK}`)
    .join('')
    .replace(new RegExp(`${MARK}([^${MARK}]*)${MARK}`, 'g'), (_m, bytes: string) =>
      Buffer.from(bytes, 'latin1').toString('utf8'),
    );
}
