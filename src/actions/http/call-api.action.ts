// Owns Call API (API.md §9.6), PROCESIO's current template and its frozen v3: one request to the
// REST credential's URL + endpoint through the egress-checked client, with an Idempotency-Key, and
// the answer as status, body (JSON parsed), headers and, for bytes that are not text, a file.
// A 4xx/5xx answer fails the action (5xx, 408 and 429 retryably) with the answer in `details`.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import {
  HttpClientError,
  describeUrl,
  egressRefusalOf,
  httpClientFor,
  type HttpResponse,
} from '../../connectors/http-client.js';
import { RestCredentialError, callRest, joinUrl, type RestCall } from '../../connectors/rest.js';
import type { ResolvedCredential } from '../../credentials/resolved.js';
import { REST_VERBS, RestProperties, TemplateIds } from '../../credentials/templates.js';
import { renderText } from '../../flow/placeholders.js';
import type { TemplateSetting } from '../../flow/template-catalog.js';
import { ActionError, type ActionContext, type ActionDefinition } from '../action.js';
import { invalidInput, readBoolean, readNumber, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { prepareBody, readRequestParameters } from './request-parameters.js';

/** Setting ids of one Call API template; `Timeout` and `ResponseHeaders` are absent from v3. */
export interface CallApiIds {
  Template: string;
  Credential: string;
  Verb: string;
  Endpoint: string;
  RequestParameters: string;
  Timeout?: string;
  ResponseStatus: string;
  ResponseBody: string;
  ResponseFile: string;
  ResponseHeaders?: string;
  /** Sluice: store the body as a file whatever its type. */
  ResponseAsFile: string;
}

export const CALL_API_IDS = {
  Template: 'cd8bd0bc-9c9c-476c-b16e-975acde804de',
  Credential: '45a7bbde-7e2a-4bd4-a6d3-8420f7790011',
  Verb: '45a7bbde-7e2a-4bd4-a6d3-8420f7790001',
  Endpoint: '45a7bbde-7e2a-4bd4-a6d3-8420f7790002',
  RequestParameters: '45a7bbde-7e2a-4bd4-a6d3-8420f7790003',
  Timeout: '45a7bbde-7e2a-4bd4-a6d3-8420f7790004',
  ResponseStatus: '45a7bbde-7e2a-4bd4-a6d3-8420f7790006',
  ResponseBody: '45a7bbde-7e2a-4bd4-a6d3-8420f7790007',
  ResponseFile: '45a7bbde-7e2a-4bd4-a6d3-8420f7790008',
  ResponseHeaders: '45a7bbde-7e2a-4bd4-a6d3-8420f7790009',
  ResponseAsFile: '5a1ce0a0-ca11-4a91-8000-000000000001',
} as const satisfies CallApiIds;

export const CALL_API_V3_IDS = {
  Template: 'cd8bd0bc-9c9c-476c-b16e-975acde814de',
  Credential: '877c31b0-11b9-4eaf-ae7f-4f56ef093f38',
  Verb: '7d09336b-8422-4019-8689-29e6745e227c',
  Endpoint: '8213a1a2-7eba-45f2-aaae-894524c199b5',
  RequestParameters: '95f9bf32-2a80-436a-9650-a5f694b7d71a',
  ResponseStatus: '9974168c-c3e7-44e9-8f50-9d2831604ebe',
  ResponseBody: 'a7b7d68d-2dce-41b2-9a50-14c031ae2284',
  ResponseFile: '45a7bbde-7e2a-4bd4-a6d3-8420f7795fcc',
  ResponseAsFile: '5a1ce0a0-ca11-4a91-8000-000000000001',
} as const satisfies CallApiIds;

/** PROCESIO's default for *Time Out*, in seconds; also v3's, which has no such setting. */
export const DEFAULT_TIMEOUT_SECONDS = 100;
const MAX_TIMEOUT_SECONDS = 3600;
/** The most a JSON or text body may hold; larger answers go to a file with *Response as file*. */
export const MAX_TEXT_BODY_BYTES = 16 * 1024 * 1024;
const ERROR_EXCERPT = 300;
/** Verbs accepted by name besides the five of §7.3. */
const EXTRA_VERBS = new Set(['HEAD', 'OPTIONS']);

const { Input, Output } = SettingDirections;
const T = DataTypeIds;

interface CallApiSettings {
  credential: TemplateSetting;
  verb: TemplateSetting;
  endpoint: TemplateSetting;
  parameters: TemplateSetting;
  timeout: TemplateSetting | null;
  asFile: TemplateSetting;
  status: TemplateSetting;
  body: TemplateSetting;
  file: TemplateSetting;
  headers: TemplateSetting | null;
}

function settingsOf(ids: CallApiIds, credentialRequired: boolean): CallApiSettings {
  return {
    credential: setting(ids.Credential, 'Select REST API credentials', 'credentials', Input, null, {
      isRequired: credentialRequired,
    }),
    verb: setting(ids.Verb, 'Verb', 'verb', Input, T.String, { isRequired: true }),
    endpoint: setting(ids.Endpoint, 'Endpoint', 'api-endpoint', Input, T.String),
    parameters: setting(
      ids.RequestParameters,
      'Request Parameters',
      'tabs-payload-v2',
      Input,
      T.Json,
      {
        isRequired: true,
        defaultValue: '{"body":{"type":"NONE"},"headers":[],"queryParams":[]}',
      },
    ),
    timeout: ids.Timeout
      ? setting(ids.Timeout, 'Time Out', 'number', Input, T.Integer, {
          isRequired: true,
          defaultValue: String(DEFAULT_TIMEOUT_SECONDS),
        })
      : null,
    asFile: setting(ids.ResponseAsFile, 'Response as file', 'check-box', Input, T.Boolean),
    status: setting(ids.ResponseStatus, 'Response Status', 'number', Output, T.Integer),
    body: setting(ids.ResponseBody, 'Response Body', 'datatype', Output, T.Object),
    file: setting(ids.ResponseFile, 'Response File', 'file', Output, T.File),
    headers: ids.ResponseHeaders
      ? setting(ids.ResponseHeaders, 'Response Headers', 'datatype', Output, T.Object)
      : null,
  };
}

const VERB_BY_GUID = new Map(REST_VERBS.map((v) => [v.gid, v.value]));
const VERB_NAMES = new Set([...REST_VERBS.map((v) => v.value), ...EXTRA_VERBS]);

function readVerb(inputs: ActionContext['inputs'], verb: TemplateSetting): string {
  const value = readText(inputs, verb).trim();
  const byGuid = VERB_BY_GUID.get(value.toLowerCase());
  if (byGuid) return byGuid;
  if (VERB_NAMES.has(value.toUpperCase())) return value.toUpperCase();
  throw invalidInput(
    verb,
    `must be GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS (or one of their ids); got ${JSON.stringify(value.slice(0, 60))}.`,
  );
}

function readTimeoutSeconds(inputs: ActionContext['inputs'], timeout: TemplateSetting | null) {
  if (!timeout) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = readNumber(inputs, timeout, DEFAULT_TIMEOUT_SECONDS);
  if (seconds <= 0) return DEFAULT_TIMEOUT_SECONDS;
  if (seconds > MAX_TIMEOUT_SECONDS)
    throw invalidInput(timeout, `must be at most ${MAX_TIMEOUT_SECONDS} seconds.`);
  return seconds;
}

function header(response: HttpResponse, name: string): string {
  const value = response.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

type BodyKind = 'json' | 'text' | 'bytes';

/** JSON and text stay values of the flow; every other media type is bytes, kept as a file. */
function bodyKind(contentType: string): BodyKind {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === '') return 'text';
  if (type === 'application/json' || type.endsWith('+json') || type === 'text/json') return 'json';
  if (
    type.startsWith('text/') ||
    type.endsWith('+xml') ||
    type === 'application/xml' ||
    type === 'application/javascript' ||
    type === 'application/x-www-form-urlencoded'
  )
    return 'text';
  return 'bytes';
}

function parseBody(kind: BodyKind, text: string): unknown {
  if (text === '') return null;
  if (kind !== 'json') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The file name the peer gave (Content-Disposition), else the last segment of the URL. */
function responseFileName(response: HttpResponse): string {
  const disposition = header(response, 'content-disposition');
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // Falls through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(disposition);
  const named = (plain?.[1] ?? plain?.[2] ?? '').trim();
  if (named) return named.split(/[\\/]/).pop()!;
  const segment = response.url.pathname.split('/').filter(Boolean).pop();
  try {
    return segment ? decodeURIComponent(segment) : 'response';
  } catch {
    return segment ?? 'response';
  }
}

function excerpt(value: unknown): string {
  const text = renderText(value).replace(/\s+/g, ' ').trim();
  return text.length > ERROR_EXCERPT ? `${text.slice(0, ERROR_EXCERPT)}…` : text;
}

/** The URL called, for messages: never its query, which may carry an API key. */
function targetOf(credential: ResolvedCredential | null, endpoint: string): string {
  const base = credential ? renderText(credential.values.get(RestProperties.Url)).trim() : '';
  try {
    return describeUrl(new URL(credential ? joinUrl(base, endpoint) : endpoint));
  } catch {
    return 'the API';
  }
}

function retryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** Turns what the transport threw into the failure the flow sees; secrets never in a message. */
function failureOf(error: unknown, target: string, timeoutSeconds: number): unknown {
  if (error instanceof ActionError) return error;
  const refused = egressRefusalOf(error);
  if (refused) return ActionError.of('egress.refused', refused.message);
  if (error instanceof RestCredentialError)
    return ActionError.of('credential.invalid', error.message, { retryable: error.retryable });
  if (error instanceof HttpClientError) {
    switch (error.kind) {
      case 'timeout':
        return ActionError.of('timeout', `${target} did not answer within ${timeoutSeconds} s.`, {
          retryable: true,
        });
      case 'network':
        return ActionError.of('http.network', `${target}: ${error.message}`, { retryable: true });
      case 'too-large':
        return ActionError.of(
          'http.response_too_large',
          `${target}: ${error.message} Tick "Response as file" to keep a large answer as a file.`,
        );
      case 'redirects':
        return ActionError.of('http.redirects', `${target}: ${error.message}`);
      case 'invalid-url':
        return ActionError.of('validation', error.message);
    }
  }
  return error;
}

function callApi(name: string, ids: CallApiIds, credentialRequired: boolean): ActionDefinition {
  const s = settingsOf(ids, credentialRequired);
  const settings = [s.credential, s.verb, s.endpoint, s.parameters];
  if (s.timeout) settings.push(s.timeout);
  settings.push(s.asFile, s.status, s.body, s.file);
  if (s.headers) settings.push(s.headers);

  return {
    template: actionTemplate(ids.Template, name, settings),
    effectful: true,
    async execute(context) {
      const { inputs } = context;
      const method = readVerb(inputs, s.verb);
      const endpoint = readText(inputs, s.endpoint).trim();
      const parameters = readRequestParameters(s.parameters, inputs[s.parameters.id]);
      const timeoutSeconds = readTimeoutSeconds(inputs, s.timeout);
      const asFile = readBoolean(inputs, s.asFile);
      const credentialId = readText(inputs, s.credential).trim();
      const credential = credentialId ? await context.credentials.get(credentialId) : null;
      if (
        credential &&
        credential.template.type !== 'rest' &&
        credential.template.gid !== TemplateIds.Rest
      )
        throw invalidInput(s.credential, 'must be a REST API credential.');
      if (!credential && !/^https?:\/\//i.test(endpoint))
        throw invalidInput(
          s.endpoint,
          'must be an absolute http(s) URL when no REST API credential is selected.',
        );

      // GET and HEAD carry no body, whatever the designer left in the body tab.
      const sendsBody = method !== 'GET' && method !== 'HEAD';
      const body = sendsBody
        ? await prepareBody(s.parameters, parameters.body, context.files)
        : { body: null, close: () => undefined };
      const own: Record<string, string> = {};
      for (const [key, value] of parameters.headers) {
        const lower = key.toLowerCase();
        own[lower] = lower in own ? `${own[lower]}, ${value}` : value;
      }
      const headers: Record<string, string> = {
        'idempotency-key': context.idempotencyKey,
        ...own,
      };
      // A multipart body's type names its boundary, so the flow's own Content-Type cannot win.
      if (body.contentType && (parameters.body.type === 'FORM_DATA' || !own['content-type']))
        headers['content-type'] = body.contentType;
      const call: RestCall = {
        method,
        endpoint,
        query: parameters.query,
        headers,
        body: body.body,
        ...(body.contentLength !== undefined ? { contentLength: body.contentLength } : {}),
        signal: context.signal,
        timeoutMs: timeoutSeconds * 1000,
        maxResponseBytes: Number.POSITIVE_INFINITY,
      };
      const target = `${method} ${targetOf(credential, endpoint)}`;
      try {
        const response = await callRest(credential, call, {
          client: httpClientFor(context.egress),
          readFile: async (path) =>
            context.credentials.readFile ? context.credentials.readFile(path) : null,
        });
        return await readResponse(context, s, response, method, asFile);
      } catch (error) {
        throw failureOf(error, target, timeoutSeconds);
      } finally {
        body.close();
      }
    },
  };
}

async function readResponse(
  context: ActionContext,
  s: CallApiSettings,
  response: HttpResponse,
  method: string,
  asFile: boolean,
): Promise<Record<string, unknown>> {
  const target = `${method} ${describeUrl(response.url)}`;
  const contentType = header(response, 'content-type');
  const kind = bodyKind(contentType);
  const empty =
    method === 'HEAD' ||
    response.status === 204 ||
    response.status === 304 ||
    header(response, 'content-length') === '0';
  const headers: Record<string, string | string[]> = { ...response.headers };

  if (response.status >= 400) {
    const text = kind === 'bytes' ? '' : await response.text(MAX_TEXT_BODY_BYTES).catch(() => '');
    if (kind === 'bytes') response.discard();
    const body = parseBody(kind, text);
    const answered = `${target} answered ${response.status} ${response.statusText}`.trim();
    throw ActionError.of('http.status', text ? `${answered}: ${excerpt(body)}` : `${answered}.`, {
      retryable: retryableStatus(response.status),
      details: { status: response.status, headers, body },
    });
  }

  const outputs: Record<string, unknown> = {
    [s.status.id]: response.status,
    [s.body.id]: null,
    [s.file.id]: null,
  };
  if (s.headers) outputs[s.headers.id] = headers;
  if (empty) {
    response.discard();
    return outputs;
  }
  if (asFile || kind === 'bytes') {
    outputs[s.file.id] = await context.files.create({
      name: responseFileName(response),
      mimeType: contentType.split(';')[0]!.trim().toLowerCase() || 'application/octet-stream',
      content: response.body,
    });
    return outputs;
  }
  outputs[s.body.id] = parseBody(kind, await response.text(MAX_TEXT_BODY_BYTES));
  return outputs;
}

export const callApiAction = callApi('Call API', CALL_API_IDS, false);
export const callApiV3Action = callApi('Call API v3', CALL_API_V3_IDS, true);
