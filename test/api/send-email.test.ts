// Send Email inside a process through the HTTP API, against local SMTP servers: credentials made
// with POST /api/Credentials, clear text and STARTTLS with a login, recipients from an input
// variable, an HTML body, File attachments uploaded to a published instance, and failures (a
// wrong password, an unverifiable implicit-TLS certificate) on the action's error port.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEND_EMAIL_IDS as IDS } from '../../src/actions/email/send-email.action.js';
import {
  SmtpEncryptions,
  SmtpProperties as P,
  TemplateIds,
} from '../../src/credentials/templates.js';
import { runActionProcess, type ApiTarget } from '../../src/testing/action-process.js';
import { FlowBuilder, lit, ref } from '../../src/testing/flow-builder.js';
import { leafParts, startMailSink, type MailSink } from '../../src/testing/mail-sink.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

const PASSWORD = 'smtp-password-1';
let server: TestServer;
let api: ApiTarget;
let sink: MailSink;
let implicitTls: MailSink;

beforeAll(async () => {
  server = await startTestServer({ env: { SLUICE_EGRESS_ALLOW: '127.0.0.1/32,::1' } });
  api = { url: server.url, headers: bearer((await login(server.url)).access_token!) };
  sink = await startMailSink({ users: { mailer: PASSWORD } });
  implicitTls = await startMailSink({ secure: true, users: { mailer: PASSWORD } });
});
afterAll(async () => {
  await server.close();
  await sink.close();
  await implicitTls.close();
});

async function smtpCredential(values: Record<string, string> = {}): Promise<string> {
  const properties = {
    [P.Server]: '127.0.0.1',
    [P.Port]: String(sink.port),
    [P.Encryption]: SmtpEncryptions.Auto,
    [P.UserName]: 'mailer',
    [P.Password]: PASSWORD,
    [P.From]: 'robot@example.com',
    ...values,
  };
  const res = await call(api.url, 'POST', '/api/Credentials', {
    headers: api.headers,
    json: {
      gtid: TemplateIds.Smtp,
      name: `SMTP ${randomBytes(3).toString('hex')}`,
      properties: Object.entries(properties).map(([id, value]) => ({ id, value })),
    },
  });
  expect(res.status, res.text).toBe(200);
  return (res.body as { id: string }).id;
}

/** Runs Send Email alone in a process and answers the message the sink got (if any). */
async function sendThroughProcess(
  settings: Record<string, unknown>,
  variables: Parameters<typeof runActionProcess>[1]['variables'] = {},
) {
  const before = sink.received.length;
  const result = await runActionProcess(api, {
    templateId: IDS.Template,
    settings,
    variables,
  });
  return { result, mail: sink.received[before] };
}

