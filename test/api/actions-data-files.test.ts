// Every date, converter, utility, JSON/XML and file action run inside a real process through the
// HTTP API: saved with POST /api/Projects and run synchronously (runActionProcess), outputs read
// from the result envelope. File actions go end to end: a file one action makes is downloaded with
// GET /api/File/download, byte for byte, or read by a second action of the same process; uploaded
// files reach an action through publish → upload → launch. Failures are checked where they land,
// on the action's error port.
import { createCipheriv, createHash, createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONVERTER_ACTIONS } from '../../src/actions/converters/index.js';
import { BASE64_TO_STRING_IDS } from '../../src/actions/converters/base64-to-string.action.js';
import { DECRYPT_AES256_IDS } from '../../src/actions/converters/decrypt-aes256.action.js';
import { ENCRYPT_AES256_IDS } from '../../src/actions/converters/encrypt-aes256.action.js';
import { HASH_IDS } from '../../src/actions/converters/hash.action.js';
import { HASH_MAC_IDS } from '../../src/actions/converters/hash-mac.action.js';
import { OBJECT_TO_STRING_IDS } from '../../src/actions/converters/object-to-string.action.js';
import { STRING_TO_BASE64_IDS } from '../../src/actions/converters/string-to-base64.action.js';
import { DATE_ACTIONS } from '../../src/actions/dates/index.js';
import { DATE_DIFFERENCE_IDS } from '../../src/actions/dates/date-difference.action.js';
import { DATE_FROM_STRING_IDS } from '../../src/actions/dates/date-from-string.action.js';
import { DATETIME_TO_STRING_IDS } from '../../src/actions/dates/datetime-to-string.action.js';
import { FORMAT_DATETIME_IDS } from '../../src/actions/dates/format-datetime.action.js';
import { GET_DAY_IDS } from '../../src/actions/dates/get-day.action.js';
import { GET_DAY_OF_WEEK_IDS } from '../../src/actions/dates/get-day-of-week.action.js';
import { GET_HOUR_IDS } from '../../src/actions/dates/get-hour.action.js';
import { GET_MINUTE_IDS } from '../../src/actions/dates/get-minute.action.js';
import { GET_MONTH_IDS } from '../../src/actions/dates/get-month.action.js';
import { GET_WEEK_NUMBER_IDS } from '../../src/actions/dates/get-week-number.action.js';
import { GET_YEAR_IDS } from '../../src/actions/dates/get-year.action.js';
import { IS_WEEKDAY_IDS } from '../../src/actions/dates/is-weekday.action.js';
import { IS_WEEKEND_IDS } from '../../src/actions/dates/is-weekend.action.js';
import { PARSE_EXACT_DATETIME_IDS } from '../../src/actions/dates/parse-exact-datetime.action.js';
import { PARSE_OLE_DATE_IDS } from '../../src/actions/dates/parse-ole-date.action.js';
import { STRING_TO_DATETIME_IDS } from '../../src/actions/dates/string-to-datetime.action.js';
import { TIME_DIFFERENCE_IDS } from '../../src/actions/dates/time-difference.action.js';
import { TIMEZONE_CONVERTER_IDS } from '../../src/actions/dates/timezone-converter.action.js';
import { TODAY_IDS } from '../../src/actions/dates/today.action.js';
import { UPDATE_DATETIME_IDS } from '../../src/actions/dates/update-datetime.action.js';
import { UTC_NOW_IDS } from '../../src/actions/dates/utc-now.action.js';
import { FILE_ACTIONS } from '../../src/actions/files/index.js';
import { BASE64_TO_FILE_IDS } from '../../src/actions/files/base64-to-file.action.js';
import { EXPORT_TO_CSV_IDS } from '../../src/actions/files/export-to-csv.action.js';
import { FILE_TO_BASE64_IDS } from '../../src/actions/files/file-to-base64.action.js';
import { FILE_TO_STRING_IDS } from '../../src/actions/files/file-to-string.action.js';
import { LIST_TO_FILE_IDS } from '../../src/actions/files/list-to-file.action.js';
import { OBJECT_TO_FILE_IDS } from '../../src/actions/files/object-to-file.action.js';
import { READ_FILES_CONTENT_IDS } from '../../src/actions/files/read-files-content.action.js';
import { READ_RANGE_FROM_CSV_IDS } from '../../src/actions/files/read-range-from-csv.action.js';
import { JSON_ACTIONS } from '../../src/actions/json/index.js';
import { EXTRACT_LIST_IDS } from '../../src/actions/json/extract-list.action.js';
import { EXTRACT_OBJECTS_IDS } from '../../src/actions/json/extract-objects.action.js';
import { FILE_TO_JSON_IDS } from '../../src/actions/json/file-to-json.action.js';
import { IS_VALID_JSON_IDS } from '../../src/actions/json/is-valid-json.action.js';
import { JSON_TO_XML_IDS } from '../../src/actions/json/json-to-xml.action.js';
import { KEY_VALUE_IDS } from '../../src/actions/json/key-value.action.js';
import { STRING_TO_JSON_IDS } from '../../src/actions/json/string-to-json.action.js';
import { XML_TO_JSON_IDS } from '../../src/actions/json/xml-to-json.action.js';
import { UTILITY_ACTIONS } from '../../src/actions/utilities/index.js';
import { GENERATE_GUID_IDS } from '../../src/actions/utilities/generate-guid.action.js';
import { GENERATE_INTEGER_IDS } from '../../src/actions/utilities/generate-integer.action.js';
import { GENERATE_STRING_IDS } from '../../src/actions/utilities/generate-string.action.js';
import type { DataTypeIds } from '../../src/domain/data-types/types.js';
import {
  runActionProcess,
  type ActionProcessInput,
  type ActionProcessResult,
  type ActionProcessSpec,
  type ApiTarget,
} from '../../src/testing/action-process.js';
import { FlowBuilder, lit, ref, type Operand } from '../../src/testing/flow-builder.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

type TypeName = keyof typeof DataTypeIds;

let server: TestServer;
let api: ApiTarget;

beforeAll(async () => {
  server = await startTestServer();
  api = { url: server.url, headers: bearer((await login(server.url)).access_token!) };
});
afterAll(async () => server.close());

