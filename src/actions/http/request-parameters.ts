// Owns Call API's *Request parameters* value (API.md §9.6): query parameters, headers and a body of
// one of PROCESIO's body types, read leniently (object or JSON text, names in any case) and turned
// into the bytes to send. Files (FORM_DATA file items, BINARY) are streamed from the file store.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { RequestBody } from '../../connectors/http-client.js';
import { renderText } from '../../flow/placeholders.js';
import { getProperty, isRecord } from '../../flow/json.js';
import type { TemplateSetting } from '../../flow/template-catalog.js';
import type { FileAccess, OpenedFile } from '../action.js';
import { invalidInput } from '../inputs.js';

export type BodyType = 'NONE' | 'RAW' | 'X_WWW_FORM_URLENCODED' | 'FORM_DATA' | 'BINARY';

export interface KeyValueItem {
  key: string;
  value: unknown;
  /** `TEXT` or `FILE` (form data); anything else reads as TEXT. */
  type: string;
}

export interface RequestParameters {
  query: [string, string][];
  headers: [string, string][];
  body:
    | { type: 'NONE' }
    | { type: 'RAW'; format: string; value: string }
    | { type: 'X_WWW_FORM_URLENCODED'; items: KeyValueItem[] }
    | { type: 'FORM_DATA'; items: KeyValueItem[] }
    | { type: 'BINARY'; file: unknown };
}

const BODY_TYPES = new Set<BodyType>([
  'NONE',
  'RAW',
  'X_WWW_FORM_URLENCODED',
  'FORM_DATA',
  'BINARY',
]);

/** RAW formats as PROCESIO's designer names them, and the media type each one is sent as. */
const RAW_MEDIA_TYPES: Readonly<Record<string, string>> = {
  JSON: 'application/json',
  TEXT: 'text/plain; charset=utf-8',
  XML: 'application/xml',
  HTML: 'text/html; charset=utf-8',
  JAVASCRIPT: 'application/javascript',
};

function parseJson(setting: TemplateSetting, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return null;
  try {
    return JSON.parse(value);
  } catch {
    throw invalidInput(setting, 'must be a JSON object with body, headers and queryParams.');
  }
}

function items(setting: TemplateSetting, value: unknown, at: string): KeyValueItem[] {
  const list = parseJson(setting, value);
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) throw invalidInput(setting, `has ${at} that is not a list.`);
  const out: KeyValueItem[] = [];
  for (const item of list) {
    if (!isRecord(item))
      throw invalidInput(setting, `has an entry of ${at} that is not an object.`);
    const key = renderText(getProperty(item, 'key')).trim();
    // An empty row is what the designer leaves after the last entry.
    if (key === '') continue;
    const type = renderText(getProperty(item, 'type')).trim().toUpperCase() || 'TEXT';
    out.push({ key, value: getProperty(item, 'value'), type });
  }
  return out;
}

function textPairs(list: KeyValueItem[]): [string, string][] {
  return list.map((item) => [item.key, renderText(item.value)]);
}

/** Reads the setting's value: an object, or the JSON text of one; absent means no parameters. */
export function readRequestParameters(setting: TemplateSetting, raw: unknown): RequestParameters {
  const value = parseJson(setting, raw);
  if (value === null || value === undefined)
    return { query: [], headers: [], body: { type: 'NONE' } };
  if (!isRecord(value))
    throw invalidInput(setting, 'must be a JSON object with body, headers and queryParams.');
  const query = textPairs(items(setting, getProperty(value, 'queryParams'), 'queryParams'));
  const headers = textPairs(items(setting, getProperty(value, 'headers'), 'headers'));
  for (const [name, text] of headers)
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(text))
      throw invalidInput(setting, `has a header that cannot be sent: ${JSON.stringify(name)}.`);
  return { query, headers, body: readBody(setting, getProperty(value, 'body')) };
}

function readBody(setting: TemplateSetting, raw: unknown): RequestParameters['body'] {
  const body = parseJson(setting, raw);
  if (body === null || body === undefined) return { type: 'NONE' };
  if (!isRecord(body)) throw invalidInput(setting, 'has a body that is not an object.');
  const type = renderText(getProperty(body, 'type')).trim().toUpperCase() || 'NONE';
  if (!BODY_TYPES.has(type as BodyType))
    throw invalidInput(
      setting,
      `has body type ${JSON.stringify(type)}; expected NONE, RAW, X_WWW_FORM_URLENCODED, FORM_DATA or BINARY.`,
    );
  const values = parseJson(setting, getProperty(body, 'value'));
  const of = (name: string) => (isRecord(values) ? getProperty(values, name) : undefined);
  switch (type as BodyType) {
    case 'NONE':
      return { type: 'NONE' };
    case 'RAW': {
      const raw = of('RAW');
      const record = isRecord(raw) ? raw : { value: raw };
      const format = renderText(getProperty(record, 'format')).trim().toUpperCase() || 'TEXT';
      return { type: 'RAW', format, value: renderText(getProperty(record, 'value')) };
    }
    case 'X_WWW_FORM_URLENCODED':
      return {
        type: 'X_WWW_FORM_URLENCODED',
        items: items(setting, of('X_WWW_FORM_URLENCODED'), 'X_WWW_FORM_URLENCODED'),
      };
    case 'FORM_DATA':
      return { type: 'FORM_DATA', items: items(setting, of('FORM_DATA'), 'FORM_DATA') };
    case 'BINARY':
      return { type: 'BINARY', file: of('BINARY') };
  }
}