describe('Send Email in a process', () => {
  it('sends over STARTTLS with a login, to recipients held by an input variable', async () => {
    const credential = await smtpCredential();
    const { result, mail } = await sendThroughProcess(
      {
        [IDS.Credential]: credential,
        [IDS.FromName]: 'Billing robot',
        [IDS.FromAddress]: 'billing@example.com',
        [IDS.Cc]: 'carl@example.com',
        [IDS.Bcc]: 'audit@example.com',
        [IDS.Subject]: 'Invoice ready',
        [IDS.Body]: 'Dear customer,\r\nyour invoice is ready.',
      },
      { [IDS.To]: { type: 'String', value: 'ada@example.com, Grace <grace@example.com>' } },
    );
    expect(result).toMatchObject({ status: 50, error: null });
    expect(mail).toMatchObject({ secure: true, user: 'mailer' });
    expect(mail!.envelope).toEqual({
      from: 'billing@example.com',
      to: ['ada@example.com', 'grace@example.com', 'carl@example.com', 'audit@example.com'],
    });
    const headers = mail!.message.headers;
    expect(headers.get('from')).toBe('Billing robot <billing@example.com>');
    expect(headers.get('to')).toBe('ada@example.com, Grace <grace@example.com>');
    expect(headers.get('cc')).toBe('carl@example.com');
    expect(headers.has('bcc')).toBe(false);
    expect(headers.get('subject')).toBe('Invoice ready');
    expect(headers.get('content-type')).toMatch(/^text\/plain/);
    expect(mail!.message.body.toString('utf8')).toBe('Dear customer,\r\nyour invoice is ready.');
  });

  it('sends an HTML body in clear text when the credential asks for no encryption', async () => {
    const credential = await smtpCredential({ [P.Encryption]: SmtpEncryptions.None });
    const { result, mail } = await sendThroughProcess({
      [IDS.Credential]: credential,
      [IDS.To]: 'ada@example.com',
      [IDS.Subject]: 'Report',
      [IDS.Body]: '<h1>Report</h1><p>All green.</p>',
      [IDS.BodyIsHtml]: 'true',
    });
    expect(result).toMatchObject({ status: 50, error: null });
    expect(mail).toMatchObject({ secure: false, user: 'mailer' });
    expect(mail!.message.headers.get('from')).toBe('robot@example.com');
    expect(mail!.message.headers.get('content-type')).toMatch(/^text\/html/);
    expect(mail!.message.body.toString('utf8')).toBe('<h1>Report</h1><p>All green.</p>');
  });

  it('attaches the files of a File list input, byte for byte', async () => {
    const credential = await smtpCredential();
    const flow = new FlowBuilder('Mail the files');
    const files = flow.variable('files', 'File', { orientation: 10, list: true });
    const send = flow.node(IDS.Template, 'Send Email', {
      [IDS.Credential]: lit(credential),
      [IDS.To]: lit('ada@example.com'),
      [IDS.Subject]: lit('Your files'),
      [IDS.Body]: lit('Attached.'),
      [IDS.Attachments]: ref(files),
    });
    flow.chain(flow.start(), send, flow.stop());
    const saved = await call(api.url, 'POST', '/api/Projects', {
      headers: api.headers,
      json: flow.build(),
    });
    expect(saved.status, saved.text).toBe(200);
    const published = await call(api.url, 'POST', `/api/Projects/${flow.id}/instances/publish`, {
      headers: api.headers,
      json: { files: [{ name: 'data.bin' }, { name: 'notes.txt' }] },
    });
    expect(published.status, published.text).toBe(200);
    const instance = published.body as {
      id: string;
      variables: { name: string; defaultValue: { id: string; name: string }[] }[];
    };
    const placeholders = instance.variables.find((v) => v.name === 'files')!.defaultValue;
    const contents = [randomBytes(70_000), Buffer.from('first line\nsecond line\n')];
    const types = ['application/octet-stream', 'text/plain'];
    for (const [i, placeholder] of placeholders.entries()) {
      const boundary = `----sluice${randomBytes(8).toString('hex')}`;
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="package"; filename="${placeholder.name}"\r\n` +
            `Content-Type: ${types[i]}\r\n\r\n`,
        ),
        contents[i]!,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const uploaded = await fetch(`${api.url}/api/File/upload/flow`, {
        method: 'POST',
        headers: {
          ...api.headers,
          flowInstanceId: instance.id,
          variableName: 'files',
          fileId: placeholder.id,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        body,
      });
      expect(uploaded.status, await uploaded.text()).toBe(200);
    }
    const before = sink.received.length;
    const launched = await call(
      api.url,
      'POST',
      `/api/Projects/instances/${instance.id}/launch?runSynchronous=true&secondsTimeOut=30`,
      { headers: api.headers, json: { connectionId: '' } },
    );
    expect(launched.status, launched.text).toBe(200);
    expect(launched.body).toMatchObject({ status: 50, error: [] });
    const mail = sink.received[before]!;
    const attached = leafParts(mail.message).filter((p) =>
      p.headers.get('content-disposition')?.startsWith('attachment'),
    );
    expect(attached.map((p) => p.headers.get('content-type'))).toEqual([
      'application/octet-stream; name=data.bin',
      'text/plain; name=notes.txt',
    ]);
    expect(attached[0]!.body.equals(contents[0]!)).toBe(true);
    expect(attached[1]!.body.equals(contents[1]!)).toBe(true);
  });

  it('routes a refused login to the error port with the server’s message', async () => {
    const credential = await smtpCredential({ [P.Password]: 'not-the-password' });
    const { result, mail } = await sendThroughProcess({
      [IDS.Credential]: credential,
      [IDS.To]: 'ada@example.com',
      [IDS.Subject]: 'Hello',
      [IDS.Body]: 'Hi',
    });
    expect(mail).toBeUndefined();
    expect(result.status).toBe(50);
    expect(result.error).toMatchObject({
      code: 'authentication',
      message: `The SMTP server 127.0.0.1:${sink.port} refused the login of "mailer": Invalid login: 535 Invalid username or password`,
    });
  });

  it('verifies an implicit TLS server’s certificate and fails on one it cannot trust', async () => {
    const credential = await smtpCredential({
      [P.Port]: String(implicitTls.port),
      [P.Encryption]: SmtpEncryptions.Tls,
    });
    const before = implicitTls.received.length;
    const result = await runActionProcess(api, {
      templateId: IDS.Template,
      settings: {
        [IDS.Credential]: credential,
        [IDS.To]: 'ada@example.com',
        [IDS.Subject]: 'Hello',
        [IDS.Body]: 'Hi',
      },
    });
    expect(implicitTls.received).toHaveLength(before);
    expect(result.error).toMatchObject({ code: 'tls' });
    expect(result.error!.message).toMatch(
      /^TLS with the SMTP server 127\.0\.0\.1:\d+ failed: .*certificate/,
    );
  });
});