interface FileValue {
  name: string;
  id: string;
  path: string;
  size: number;
  mimeType: string;
  hash: string;
}

/** One action run: its process spec and what its outputs must be. */
interface Case {
  behaviour: string;
  spec: ActionProcessSpec | (() => Promise<ActionProcessSpec>);
  outputs?: Record<string, unknown>;
  /** For outputs that depend on the clock or on chance. */
  check?: (outputs: Record<string, unknown>) => void;
}

const out = (setting: string, type: TypeName, list = false) => ({ setting, type, list });
const input = (value: unknown, type: TypeName, list = false): ActionProcessInput => ({
  value,
  type,
  list,
});

async function succeeds(testCase: Case): Promise<ActionProcessResult> {
  const spec = typeof testCase.spec === 'function' ? await testCase.spec() : testCase.spec;
  const result = await runActionProcess(api, spec);
  expect(result.error, JSON.stringify(result.error)).toBeNull();
  expect(result.status).toBe(50);
  if (testCase.outputs) expect(result.outputs).toEqual(testCase.outputs);
  testCase.check?.(result.outputs);
  return result;
}

/** Runs a spec expected to fail; answers what its error port received. */
async function fails(spec: ActionProcessSpec): Promise<{ message: string; code?: string }> {
  const result = await runActionProcess(api, spec);
  expect(result.status).toBe(50);
  expect(result.error).not.toBeNull();
  return result.error!;
}

/** The families' actions that no run of this file exercises. */
function untested(
  family: readonly { template: { id: string } }[],
  run: Iterable<string>,
): string[] {
  const seen = new Set(run);
  return family.map((a) => a.template.id).filter((id) => !seen.has(id));
}

const specsOf = (cases: Case[]) =>
  cases.flatMap((c) => (typeof c.spec === 'function' ? [] : [c.spec.templateId]));

