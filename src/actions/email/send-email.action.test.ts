import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedCredential } from '../../credentials/resolved.js';
import {
  builtinTemplate,
  SmtpEncryptions,
  SmtpProperties as P,
  TemplateIds,
} from '../../credentials/templates.js';
import { EgressPolicy } from '../../net/egress.js';
import { leafParts, startMailSink, type MailSink } from '../../testing/mail-sink.js';
import { failureOf, MemoryFiles, runAction } from '../testing/run-action.js';
import { SEND_EMAIL_IDS as IDS, sendEmailAction } from './send-email.action.js';

const PASSWORD = 'sink-password-2';
let sink: MailSink;

beforeAll(async () => {
  sink = await startMailSink({ users: { mailer: PASSWORD } });
});
afterAll(async () => sink.close());

function smtp(values: Record<string, unknown> = {}): ResolvedCredential {
  const all: Record<string, unknown> = {
    [P.Server]: '127.0.0.1',
    [P.Port]: String(sink.port),
    [P.Encryption]: SmtpEncryptions.Auto,
    [P.UserName]: 'mailer',
    [P.Password]: PASSWORD,
    [P.From]: 'robot@example.com',
    ...values,
  };
  return {
    id: 'smtp',
    name: 'Local SMTP',
    template: builtinTemplate(TemplateIds.Smtp)!,
    values: new Map(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v])),
  };
}

const options = (credential = smtp(), files = new MemoryFiles()) => ({
  credentials: { smtp: credential },
  egress: EgressPolicy.allowing(['127.0.0.1/32']),
  files,
});

const basics = {
  [IDS.Credential]: 'smtp',
  [IDS.To]: 'ada@example.com',
  [IDS.Subject]: 'Hello',
  [IDS.Body]: 'Plain body',
};

async function send(inputs: Record<string, unknown>, files = new MemoryFiles()) {
  const before = sink.received.length;
  expect(await runAction(sendEmailAction, inputs, options(smtp(), files))).toEqual({});
  expect(sink.received).toHaveLength(before + 1);
  return sink.received[before]!;
}

describe('Send Email', () => {
  it('is effectful, under PROCESIO template c7673492-2912-4975-8cab-747fb9f4085d', () => {
    expect(sendEmailAction.effectful).toBe(true);
    expect(sendEmailAction.template.id).toBe('c7673492-2912-4975-8cab-747fb9f4085d');
  });

  it('sends from the display name and address to every To, Cc and Bcc address', async () => {
    const mail = await send({
      ...basics,
      [IDS.FromName]: 'Billing robot',
      [IDS.FromAddress]: 'billing@example.com',
      [IDS.To]: 'ada@example.com, Grace Hopper <grace@example.com>',
      [IDS.Cc]: 'carl@example.com; dora@example.com',
      [IDS.Bcc]: 'hidden@example.com',
      [IDS.Subject]: 'Invoice № 42',
    });
    expect(mail.envelope).toEqual({
      from: 'billing@example.com',
      to: [
        'ada@example.com',
        'grace@example.com',
        'carl@example.com',
        'dora@example.com',
        'hidden@example.com',
      ],
    });
    const headers = mail.message.headers;
    expect(headers.get('from')).toBe('Billing robot <billing@example.com>');
    expect(headers.get('to')).toBe('ada@example.com, Grace Hopper <grace@example.com>');
    expect(headers.get('cc')).toBe('carl@example.com, dora@example.com');
    expect(headers.has('bcc')).toBe(false);
    expect(headers.get('subject')).toBe('Invoice № 42');
    expect(mail.message.body.toString('utf8')).toBe('Plain body');
  });

  it('sends an HTML body and File attachments byte for byte', async () => {
    const files = new MemoryFiles();
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 255]);
    const report = files.put('report.pdf', 'application/pdf', pdf);
    const notes = files.put('notes.txt', 'text/plain', 'line one\nline two\n');
    const mail = await send(
      {
        ...basics,
        [IDS.Body]: '<p>See <b>attached</b></p>',
        [IDS.BodyIsHtml]: 'true',
        [IDS.Attachments]: [report, notes],
      },
      files,
    );
    const parts = leafParts(mail.message);
    const html = parts.find((p) => p.headers.get('content-type')?.startsWith('text/html'));
    expect(html?.body.toString('utf8')).toBe('<p>See <b>attached</b></p>');
    const attached = parts.filter((p) =>
      p.headers.get('content-disposition')?.startsWith('attachment'),
    );
    expect(attached.map((p) => p.headers.get('content-type'))).toEqual([
      'application/pdf; name=report.pdf',
      'text/plain; name=notes.txt',
    ]);
    expect(attached[0]!.body.equals(pdf)).toBe(true);
    expect(attached[1]!.body.toString()).toBe('line one\nline two\n');
  });

  it('uses the credential’s From address when the action gives none, and the same Message-ID on a retry', async () => {
    const first = await send(basics);
    const again = await send(basics);
    expect(first.message.headers.get('from')).toBe('robot@example.com');
    expect(first.message.headers.get('message-id')).toMatch(/^<[0-9a-f]{32}@example\.com>$/);
    expect(again.message.headers.get('message-id')).toBe(first.message.headers.get('message-id'));
  });

  it('refuses an entry that is not an address, a message without sender and a non-SMTP credential', async () => {
    expect(
      await failureOf(
        sendEmailAction,
        { ...basics, [IDS.Cc]: 'carl@example.com, nobody' },
        options(),
      ),
    ).toMatchObject({
      type: 'validation',
      message: '"Cc" has an entry that is not an e-mail address: "nobody".',
    });
    const noSender = smtp({ [P.From]: '', [P.UserName]: 'mailer' });
    expect(await failureOf(sendEmailAction, basics, options(noSender))).toMatchObject({
      type: 'validation',
      message: '"From (Entity)" is empty and the credential has no From address.',
    });
    const rest = { ...smtp(), template: builtinTemplate(TemplateIds.Rest)! };
    expect(await failureOf(sendEmailAction, basics, options(rest))).toMatchObject({
      type: 'credential.invalid',
      message:
        'The credential "Local SMTP" cannot be used: it is a "REST API" credential, not an SMTP credential.',
    });
  });

  it('fails on a refused login for good, and on an unreachable server with a retry allowed', async () => {
    const wrong = smtp({ [P.Password]: 'not-the-password' });
    const refused = await failureOf(sendEmailAction, basics, options(wrong));
    expect(refused).toMatchObject({ type: 'authentication', retryable: false });
    expect(refused.message).toContain('Invalid username or password');

    const gone = await startMailSink();
    await gone.close();
    const down = await failureOf(
      sendEmailAction,
      basics,
      options(smtp({ [P.Port]: String(gone.port) })),
    );
    expect(down).toMatchObject({ type: 'connection', retryable: true });
    expect(down.message).toContain('ECONNREFUSED');
  });
});
