import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedCredential } from '../credentials/resolved.js';
import {
  builtinTemplate,
  SmtpEncryptions,
  SmtpProperties as P,
  TemplateIds,
} from '../credentials/templates.js';
import { EgressPolicy } from '../net/egress.js';
import { leafParts, startMailSink, type MailSink } from '../testing/mail-sink.js';
import { ConnectorError } from './connection.js';
import type { ProbeContext } from './probe.js';
import { probeSmtp, sendMail, smtpSettings } from './smtp.js';

const PASSWORD = 'sink-password-1';
const open = EgressPolicy.allowing(['127.0.0.1/32']);

function smtpCredential(port: number, values: Record<string, unknown> = {}): ResolvedCredential {
  const all: Record<string, unknown> = {
    [P.Server]: '127.0.0.1',
    [P.Port]: String(port),
    [P.Encryption]: SmtpEncryptions.Auto,
    [P.UserName]: 'mailer',
    [P.Password]: PASSWORD,
    [P.From]: 'robot@example.com',
    ...values,
  };
  return {
    id: 'smtp-credential',
    name: 'Local SMTP',
    template: builtinTemplate(TemplateIds.Smtp)!,
    values: new Map(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v])),
  };
}

function probeContext(egress = open): ProbeContext {
  return { signal: AbortSignal.timeout(10_000), egress, readFile: async () => null };
}

const message = {
  from: { name: 'Robot', address: 'robot@example.com' },
  to: [{ name: 'Ada', address: 'ada@example.com' }],
  cc: [],
  bcc: [],
  subject: 'Hello',
  text: 'Body text',
  attachments: [],
};

let plain: MailSink;
let implicitTls: MailSink;

beforeAll(async () => {
  plain = await startMailSink({ users: { mailer: PASSWORD } });
  implicitTls = await startMailSink({ secure: true, users: { mailer: PASSWORD } });
});
afterAll(async () => {
  await plain.close();
  await implicitTls.close();
});

describe('smtpSettings', () => {
  it('reads server, port, encryption, login and sender from an SMTP credential', () => {
    expect(smtpSettings(smtpCredential(2525))).toEqual({
      host: '127.0.0.1',
      port: 2525,
      security: 'starttls',
      user: 'mailer',
      password: PASSWORD,
      from: 'robot@example.com',
    });
    const tls = smtpSettings(
      smtpCredential(0, { [P.Encryption]: SmtpEncryptions.Tls, [P.Port]: '' }),
    );
    expect([tls.security, tls.port]).toEqual(['tls', 465]);
  });

  it('refuses a credential of another template and a port that is not one', () => {
    const rest = { ...smtpCredential(25), template: builtinTemplate(TemplateIds.Rest)! };
    expect(() => smtpSettings(rest)).toThrow(/"REST API" credential, not an SMTP credential/);
    expect(() => smtpSettings(smtpCredential(25, { [P.Port]: '99999' }))).toThrow(
      /port "99999" is not a number from 1 to 65535/,
    );
  });
});

describe('sendMail', () => {
  it('upgrades with STARTTLS when the server offers it, self-signed certificate included', async () => {
    const before = plain.received.length;
    const sent = await sendMail(
      smtpCredential(plain.port),
      open,
      message,
      AbortSignal.timeout(10_000),
    );
    expect(sent.accepted).toEqual(['ada@example.com']);
    const mail = plain.received[before]!;
    expect(mail).toMatchObject({ secure: true, user: 'mailer' });
    expect(mail.envelope).toEqual({ from: 'robot@example.com', to: ['ada@example.com'] });
  });

  it('stays in clear text when encryption is None, even though STARTTLS is offered', async () => {
    const before = plain.received.length;
    const credential = smtpCredential(plain.port, { [P.Encryption]: SmtpEncryptions.None });
    await sendMail(credential, open, message, AbortSignal.timeout(10_000));
    expect(plain.received[before]).toMatchObject({ secure: false, user: 'mailer' });
  });

  it('streams attachments and keeps the given Message-ID', async () => {
    const before = plain.received.length;
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 10, 13]);
    await sendMail(
      smtpCredential(plain.port),
      open,
      {
        ...message,
        attachments: [
          {
            filename: 'data.bin',
            contentType: 'application/octet-stream',
            content: Readable.from([bytes]),
          },
        ],
        messageId: '<fixed-id@example.com>',
      },
      AbortSignal.timeout(10_000),
    );
    const mail = plain.received[before]!;
    expect(mail.message.headers.get('message-id')).toBe('<fixed-id@example.com>');
    const attachment = leafParts(mail.message).find((p) =>
      p.headers.get('content-disposition')?.includes('data.bin'),
    );
    expect(attachment?.body.equals(bytes)).toBe(true);
  });

  it('reports a refused login as an authentication failure with the server’s words, no password', async () => {
    const credential = smtpCredential(plain.port, { [P.Password]: 'wrong-secret-42' });
    const failure = await sendMail(credential, open, message, AbortSignal.timeout(10_000)).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ type: 'authentication', retryable: false });
    expect((failure as Error).message).toContain('Invalid username or password');
    expect((failure as Error).message).not.toContain('wrong-secret-42');
  });

  it('refuses a loopback server unless the egress policy allows it', async () => {
    const failure = await sendMail(
      smtpCredential(plain.port),
      EgressPolicy.allowing([]),
      message,
      AbortSignal.timeout(10_000),
    ).catch((error: unknown) => error);
    expect(failure).toMatchObject({ type: 'egress.refused', retryable: false });
    expect((failure as Error).message).toMatch(/127\.0\.0\.1.*loopback.*SLUICE_EGRESS_ALLOW/);
  });
});

describe('probeSmtp', () => {
  it('connects, upgrades, says EHLO and logs in', async () => {
    expect(await probeSmtp(smtpCredential(plain.port), probeContext())).toEqual({
      ok: true,
      message: `The SMTP server 127.0.0.1:${plain.port} answered EHLO, and accepted the login of "mailer".`,
    });
  });

  it('does not log in when the credential names no user', async () => {
    const sink = await startMailSink();
    try {
      const credential = smtpCredential(sink.port, { [P.UserName]: '', [P.Password]: '' });
      expect(await probeSmtp(credential, probeContext())).toEqual({
        ok: true,
        message: `The SMTP server 127.0.0.1:${sink.port} answered EHLO.`,
      });
    } finally {
      await sink.close();
    }
  });

  it('answers the server’s own error for a wrong password', async () => {
    const result = await probeSmtp(
      smtpCredential(plain.port, { [P.Password]: 'nope' }),
      probeContext(),
    );
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/refused the login of "mailer".*Invalid username or password/);
  });

  it('verifies the certificate of an implicit TLS server and refuses a self-signed one', async () => {
    const credential = smtpCredential(implicitTls.port, { [P.Encryption]: SmtpEncryptions.Tls });
    const result = await probeSmtp(credential, probeContext());
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(
      /^TLS with the SMTP server 127\.0\.0\.1:\d+ failed: .*certificate/,
    );
  });

  it('says when nothing listens, and when the egress policy refuses the address', async () => {
    const closed = await startMailSink();
    const port = closed.port;
    await closed.close();
    const unreachable = await probeSmtp(smtpCredential(port), probeContext());
    expect(unreachable).toMatchObject({ ok: false });
    expect(unreachable.message).toMatch(/could not be reached: .*ECONNREFUSED/);

    const refused = await probeSmtp(
      smtpCredential(plain.port),
      probeContext(EgressPolicy.allowing([])),
    );
    expect(refused).toMatchObject({ ok: false });
    expect(refused.message).toContain('a loopback address');
  });
});