/** GET /api/File/download with the file's path (and any ids) in headers, as clients send them. */
async function download(file: FileValue, ids: Record<string, string> = {}) {
  const res = await fetch(`${api.url}/api/File/download?isArchived=false`, {
    headers: { ...api.headers, uploadFilePath: file.path, ...ids },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

interface Step {
  templateId: string;
  settings?: Record<string, unknown>;
  /** Setting id → name of a process variable of `runSteps`. */
  bind?: Record<string, string>;
}

/**
 * Saves and runs Start → steps… → Stop, each step's error port leading to its own Stop with the
 * error kept in `actionError`. Every variable is an output, so the envelope shows them all.
 */
async function runSteps(
  variables: Record<string, { type: TypeName; list?: boolean }>,
  steps: Step[],
): Promise<{
  processId: string;
  instanceId: string;
  variable: Record<string, unknown>;
  variableIds: Record<string, string>;
}> {
  const flow = new FlowBuilder(`Steps ${steps.map((s) => s.templateId).join(' → ')}`);
  const ids: Record<string, string> = {};
  for (const [name, v] of Object.entries(variables))
    ids[name] = flow.variable(name, v.type, { orientation: 30, list: v.list ?? false });
  const failure = flow.variable('actionError', 'Error', { orientation: 30 });
  const nodes = steps.map((step, i) => {
    const params: Record<string, Operand> = {};
    for (const [setting, value] of Object.entries(step.settings ?? {}))
      params[setting] = lit(value);
    for (const [setting, name] of Object.entries(step.bind ?? {}))
      params[setting] = ref(ids[name]!);
    const node = flow.node(step.templateId, `Step ${i + 1}`, params, { errorVariable: failure });
    flow.edge(node, flow.stop(), { error: true });
    return node;
  });
  flow.chain(flow.start(), ...nodes, flow.stop());
  const saved = await call(api.url, 'POST', '/api/Projects', {
    headers: api.headers,
    json: flow.build(),
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const run = await call(
    api.url,
    'POST',
    `/api/Projects/${flow.id}/run?runSynchronous=true&secondsTimeOut=30`,
    { headers: api.headers, json: { payload: {} } },
  );
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  const envelope = run.body as {
    instanceId: string;
    status: number;
    variable: Record<string, unknown>;
  };
  expect(
    envelope.variable.actionError ?? null,
    JSON.stringify(envelope.variable.actionError),
  ).toBeNull();
  expect(envelope.status).toBe(50);
  return {
    processId: flow.id,
    instanceId: envelope.instanceId,
    variable: envelope.variable,
    variableIds: ids,
  };
}

/** A first step storing `content` as a file named `name` in the variable `made`. */
const makeFile = (content: Buffer | string, name: string): Step => ({
  templateId: BASE64_TO_FILE_IDS.Template,
  settings: {
    [BASE64_TO_FILE_IDS.Base64]: Buffer.from(content).toString('base64'),
    [BASE64_TO_FILE_IDS.FileName]: name,
  },
  bind: { [BASE64_TO_FILE_IDS.File]: 'made' },
});

// ----- date and time -----

const MOMENT = '2024-03-05T14:07:09.250Z'; // a Tuesday

const DATE_CASES: Case[] = [
  {
    behaviour: 'Date Difference counts whole calendar months between two dates',
    spec: {
      templateId: DATE_DIFFERENCE_IDS.Template,
      settings: {
        [DATE_DIFFERENCE_IDS.First]: '2024-01-31T12:00:00Z',
        [DATE_DIFFERENCE_IDS.Second]: '2024-03-31T12:00:00Z',
        [DATE_DIFFERENCE_IDS.Unit]: '6',
      },
      outputs: { months: out(DATE_DIFFERENCE_IDS.Result, 'Integer') },
    },
    outputs: { months: 2 },
  },
  {
    behaviour: 'Date from String reads a German short date',
    spec: {
      templateId: DATE_FROM_STRING_IDS.Template,
      settings: {
        [DATE_FROM_STRING_IDS.Text]: '15.06.2009',
        [DATE_FROM_STRING_IDS.Format]: 'd',
        [DATE_FROM_STRING_IDS.Language]: 'de-DE',
      },
      outputs: { date: out(DATE_FROM_STRING_IDS.Result, 'DateTime') },
    },
    outputs: { date: '2009-06-15T00:00:00.000Z' },
  },
  {
    behaviour: 'DateTime To String writes a DateTime variable in the long date format',
    spec: {
      templateId: DATETIME_TO_STRING_IDS.Template,
      variables: { [DATETIME_TO_STRING_IDS.Date]: input('2009-06-15T13:45:30Z', 'DateTime') },
      settings: {
        [DATETIME_TO_STRING_IDS.Format]: 'D',
        [DATETIME_TO_STRING_IDS.Language]: 'en-US',
      },
      outputs: { text: out(DATETIME_TO_STRING_IDS.Result, 'String') },
    },
    outputs: { text: 'Monday, June 15, 2009' },
  },
  {
    behaviour: 'Format DateTime writes a custom .NET format, the culture defaulting to en-US',
    spec: {
      templateId: FORMAT_DATETIME_IDS.Template,
      settings: {
        [FORMAT_DATETIME_IDS.Date]: MOMENT,
        [FORMAT_DATETIME_IDS.Format]: 'dddd dd/MM/yyyy HH:mm:ss.fff',
      },
      outputs: { text: out(FORMAT_DATETIME_IDS.Result, 'String') },
    },
    outputs: { text: 'Tuesday 05/03/2024 14:07:09.250' },
  },
  {
    behaviour: 'Get Day reads the day of the month',
    spec: {
      templateId: GET_DAY_IDS.Template,
      settings: { [GET_DAY_IDS.Date]: MOMENT },
      outputs: { day: out(GET_DAY_IDS.Day, 'Integer') },
    },
    outputs: { day: 5 },
  },
  {
    behaviour: 'Get Day Of Week numbers Tuesday 2 when weeks start on Monday',
    spec: {
      templateId: GET_DAY_OF_WEEK_IDS.Template,
      settings: { [GET_DAY_OF_WEEK_IDS.Date]: MOMENT, [GET_DAY_OF_WEEK_IDS.Numbering]: '2' },
      outputs: { day: out(GET_DAY_OF_WEEK_IDS.Result, 'Integer') },
    },
    outputs: { day: 2 },
  },
  {
    behaviour: 'Get Hour reads the UTC hour',
    spec: {
      templateId: GET_HOUR_IDS.Template,
      settings: { [GET_HOUR_IDS.Date]: '2024-03-05T16:07:09+02:00' },
      outputs: { hour: out(GET_HOUR_IDS.Hour, 'Integer') },
    },
    outputs: { hour: 14 },
  },
  {
    behaviour: 'Get Minute reads the minute',
    spec: {
      templateId: GET_MINUTE_IDS.Template,
      settings: { [GET_MINUTE_IDS.Date]: MOMENT },
      outputs: { minute: out(GET_MINUTE_IDS.Minute, 'Integer') },
    },
    outputs: { minute: 7 },
  },
  {
    behaviour: 'Get Month reads the month',
    spec: {
      templateId: GET_MONTH_IDS.Template,
      settings: { [GET_MONTH_IDS.Date]: MOMENT },
      outputs: { month: out(GET_MONTH_IDS.Month, 'Integer') },
    },
    outputs: { month: 3 },
  },
  {
    behaviour: 'Get Week Number counts weeks from the first four-day week starting Monday',
    spec: {
      templateId: GET_WEEK_NUMBER_IDS.Template,
      settings: {
        [GET_WEEK_NUMBER_IDS.Date]: MOMENT,
        [GET_WEEK_NUMBER_IDS.Rule]: '3',
        [GET_WEEK_NUMBER_IDS.FirstDay]: '2',
      },
      outputs: { week: out(GET_WEEK_NUMBER_IDS.Result, 'Integer') },
    },
    outputs: { week: 10 },
  },
  {
    behaviour: 'Get Year reads the year',
    spec: {
      templateId: GET_YEAR_IDS.Template,
      settings: { [GET_YEAR_IDS.Date]: MOMENT },
      outputs: { year: out(GET_YEAR_IDS.Year, 'Integer') },
    },
    outputs: { year: 2024 },
  },
  {
    behaviour: 'Is Weekday says yes for a Tuesday',
    spec: {
      templateId: IS_WEEKDAY_IDS.Template,
      settings: { [IS_WEEKDAY_IDS.Date]: MOMENT },
      outputs: { weekday: out(IS_WEEKDAY_IDS.Result, 'Boolean') },
    },
    outputs: { weekday: true },
  },
  {
    behaviour: 'Is Weekend says no for a Tuesday',
    spec: {
      templateId: IS_WEEKEND_IDS.Template,
      settings: { [IS_WEEKEND_IDS.Date]: MOMENT },
      outputs: { weekend: out(IS_WEEKEND_IDS.Result, 'Boolean') },
    },
    outputs: { weekend: false },
  },
  {
    behaviour: 'Parse OLE Date reads an Excel serial date with its time of day',
    spec: {
      templateId: PARSE_OLE_DATE_IDS.Template,
      settings: { [PARSE_OLE_DATE_IDS.Input]: '45000.75' },
      outputs: { date: out(PARSE_OLE_DATE_IDS.Result, 'DateTime') },
    },
    outputs: { date: '2023-03-15T18:00:00.000Z' },
  },
  {
    behaviour: 'String To DateTime reads the text with its format and says it matched exactly',
    spec: {
      templateId: STRING_TO_DATETIME_IDS.Template,
      settings: {
        [STRING_TO_DATETIME_IDS.Text]: '05-03-2024 07:15',
        [STRING_TO_DATETIME_IDS.Format]: 'dd-MM-yyyy HH:mm',
      },
      outputs: {
        date: out(STRING_TO_DATETIME_IDS.Result, 'DateTime'),
        exact: out(STRING_TO_DATETIME_IDS.Exact, 'Boolean'),
      },
    },
    outputs: { date: '2024-03-05T07:15:00.000Z', exact: true },
  },
  {
    behaviour: 'String To DateTime (first version) reads Romanian month names exactly',
    spec: {
      templateId: PARSE_EXACT_DATETIME_IDS.Template,
      settings: {
        [PARSE_EXACT_DATETIME_IDS.Text]: '5 martie 2024',
        [PARSE_EXACT_DATETIME_IDS.Format]: 'd MMMM yyyy',
        [PARSE_EXACT_DATETIME_IDS.Language]: 'ro-RO',
      },
      outputs: { date: out(PARSE_EXACT_DATETIME_IDS.Result, 'DateTime') },
    },
    outputs: { date: '2024-03-05T00:00:00.000Z' },
  },
  {
    behaviour: 'Time Difference counts whole minutes',
    spec: {
      templateId: TIME_DIFFERENCE_IDS.Template,
      settings: {
        [TIME_DIFFERENCE_IDS.First]: '2024-01-01T10:00:00Z',
        [TIME_DIFFERENCE_IDS.Second]: '2024-01-01T12:30:59Z',
        [TIME_DIFFERENCE_IDS.Unit]: '2',
      },
      outputs: { minutes: out(TIME_DIFFERENCE_IDS.Result, 'Integer') },
    },
    outputs: { minutes: 150 },
  },
  {
    behaviour: 'Timezone Converter moves a summer Bucharest time to UTC',
    spec: {
      templateId: TIMEZONE_CONVERTER_IDS.Template,
      settings: {
        [TIMEZONE_CONVERTER_IDS.Date]: '2024-07-15T10:00:00Z',
        [TIMEZONE_CONVERTER_IDS.From]: 'Europe/Bucharest',
        [TIMEZONE_CONVERTER_IDS.To]: 'UTC',
      },
      outputs: { date: out(TIMEZONE_CONVERTER_IDS.Result, 'DateTime') },
    },
    outputs: { date: '2024-07-15T07:00:00.000Z' },
  },
  {
    behaviour: "Today answers today's date at midnight UTC",
    spec: { templateId: TODAY_IDS.Template, outputs: { today: out(TODAY_IDS.Today, 'DateTime') } },
    check: ({ today }) => {
      const day = (offset: number) =>
        `${new Date(Date.now() + offset).toISOString().slice(0, 10)}T00:00:00.000Z`;
      // Right after midnight the run may have started the day before.
      expect([day(0), day(-60_000)]).toContain(today);
    },
  },
  {
    behaviour: 'Update DateTime adds a month, clamped to the end of February',
    spec: {
      templateId: UPDATE_DATETIME_IDS.Template,
      settings: {
        [UPDATE_DATETIME_IDS.Date]: '2024-01-31T10:00:00Z',
        [UPDATE_DATETIME_IDS.Unit]: '2',
        [UPDATE_DATETIME_IDS.Amount]: '1',
      },
      outputs: { date: out(UPDATE_DATETIME_IDS.Result, 'DateTime') },
    },
    outputs: { date: '2024-02-29T10:00:00.000Z' },
  },
  {
    behaviour: 'UTC Now answers the moment of the run',
    spec: { templateId: UTC_NOW_IDS.Template, outputs: { now: out(UTC_NOW_IDS.Now, 'DateTime') } },
    check: ({ now }) => {
      expect(now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Math.abs(Date.parse(now as string) - Date.now())).toBeLessThan(60_000);
    },
  },
];

describe('date and time actions in a process', () => {
  for (const testCase of DATE_CASES) it(testCase.behaviour, () => succeeds(testCase));

  it('sends a malformed format to the error port with the setting named', async () => {
    const error = await fails({
      templateId: FORMAT_DATETIME_IDS.Template,
      settings: {
        [FORMAT_DATETIME_IDS.Date]: MOMENT,
        [FORMAT_DATETIME_IDS.Format]: "yyyy 'unclosed",
        [FORMAT_DATETIME_IDS.Language]: 'en-US',
      },
      outputs: { text: out(FORMAT_DATETIME_IDS.Result, 'String') },
    });
    expect(error).toMatchObject({
      code: 'validation',
      message: `"Format" has an unclosed ' quote.`,
    });
  });

  it('cover every action of the family', () => {
    expect(untested(DATE_ACTIONS, specsOf(DATE_CASES))).toEqual([]);
  });
});

// ----- converters -----

const KEY = 'k'.repeat(32);
const IV = 'i'.repeat(16);

function sealed(text: string): Buffer {
  const cipher = createCipheriv('aes-256-cbc', Buffer.from(KEY), Buffer.from(IV));
  return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
}

/** A workspace credential template with one secret property, and a credential holding `key`. */
async function signingCredential(key: string): Promise<string> {
  const propertyId = randomUUID();
  const template = await call(api.url, 'POST', '/api/Credentials/types', {
    headers: api.headers,
    json: {
      name: `HMAC key ${propertyId}`,
      type: 'custom',
      properties: [
        {
          id: propertyId,
          label: 'Secret key',
          type: 'password',
          validations: { isRequired: true },
        },
      ],
    },
  });
  expect(template.status, JSON.stringify(template.body)).toBe(200);
  const created = await call(api.url, 'POST', '/api/Credentials', {
    headers: api.headers,
    json: {
      gtid: (template.body as { gid: string }).gid,
      name: 'signing key',
      properties: [{ id: propertyId, value: key }],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return (created.body as { id: string }).id;
}

const CONVERTER_CASES: Case[] = [
  {
    behaviour: 'Base64 To String decodes UTF-8 text',
    spec: {
      templateId: BASE64_TO_STRING_IDS.Template,
      settings: { [BASE64_TO_STRING_IDS.Base64]: Buffer.from('Sluice ✓').toString('base64') },
      outputs: { text: out(BASE64_TO_STRING_IDS.Result, 'String') },
    },
    outputs: { text: 'Sluice ✓' },
  },
  {
    behaviour: 'Decrypt From AES256 opens AES-256-CBC ciphertext given as hex',
    spec: {
      templateId: DECRYPT_AES256_IDS.Template,
      settings: {
        [DECRYPT_AES256_IDS.Encrypted]: sealed('the plan').toString('hex'),
        [DECRYPT_AES256_IDS.Format]: 'hex',
        [DECRYPT_AES256_IDS.Key]: KEY,
        [DECRYPT_AES256_IDS.Iv]: IV,
      },
      outputs: { text: out(DECRYPT_AES256_IDS.Result, 'String') },
    },
    outputs: { text: 'the plan' },
  },
  {
    behaviour: 'Encrypt To AES256 answers the ciphertext as Base64 and hex',
    spec: {
      templateId: ENCRYPT_AES256_IDS.Template,
      settings: {
        [ENCRYPT_AES256_IDS.Text]: 'the plan',
        [ENCRYPT_AES256_IDS.Key]: KEY,
        [ENCRYPT_AES256_IDS.Iv]: IV,
      },
      outputs: {
        base64: out(ENCRYPT_AES256_IDS.Base64, 'String'),
        hex: out(ENCRYPT_AES256_IDS.Hex, 'String'),
      },
    },
    outputs: {
      base64: sealed('the plan').toString('base64'),
      hex: sealed('the plan').toString('hex'),
    },
  },
  {
    behaviour: 'Hash answers the SHA-256 of a text',
    spec: {
      templateId: HASH_IDS.Template,
      settings: { [HASH_IDS.Text]: 'hello', [HASH_IDS.Algorithm]: 'SHA256' },
      outputs: { digest: out(HASH_IDS.Result, 'String') },
    },
    outputs: { digest: createHash('sha256').update('hello').digest('hex') },
  },
  {
    behaviour: "Hash Mac signs a text with a workspace credential's secret",
    spec: async () => ({
      templateId: HASH_MAC_IDS.Template,
      settings: {
        [HASH_MAC_IDS.Credential]: await signingCredential('shh-its-a-secret'),
        [HASH_MAC_IDS.Text]: 'payload',
        [HASH_MAC_IDS.Algorithm]: 'HMACSHA256',
      },
      outputs: { signature: out(HASH_MAC_IDS.Result, 'String') },
    }),
    outputs: {
      signature: createHmac('sha256', 'shh-its-a-secret').update('payload').digest('hex'),
    },
  },
  {
    behaviour: 'Object To String writes a Json variable as compact JSON',
    spec: {
      templateId: OBJECT_TO_STRING_IDS.Template,
      variables: { [OBJECT_TO_STRING_IDS.Value]: input({ a: [1, 2], b: 'x' }, 'Json') },
      outputs: { text: out(OBJECT_TO_STRING_IDS.Result, 'String') },
    },
    outputs: { text: '{"a":[1,2],"b":"x"}' },
  },
  {
    behaviour: 'String To Base64 encodes the UTF-8 bytes of a text',
    spec: {
      templateId: STRING_TO_BASE64_IDS.Template,
      settings: { [STRING_TO_BASE64_IDS.Text]: 'Sluice ✓' },
      outputs: { base64: out(STRING_TO_BASE64_IDS.Result, 'String') },
    },
    outputs: { base64: Buffer.from('Sluice ✓').toString('base64') },
  },
];

describe('converter actions in a process', () => {
  for (const testCase of CONVERTER_CASES) it(testCase.behaviour, () => succeeds(testCase));

  it('sends text that is not Base64 to the error port', async () => {
    const error = await fails({
      templateId: BASE64_TO_STRING_IDS.Template,
      settings: { [BASE64_TO_STRING_IDS.Base64]: 'not base64!' },
      outputs: { text: out(BASE64_TO_STRING_IDS.Result, 'String') },
    });
    expect(error).toMatchObject({ code: 'validation', message: '"Base64" is not Base64.' });
  });

  it('sends a wrong decryption key to the error port', async () => {
    const error = await fails({
      templateId: DECRYPT_AES256_IDS.Template,
      settings: {
        [DECRYPT_AES256_IDS.Encrypted]: sealed('the plan').toString('base64'),
        [DECRYPT_AES256_IDS.Key]: 'x'.repeat(32),
        [DECRYPT_AES256_IDS.Iv]: IV,
      },
      outputs: { text: out(DECRYPT_AES256_IDS.Result, 'String') },
    });
    expect(error.code).toBe('decryption');
  });

  it('cover every action of the family', () => {
    const run = [...specsOf(CONVERTER_CASES), HASH_MAC_IDS.Template];
    expect(untested(CONVERTER_ACTIONS, run)).toEqual([]);
  });
});

// ----- utilities -----

const UTILITY_CASES: Case[] = [
  {
    behaviour: 'Generate GUID answers a new version 4 GUID',
    spec: {
      templateId: GENERATE_GUID_IDS.Template,
      outputs: { guid: out(GENERATE_GUID_IDS.Guid, 'Guid') },
    },
    check: ({ guid }) =>
      expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
  },
  {
    behaviour: 'Generate Integer stays within its limits',
    spec: {
      templateId: GENERATE_INTEGER_IDS.Template,
      settings: { [GENERATE_INTEGER_IDS.Lower]: '-3', [GENERATE_INTEGER_IDS.Upper]: '3' },
      outputs: { number: out(GENERATE_INTEGER_IDS.Result, 'Integer') },
    },
    check: ({ number }) => expect([-3, -2, -1, 0, 1, 2, 3]).toContain(number),
  },
  {
    behaviour: 'Generate String draws only from the ticked sets',
    spec: {
      templateId: GENERATE_STRING_IDS.Template,
      settings: { [GENERATE_STRING_IDS.Length]: '24', [GENERATE_STRING_IDS.Digits]: 'true' },
      outputs: { text: out(GENERATE_STRING_IDS.Result, 'String') },
    },
    check: ({ text }) => expect(text).toMatch(/^\d{24}$/),
  },
];

describe('utility actions in a process', () => {
  for (const testCase of UTILITY_CASES) it(testCase.behaviour, () => succeeds(testCase));

  it('sends a lower limit above the upper one to the error port', async () => {
    const error = await fails({
      templateId: GENERATE_INTEGER_IDS.Template,
      settings: { [GENERATE_INTEGER_IDS.Lower]: '9', [GENERATE_INTEGER_IDS.Upper]: '1' },
      outputs: { number: out(GENERATE_INTEGER_IDS.Result, 'Integer') },
    });
    expect(error).toMatchObject({
      code: 'validation',
      message:
        '"Smallest value (included)" (9) must not be greater than "Largest value (included)" (1).',
    });
  });

  it('cover every action of the family', () => {
    expect(untested(UTILITY_ACTIONS, specsOf(UTILITY_CASES))).toEqual([]);
  });
});

// ----- JSON and XML -----

const ORDER = {
  id: 7,
  items: [
    { sku: 'a', price: 5 },
    { sku: 'b', price: 12 },
  ],
};

const JSON_CASES: Case[] = [
  {
    behaviour: 'Extract List answers every value a JSONPath query matches',
    spec: {
      templateId: EXTRACT_LIST_IDS.Template,
      variables: { [EXTRACT_LIST_IDS.Json]: input(ORDER, 'Json') },
      settings: { [EXTRACT_LIST_IDS.Query]: '$.items[*].sku' },
      outputs: { skus: out(EXTRACT_LIST_IDS.Result, 'Json', true) },
    },
    outputs: { skus: ['a', 'b'] },
  },
  {
    behaviour: 'Extract Objects (Json Mapper) answers the first match and all matches of a filter',
    spec: {
      templateId: EXTRACT_OBJECTS_IDS.Template,
      variables: { [EXTRACT_OBJECTS_IDS.Json]: input(ORDER, 'Json') },
      settings: { [EXTRACT_OBJECTS_IDS.Query]: '$.items[?(@.price > 1)]' },
      outputs: {
        first: out(EXTRACT_OBJECTS_IDS.Result, 'Json'),
        all: out(EXTRACT_OBJECTS_IDS.ResultList, 'Json', true),
      },
    },
    outputs: { first: ORDER.items[0], all: ORDER.items },
  },
  {
    behaviour: 'Is Valid lets a JSON object through',
    spec: {
      templateId: IS_VALID_JSON_IDS.Template,
      settings: { [IS_VALID_JSON_IDS.Text]: '{"ok": true}' },
    },
    outputs: {},
  },
  {
    behaviour: 'JSON To XML writes attributes and repeated elements',
    spec: {
      templateId: JSON_TO_XML_IDS.Template,
      variables: {
        [JSON_TO_XML_IDS.Json]: input({ order: { '@id': '7', item: ['a', 'b & c'] } }, 'Json'),
      },
      outputs: { xml: out(JSON_TO_XML_IDS.Xml, 'String') },
    },
    outputs: { xml: '<order id="7"><item>a</item><item>b &amp; c</item></order>' },
  },
  {
    behaviour: 'Key Value turns rows into one object',
    spec: {
      templateId: KEY_VALUE_IDS.Template,
      variables: {
        [KEY_VALUE_IDS.List]: input(
          [
            { key: 'colour', value: 'red' },
            { key: 'size', value: 42 },
          ],
          'Json',
          true,
        ),
      },
      settings: { [KEY_VALUE_IDS.KeyAttribute]: 'key', [KEY_VALUE_IDS.ValueAttribute]: 'value' },
      outputs: { object: out(KEY_VALUE_IDS.Result, 'Object') },
    },
    outputs: { object: { colour: 'red', size: 42 } },
  },
  {
    behaviour: 'String To JSON parses an object into the Json output',
    spec: {
      templateId: STRING_TO_JSON_IDS.Template,
      settings: { [STRING_TO_JSON_IDS.Text]: '{"a": {"b": [1, null]}}' },
      outputs: {
        json: out(STRING_TO_JSON_IDS.Json, 'Json'),
        list: out(STRING_TO_JSON_IDS.JsonList, 'Json', true),
      },
    },
    outputs: { json: { a: { b: [1, null] } }, list: null },
  },
  {
    behaviour: 'XML To JSON writes elements, attributes and text',
    spec: {
      templateId: XML_TO_JSON_IDS.Template,
      settings: { [XML_TO_JSON_IDS.Xml]: '<a x="1"><b>t</b><b>u</b></a>' },
      outputs: { json: out(XML_TO_JSON_IDS.Json, 'Json') },
    },
    outputs: { json: { a: { '@x': '1', b: ['t', 'u'] } } },
  },
];

describe('JSON and XML actions in a process', () => {
  for (const testCase of JSON_CASES) it(testCase.behaviour, () => succeeds(testCase));

  it('File To JSON parses a file made by an earlier action', async () => {
    const { variable } = await runSteps({ made: { type: 'File' }, content: { type: 'Json' } }, [
      makeFile('{"city": "Iași", "n": [1, 2]}', 'data.json'),
      {
        templateId: FILE_TO_JSON_IDS.Template,
        bind: { [FILE_TO_JSON_IDS.File]: 'made', [FILE_TO_JSON_IDS.Content]: 'content' },
      },
    ]);
    expect(variable.content).toEqual({ city: 'Iași', n: [1, 2] });
  });

  it('sends a JSONPath filter that looks like a script to the error port without running it', async () => {
    const globals = globalThis as { pwned?: boolean };
    delete globals.pwned;
    const error = await fails({
      templateId: EXTRACT_OBJECTS_IDS.Template,
      variables: { [EXTRACT_OBJECTS_IDS.Json]: input(ORDER, 'Json') },
      settings: {
        [EXTRACT_OBJECTS_IDS.Query]:
          "$.items[?(@.constructor.constructor('globalThis.pwned = true; return true')())]",
      },
      outputs: { first: out(EXTRACT_OBJECTS_IDS.Result, 'Json') },
    });
    expect(error.code).toBe('validation');
    expect(error.message).toMatch(/^"JSONPath query" cannot run: /);
    expect(globals.pwned).toBeUndefined();
  });

  it('sends XML with a DOCTYPE to the error port (no entity expansion)', async () => {
    const error = await fails({
      templateId: XML_TO_JSON_IDS.Template,
      settings: {
        [XML_TO_JSON_IDS.Xml]:
          '<!DOCTYPE r [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>',
      },
      outputs: { json: out(XML_TO_JSON_IDS.Json, 'Json') },
    });
    expect(error).toMatchObject({
      code: 'validation',
      message: '"XML" has a DOCTYPE or ENTITY declaration, which is not accepted.',
    });
  });

  it('cover every action of the family', () => {
    const run = [...specsOf(JSON_CASES), FILE_TO_JSON_IDS.Template];
    expect(untested(JSON_ACTIONS, run)).toEqual([]);
  });
});

// ----- files -----

/** Runs one file-making action and answers the File value it wrote. */
async function madeFile(spec: ActionProcessSpec, output: string): Promise<FileValue> {
  const result = await succeeds({ behaviour: '', spec });
  const file = result.outputs[output] as FileValue;
  expect(file).toEqual({
    name: expect.any(String),
    id: expect.any(String),
    path: expect.any(String),
    size: expect.any(Number),
    mimeType: expect.any(String),
    hash: expect.any(String),
  });
  return file;
}

async function expectDownload(file: FileValue, bytes: Buffer, mimeType: string) {
  const got = await download(file);
  expect(got.status).toBe(200);
  expect(got.bytes.equals(bytes), got.bytes.toString('latin1')).toBe(true);
  expect(got.headers.get('content-type')).toBe(mimeType);
  expect(got.headers.get('content-disposition')).toBe(
    `attachment; filename="${file.name}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
  );
  expect(file.size).toBe(bytes.length);
  expect(file.hash).toBe(createHash('sha256').update(bytes).digest('hex'));
}

const FILE_RUNS = new Set<string>();

describe('file actions in a process', () => {
  it('Base64 To File makes a file that downloads byte for byte', async () => {
    FILE_RUNS.add(BASE64_TO_FILE_IDS.Template);
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x10]);
    const file = await madeFile(
      {
        templateId: BASE64_TO_FILE_IDS.Template,
        settings: {
          [BASE64_TO_FILE_IDS.Base64]: bytes.toString('base64'),
          [BASE64_TO_FILE_IDS.FileName]: 'scan.pdf',
        },
        outputs: { file: out(BASE64_TO_FILE_IDS.File, 'File') },
      },
      'file',
    );
    expect(file).toMatchObject({ name: 'scan.pdf', mimeType: 'application/pdf' });
    await expectDownload(file, bytes, 'application/pdf');
  });

  it('Export To CSV writes a list of objects as an RFC 4180 file', async () => {
    FILE_RUNS.add(EXPORT_TO_CSV_IDS.Template);
    const file = await madeFile(
      {
        templateId: EXPORT_TO_CSV_IDS.Template,
        variables: {
          [EXPORT_TO_CSV_IDS.List]: input(
            [
              { name: 'Ada', note: 'said "hi"; left' },
              { name: 'Grace', age: 85 },
            ],
            'Object',
            true,
          ),
        },
        settings: { [EXPORT_TO_CSV_IDS.FileName]: 'people', [EXPORT_TO_CSV_IDS.Delimiter]: ';' },
        outputs: { file: out(EXPORT_TO_CSV_IDS.File, 'File') },
      },
      'file',
    );
    expect(file.name).toBe('people.csv');
    await expectDownload(
      file,
      Buffer.from('name;note;age\r\nAda;"said ""hi""; left";\r\nGrace;;85\r\n'),
      'text/csv',
    );
  });

  it('List To File writes one item per line in the chosen encoding and line ending', async () => {
    FILE_RUNS.add(LIST_TO_FILE_IDS.Template);
    const file = await madeFile(
      {
        templateId: LIST_TO_FILE_IDS.Template,
        variables: { [LIST_TO_FILE_IDS.List]: input(['Łódź', { n: 1 }, 3], 'Json', true) },
        settings: {
          [LIST_TO_FILE_IDS.FileName]: 'lines.txt',
          [LIST_TO_FILE_IDS.Encoding]: '1250',
          [LIST_TO_FILE_IDS.LineEnding]: '2',
        },
        outputs: { file: out(LIST_TO_FILE_IDS.File, 'File') },
      },
      'file',
    );
    const expected = Buffer.concat([
      Buffer.from([0xa3, 0xf3, 0x64, 0x9f]),
      Buffer.from('\n{"n":1}\n3\n'),
    ]);
    await expectDownload(file, expected, 'text/plain');
  });

  it('Object To File writes indented JSON with the default encoding and line ending', async () => {
    FILE_RUNS.add(OBJECT_TO_FILE_IDS.Template);
    const file = await madeFile(
      {
        templateId: OBJECT_TO_FILE_IDS.Template,
        variables: { [OBJECT_TO_FILE_IDS.Value]: input({ id: 1, tags: ['ș'] }, 'Json') },
        settings: { [OBJECT_TO_FILE_IDS.FileName]: 'order.json' },
        outputs: { file: out(OBJECT_TO_FILE_IDS.File, 'File') },
      },
      'file',
    );
    await expectDownload(
      file,
      Buffer.from('{\r\n  "id": 1,\r\n  "tags": [\r\n    "ș"\r\n  ]\r\n}'),
      'application/json',
    );
  });

  it('File To Base64 reads back a file made by an earlier action', async () => {
    FILE_RUNS.add(FILE_TO_BASE64_IDS.Template);
    const bytes = Buffer.from([0, 1, 2, 3, 250, 251]);
    const { variable, instanceId, processId, variableIds } = await runSteps(
      { made: { type: 'File' }, base64: { type: 'String' } },
      [
        makeFile(bytes, 'raw.bin'),
        {
          templateId: FILE_TO_BASE64_IDS.Template,
          bind: { [FILE_TO_BASE64_IDS.File]: 'made', [FILE_TO_BASE64_IDS.Base64]: 'base64' },
        },
      ],
    );
    expect(variable.base64).toBe(bytes.toString('base64'));
    expect(variable.made).toMatchObject({ name: 'raw.bin', size: 6 });
    // The made file downloads with every id of its owner, as PROCESIO clients send them.
    const got = await download(variable.made as FileValue, {
      instanceId,
      flowTemplateId: processId,
      variableId: variableIds.made!,
    });
    expect(got.status).toBe(200);
    expect(got.bytes.equals(bytes)).toBe(true);
  });

  it('File To String reads a Windows-1251 file made by an earlier action', async () => {
    FILE_RUNS.add(FILE_TO_STRING_IDS.Template);
    const { variable } = await runSteps({ made: { type: 'File' }, text: { type: 'String' } }, [
      makeFile(Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), 'hello.txt'),
      {
        templateId: FILE_TO_STRING_IDS.Template,
        settings: { [FILE_TO_STRING_IDS.Encoding]: '1251' },
        bind: { [FILE_TO_STRING_IDS.File]: 'made', [FILE_TO_STRING_IDS.Content]: 'text' },
      },
    ]);
    expect(variable.text).toBe('Привет');
  });

  it('Hash digests a file made by an earlier action rather than the text', async () => {
    const bytes = Buffer.from('file body');
    const { variable } = await runSteps({ made: { type: 'File' }, digest: { type: 'String' } }, [
      makeFile(bytes, 'body.txt'),
      {
        templateId: HASH_IDS.Template,
        settings: { [HASH_IDS.Algorithm]: 'MD5', [HASH_IDS.Text]: 'ignored' },
        bind: { [HASH_IDS.File]: 'made', [HASH_IDS.Result]: 'digest' },
      },
    ]);
    expect(variable.digest).toBe(createHash('md5').update(bytes).digest('hex'));
  });

  it('Read Range from CSV reads cells of a CSV file made by Export To CSV', async () => {
    FILE_RUNS.add(READ_RANGE_FROM_CSV_IDS.Template);
    const { variable } = await runSteps({ made: { type: 'File' }, rows: { type: 'Json' } }, [
      {
        templateId: EXPORT_TO_CSV_IDS.Template,
        settings: {
          [EXPORT_TO_CSV_IDS.List]: [
            { sku: 'a', qty: 1 },
            { sku: 'b,c', qty: 2 },
          ],
          [EXPORT_TO_CSV_IDS.FileName]: 'stock.csv',
        },
        bind: { [EXPORT_TO_CSV_IDS.File]: 'made' },
      },
      {
        templateId: READ_RANGE_FROM_CSV_IDS.Template,
        settings: { [READ_RANGE_FROM_CSV_IDS.Range]: 'A2:B3' },
        bind: { [READ_RANGE_FROM_CSV_IDS.File]: 'made', [READ_RANGE_FROM_CSV_IDS.Values]: 'rows' },
      },
    ]);
    expect(variable.rows).toEqual([
      ['a', '1'],
      ['b,c', '2'],
    ]);
  });

  it('Read Files Content reads files uploaded to a published instance (publish → upload → launch)', async () => {
    FILE_RUNS.add(READ_FILES_CONTENT_IDS.Template);
    const flow = new FlowBuilder('Read uploaded files');
    const docs = flow.variable('docs', 'File', { orientation: 10, list: true, required: true });
    const contents = flow.variable('contents', 'FileContent', { orientation: 30, list: true });
    const errors = flow.variable('errors', 'String', { orientation: 30, list: true });
    const read = flow.node(READ_FILES_CONTENT_IDS.Template, 'Read', {
      [READ_FILES_CONTENT_IDS.Files]: ref(docs),
      [READ_FILES_CONTENT_IDS.Content]: ref(contents),
      [READ_FILES_CONTENT_IDS.Errors]: ref(errors),
      [READ_FILES_CONTENT_IDS.Encoding]: lit('4'),
    });
    flow.chain(flow.start(), read, flow.stop());
    const headers = api.headers;
    expect(
      (await call(api.url, 'POST', '/api/Projects', { headers, json: flow.build() })).status,
    ).toBe(200);
    const published = await call(api.url, 'POST', `/api/Projects/${flow.id}/instances/publish`, {
      headers,
      json: { docs: [{ name: 'one.txt' }, { name: 'two.txt' }] },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const instance = published.body as {
      id: string;
      variables: { name: string; defaultValue: unknown }[];
    };
    const placeholders = instance.variables.find((v) => v.name === 'docs')!
      .defaultValue as FileValue[];
    for (const [i, placeholder] of placeholders.entries()) {
      const boundary = `----sluice${randomUUID()}`;
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="package"; filename="${placeholder.name}"\r\n` +
            'Content-Type: text/plain\r\n\r\n',
        ),
        Buffer.from(`file ${i + 1} – UTF-16`, 'utf16le'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const uploaded = await fetch(`${api.url}/api/File/upload/flow`, {
        method: 'POST',
        headers: {
          ...headers,
          flowInstanceId: instance.id,
          variableName: 'docs',
          fileId: placeholder.id,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        body,
      });
      expect(uploaded.status, await uploaded.text()).toBe(200);
    }
    const launched = await call(
      api.url,
      'POST',
      `/api/Projects/instances/${instance.id}/launch?runSynchronous=true&secondsTimeOut=30`,
      { headers, json: { connectionId: '' } },
    );
    expect(launched.status, JSON.stringify(launched.body)).toBe(200);
    expect((launched.body as { status: number; variable: unknown }).variable).toEqual({
      contents: [
        { name: 'one.txt', content: 'file 1 – UTF-16' },
        { name: 'two.txt', content: 'file 2 – UTF-16' },
      ],
      errors: [],
    });
  });

  it('sends a file name with folders to the error port and stores nothing', async () => {
    const error = await fails({
      templateId: BASE64_TO_FILE_IDS.Template,
      settings: {
        [BASE64_TO_FILE_IDS.Base64]: 'AAEC',
        [BASE64_TO_FILE_IDS.FileName]: '../../outside.bin',
      },
      outputs: { file: out(BASE64_TO_FILE_IDS.File, 'File') },
    });
    expect(error).toMatchObject({
      code: 'validation',
      message: '"File name" must be a plain file name without folders; got "../../outside.bin".',
    });
  });

  it('sends a list item that is not an object to the error port of Export To CSV', async () => {
    const error = await fails({
      templateId: EXPORT_TO_CSV_IDS.Template,
      variables: { [EXPORT_TO_CSV_IDS.List]: input([{ a: 1 }, 'loose text'], 'Json', true) },
      settings: { [EXPORT_TO_CSV_IDS.FileName]: 'x' },
      outputs: { file: out(EXPORT_TO_CSV_IDS.File, 'File') },
    });
    expect(error).toMatchObject({
      code: 'validation',
      message: '"Objects" item 2 is not an object.',
    });
  });

  it('cover every action of the family', () => {
    expect(untested(FILE_ACTIONS, FILE_RUNS)).toEqual([]);
  });
});