export interface PreparedBody {
  body: RequestBody | null;
  /** Set for bodies made of files, so they are not sent chunked. */
  contentLength?: number;
  contentType?: string;
  /** Releases files opened for the body and not (fully) sent. */
  close(): void;
}

const NO_BODY: PreparedBody = { body: null, close: () => undefined };

/** A File value may arrive as an object, the JSON text of one, or a list of them. */
function fileValues(value: unknown): unknown[] {
  let candidate = value;
  if (typeof candidate === 'string' && /^\s*[[{]/.test(candidate)) {
    try {
      candidate = JSON.parse(candidate);
    } catch {
      // Left as it is: the file store reports it as no file.
    }
  }
  if (candidate === null || candidate === undefined || candidate === '') return [];
  return Array.isArray(candidate) ? candidate : [candidate];
}

/** Form-data names and file names as browsers write them: quotes and line breaks escaped. */
function quoted(text: string): string {
  return `"${text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

/**
 * The bytes of the body. Files are opened once to learn their sizes (the body is sent with a
 * Content-Length) and opened again only if a 307/308 redirect asks for the body a second time.
 */
export async function prepareBody(
  setting: TemplateSetting,
  body: RequestParameters['body'],
  files: FileAccess,
): Promise<PreparedBody> {
  switch (body.type) {
    case 'NONE':
      return NO_BODY;
    case 'RAW':
      return {
        body: body.value,
        contentType: RAW_MEDIA_TYPES[body.format] ?? RAW_MEDIA_TYPES.TEXT,
        close: () => undefined,
      };
    case 'X_WWW_FORM_URLENCODED':
      return {
        body: new URLSearchParams(textPairs(body.items)).toString(),
        contentType: 'application/x-www-form-urlencoded',
        close: () => undefined,
      };
    case 'BINARY': {
      const [value, ...more] = fileValues(body.file);
      if (value === undefined || more.length > 0)
        throw invalidInput(setting, 'needs exactly one file for a BINARY body.');
      return fromFiles([value], files, (opened) => ({
        length: opened[0]!.size,
        contentType: opened[0]!.mimeType || 'application/octet-stream',
        chunks: async function* () {
          yield* opened[0]!.stream;
        },
      }));
    }
    case 'FORM_DATA':
      return formData(body.items, files);
  }
}

interface Layout {
  length: number;
  contentType: string;
  chunks: () => AsyncGenerator<unknown>;
}

/** Opens the files, lays the body out around them, and reopens them for a replay. */
async function fromFiles(
  values: unknown[],
  files: FileAccess,
  layout: (opened: OpenedFile[]) => Layout,
): Promise<PreparedBody> {
  const open = async () => {
    const opened: OpenedFile[] = [];
    try {
      for (const value of values) opened.push(await files.open(value));
    } catch (error) {
      for (const file of opened) file.stream.destroy();
      throw error;
    }
    return opened;
  };
  const all: OpenedFile[] = [];
  const first = await open();
  all.push(...first);
  const { length, contentType } = layout(first);
  let unused: OpenedFile[] | null = first;
  return {
    body: async () => {
      const opened = unused ?? (await open());
      if (!unused) all.push(...opened);
      unused = null;
      return Readable.from(layout(opened).chunks());
    },
    contentLength: length,
    contentType,
    close: () => {
      for (const file of all) if (!file.stream.destroyed) file.stream.destroy();
    },
  };
}

type FormPart = { key: string; text: Buffer } | { key: string; file: unknown };

async function formData(items: KeyValueItem[], files: FileAccess): Promise<PreparedBody> {
  const boundary = `----SluiceFormBoundary${randomUUID().replace(/-/g, '')}`;
  const parts: FormPart[] = items.flatMap((item): FormPart[] =>
    item.type === 'FILE'
      ? fileValues(item.value).map((file) => ({ key: item.key, file }))
      : [{ key: item.key, text: Buffer.from(renderText(item.value)) }],
  );
  const fileList = parts.flatMap((part) => ('file' in part ? [part.file] : []));
  const disposition = (key: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(key)}`;
  const closing = Buffer.from(`--${boundary}--\r\n`);
  const crlf = Buffer.from('\r\n');
  return fromFiles(fileList, files, (opened) => {
    let next = 0;
    const laidOut = parts.map((part) => {
      if ('text' in part)
        return { head: Buffer.from(`${disposition(part.key)}\r\n\r\n`), text: part.text };
      const file = opened[next++]!;
      const head = Buffer.from(
        `${disposition(part.key)}; filename=${quoted(file.name)}\r\n` +
          `Content-Type: ${file.mimeType || 'application/octet-stream'}\r\n\r\n`,
      );
      return { head, file };
    });
    const length = laidOut.reduce(
      (sum, part) => sum + part.head.length + (part.text?.length ?? part.file!.size) + crlf.length,
      closing.length,
    );
    return {
      length,
      contentType: `multipart/form-data; boundary=${boundary}`,
      chunks: async function* () {
        for (const part of laidOut) {
          yield part.head;
          if (part.text) yield part.text;
          else yield* part.file!.stream;
          yield crlf;
        }
        yield closing;
      },
    };
  });
}
