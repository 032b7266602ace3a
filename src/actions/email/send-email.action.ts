// Owns the Send Email action: one message through an SMTP credential, from a display name and an
// address, to comma-separated To / Cc / Bcc lists, with a text or HTML body and File attachments
// streamed from the instance's files. A retried attempt keeps the same Message-ID.
import { createHash } from 'node:crypto';
import { ConnectorError } from '../../connectors/connection.js';
import {
  InvalidAddressError,
  parseAddressList,
  sendMail,
  smtpSettings,
  type MailAddress,
  type MailAttachment,
} from '../../connectors/smtp.js';
import { TemplateIds } from '../../credentials/templates.js';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections, type TemplateSetting } from '../../flow/template-catalog.js';
import { ActionError, type ActionDefinition, type OpenedFile } from '../action.js';
import { invalidInput, readBoolean, readText, type Inputs } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';

export const SEND_EMAIL_IDS = {
  Template: 'c7673492-2912-4975-8cab-747fb9f4085d',
  Credential: 'f9d5da64-bbc0-4d53-a0ad-6f948cc3ff05',
  FromName: '90d1ec9f-803c-42bc-bd8b-ca11e4ef116c',
  FromAddress: '90d1ec9f-803c-42bc-bd8b-ca11e4ef11c6',
  To: '1def19eb-ec69-4a21-a756-4abec8ae3171',
  Cc: '30ba958f-0d83-4259-97b9-d64ce7282d83',
  Bcc: '1b6fbfac-183a-481b-9e0d-d4e7cf5543fe',
  Subject: '9eeaf788-c023-4848-afe7-2454840bd321',
  Body: '235aa4cf-d20f-4dbb-ad1d-d03e5ff5f13e',
  Attachments: '5330da65-bd38-4419-88c7-93136bdb6dd9',
  BodyIsHtml: '3fdba8f7-75b5-4350-9d85-b542f8e5a73d',
} as const;

const IDS = SEND_EMAIL_IDS;
const { Input } = SettingDirections;
const { String: STRING, Object: OBJECT, Boolean: BOOLEAN, File: FILE } = DataTypeIds;
const required = { isRequired: true } as const;

// The credential kind lets the designer offer SMTP credentials only.
const credential: TemplateSetting = Object.freeze({
  ...setting(IDS.Credential, 'Select SMTP credentials', 'credentials', Input, null, required),
  credentialsTemplateId: TemplateIds.Smtp,
});
const fromName = setting(IDS.FromName, 'From (Display Name)', 'text', Input, STRING);
const fromAddress = setting(IDS.FromAddress, 'From (Entity)', 'text', Input, STRING);
const to = setting(IDS.To, 'To', 'text', Input, STRING, required);
const cc = setting(IDS.Cc, 'Cc', 'text', Input, STRING);
const bcc = setting(IDS.Bcc, 'Bcc', 'text', Input, STRING);
const subject = setting(IDS.Subject, 'Subject', 'text', Input, OBJECT, required);
const body = setting(IDS.Body, 'Body', 'code-editor', Input, OBJECT, required);
const attachments = setting(IDS.Attachments, 'Map attachment', 'file', Input, FILE, {
  isList: true,
});
const bodyIsHtml = setting(IDS.BodyIsHtml, 'Body is Html', 'check-box', Input, BOOLEAN);

function addresses(inputs: Inputs, field: TemplateSetting): MailAddress[] {
  try {
    return parseAddressList(readText(inputs, field));
  } catch (error) {
    if (!(error instanceof InvalidAddressError)) throw error;
    throw invalidInput(field, `has an entry that is not an e-mail address: "${error.entry}".`);
  }
}

/** The File values of the attachment setting: a list, one File, or either as JSON text. */
function attachmentValues(inputs: Inputs): unknown[] {
  let value = inputs[IDS.Attachments];
  if (typeof value === 'string') {
    if (value.trim() === '') return [];
    try {
      value = JSON.parse(value);
    } catch {
      throw invalidInput(attachments, 'must be a list of files.');
    }
  }
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item) => item !== null && item !== undefined);
}

function asActionError(error: unknown): unknown {
  return error instanceof ConnectorError
    ? ActionError.of(error.type, error.message, { retryable: error.retryable })
    : error;
}

export const sendEmailAction: ActionDefinition = {
  template: actionTemplate(IDS.Template, 'Send Email', [
    credential,
    fromName,
    fromAddress,
    to,
    cc,
    bcc,
    subject,
    body,
    attachments,
    bodyIsHtml,
  ]),
  effectful: true,
  async execute(context) {
    const { inputs } = context;
    const smtp = await context.credentials.get(readText(inputs, credential));
    let defaultSender: string;
    try {
      const settings = smtpSettings(smtp);
      defaultSender = settings.from || (settings.user.includes('@') ? settings.user : '');
    } catch (error) {
      throw asActionError(error);
    }
    const sender = readText(inputs, fromAddress).trim() || defaultSender;
    const [from] = sender === '' ? [] : addresses({ [fromAddress.id]: sender }, fromAddress);
    if (!from) throw invalidInput(fromAddress, 'is empty and the credential has no From address.');
    const recipients = {
      to: addresses(inputs, to),
      cc: addresses(inputs, cc),
      bcc: addresses(inputs, bcc),
    };
    if (recipients.to.length === 0) throw invalidInput(to, 'names no recipient.');
    const text = readText(inputs, body);
    const html = readBoolean(inputs, bodyIsHtml);

    const opened: OpenedFile[] = [];
    try {
      for (const value of attachmentValues(inputs)) opened.push(await context.files.open(value));
      const files: MailAttachment[] = opened.map((file) => ({
        filename: file.name,
        contentType: file.mimeType,
        content: file.stream,
      }));
      const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
      const digest = createHash('sha256').update(context.idempotencyKey).digest('hex');
      await sendMail(
        smtp,
        context.egress,
        {
          from: { name: readText(inputs, fromName).trim() || from.name, address: from.address },
          ...recipients,
          subject: readText(inputs, subject),
          ...(html ? { html: text } : { text }),
          attachments: files,
          messageId: `<${digest.slice(0, 32)}@${domain}>`,
        },
        context.signal,
      );
    } catch (error) {
      throw asActionError(error);
    } finally {
      for (const file of opened) file.stream.destroy();
    }
    return {};
  },
};
