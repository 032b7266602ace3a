// Every text, list and number action run inside a real process through the HTTP API: saved with
// POST /api/Projects, run synchronously, its outputs read from the result envelope (and, for the
// actions that write a list back to its own variable, from the instance's variables); failures
// checked where they land, on the action's error port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRING_ACTIONS } from '../../src/actions/strings/index.js';
import { LIST_ACTIONS } from '../../src/actions/lists/index.js';
import { NUMBER_ACTIONS } from '../../src/actions/numbers/index.js';
import { BETWEEN_IDS } from '../../src/actions/strings/between.action.js';
import { CHECK_BOOLEAN_IDS } from '../../src/actions/strings/check-boolean.action.js';
import { CONCATENATE_IDS } from '../../src/actions/strings/concatenate.action.js';
import { STRING_CONTAINS_IDS } from '../../src/actions/strings/contains.action.js';
import { ENDS_WITH_IDS } from '../../src/actions/strings/ends-with.action.js';
import { STRING_GET_INDEX_IDS } from '../../src/actions/strings/get-index.action.js';
import { JOIN_IDS } from '../../src/actions/strings/join.action.js';
import { STRING_LENGTH_IDS } from '../../src/actions/strings/length.action.js';
import { NORMALIZE_DIACRITICS_IDS } from '../../src/actions/strings/normalize-diacritics.action.js';
import { NULL_OR_EMPTY_IDS } from '../../src/actions/strings/null-or-empty.action.js';
import { REGEX_EXTRACT_IDS } from '../../src/actions/strings/regex-extract.action.js';
import { REGEX_REPLACE_IDS } from '../../src/actions/strings/regex-replace.action.js';
import { REGEX_VALIDATE_IDS } from '../../src/actions/strings/regex-validate.action.js';
import { REPLACE_IDS } from '../../src/actions/strings/replace.action.js';
import { REPLACE_EOL_IDS } from '../../src/actions/strings/replace-eol.action.js';
import { SPLIT_IDS } from '../../src/actions/strings/split.action.js';
import { STARTS_WITH_IDS } from '../../src/actions/strings/starts-with.action.js';
import { SUBSTRING_IDS } from '../../src/actions/strings/substring.action.js';
import { TAKE_FROM_LEFT_IDS } from '../../src/actions/strings/take-from-left.action.js';
import { TAKE_FROM_MIDDLE_IDS } from '../../src/actions/strings/take-from-middle.action.js';
import { TAKE_FROM_RIGHT_IDS } from '../../src/actions/strings/take-from-right.action.js';
import { TO_LOWER_IDS } from '../../src/actions/strings/to-lower.action.js';
import { TO_SENTENCE_CASE_IDS } from '../../src/actions/strings/to-sentence-case.action.js';
import { TO_TITLE_CASE_IDS } from '../../src/actions/strings/to-title-case.action.js';
import { TO_UPPER_IDS } from '../../src/actions/strings/to-upper.action.js';
import { TRIM_IDS } from '../../src/actions/strings/trim.action.js';
import { TRIM_END_IDS } from '../../src/actions/strings/trim-end.action.js';
import { TRIM_START_IDS } from '../../src/actions/strings/trim-start.action.js';
import { URL_DECODE_IDS } from '../../src/actions/strings/url-decode.action.js';
import { URL_ENCODE_IDS } from '../../src/actions/strings/url-encode.action.js';
import { LIST_ADD_IDS } from '../../src/actions/lists/add.action.js';
import { LIST_CONCATENATE_IDS } from '../../src/actions/lists/concatenate.action.js';
import { LIST_CONTAINS_IDS } from '../../src/actions/lists/contains.action.js';
import { DEDUPLICATE_IDS } from '../../src/actions/lists/deduplicate.action.js';
import { LIST_DIFFERENCE_IDS } from '../../src/actions/lists/difference.action.js';
import { FILTER_IDS } from '../../src/actions/lists/filter.action.js';
import { FIND_DUPLICATES_IDS } from '../../src/actions/lists/find-duplicates.action.js';
import { FIRST_N_IDS } from '../../src/actions/lists/first-n.action.js';
import { GET_ELEMENT_IDS } from '../../src/actions/lists/get-element.action.js';
import { LIST_GET_INDEX_IDS } from '../../src/actions/lists/get-index.action.js';
import { HAS_ELEMENTS_IDS } from '../../src/actions/lists/has-elements.action.js';
import { LIST_INTERSECTION_IDS } from '../../src/actions/lists/intersection.action.js';
import { LAST_N_IDS } from '../../src/actions/lists/last-n.action.js';
import { LIST_LENGTH_IDS } from '../../src/actions/lists/length.action.js';
import { LIST_TO_STRING_IDS } from '../../src/actions/lists/list-to-string.action.js';
import { LIST_REMOVE_IDS } from '../../src/actions/lists/remove.action.js';
import { SIMPLE_FILTER_IDS } from '../../src/actions/lists/simple-filter.action.js';
import { LIST_SORT_IDS } from '../../src/actions/lists/sort.action.js';
import { SORT_DATA_MODEL_IDS } from '../../src/actions/lists/sort-data-model.action.js';
import { SUBLIST_IDS } from '../../src/actions/lists/sublist.action.js';
import { ADD_NUMBERS_IDS } from '../../src/actions/numbers/add.action.js';
import { ARITHMETIC_MEAN_IDS } from '../../src/actions/numbers/arithmetic-mean.action.js';
import { DIVIDE_IDS } from '../../src/actions/numbers/divide.action.js';
import { LIST_CORRELATION_IDS } from '../../src/actions/numbers/list-correlation.action.js';
import { LIST_MODE_IDS } from '../../src/actions/numbers/list-mode.action.js';
import { LIST_STANDARD_DEVIATION_IDS } from '../../src/actions/numbers/list-standard-deviation.action.js';
import { LIST_VARIANCE_IDS } from '../../src/actions/numbers/list-variance.action.js';
import { MAX_IDS } from '../../src/actions/numbers/max.action.js';
import { MEDIAN_IDS } from '../../src/actions/numbers/median.action.js';
import { MIN_IDS } from '../../src/actions/numbers/min.action.js';
import { MODULO_IDS } from '../../src/actions/numbers/modulo.action.js';
import { MULTIPLY_IDS } from '../../src/actions/numbers/multiply.action.js';
import { ROUND_IDS } from '../../src/actions/numbers/round.action.js';
import { ROUND_DOWN_IDS } from '../../src/actions/numbers/round-down.action.js';
import { ROUND_UP_IDS } from '../../src/actions/numbers/round-up.action.js';
import { STRING_TO_NUMBER_IDS } from '../../src/actions/numbers/string-to-number.action.js';
import { SUBTRACT_IDS } from '../../src/actions/numbers/subtract.action.js';
import { SUM_IDS } from '../../src/actions/numbers/sum.action.js';
import { TEMPERATURE_IDS } from '../../src/actions/numbers/temperature-converter.action.js';
import {
  runActionProcess,
  type ActionProcessInput,
  type ActionProcessResult,
  type ActionProcessSpec,
  type ApiTarget,
} from '../../src/testing/action-process.js';
import {
  bearer,
  call,
  login,
  startTestServer,
  type TestServer,
} from '../../src/testing/test-server.js';

let server: TestServer;
let api: ApiTarget;

beforeAll(async () => {
  server = await startTestServer();
  api = { url: server.url, headers: bearer((await login(server.url)).access_token!) };
});
afterAll(async () => server.close());

/** One action run: its process spec and the output variables it must end with. */
interface Case {
  behaviour: string;
  spec: ActionProcessSpec;
  outputs?: Record<string, unknown>;
  /**
   * For actions writing a list back to its own variable (PROCESIO's in/out settings): the setting
   * bound to that variable and the value it must hold after the run.
   */
  writesBack?: { setting: string; value: unknown };
}

const text = (name: string, setting: string) => ({ [name]: { setting, type: 'String' as const } });
const json = (value: unknown, list = true): ActionProcessInput => ({ value, type: 'Json', list });

/** The run-time value of the n-th input variable (`in<n>`, as runActionProcess names them). */
async function inputVariable(instanceId: string, name: string): Promise<unknown> {
  const res = await call(api.url, 'GET', `/api/Projects/instances/${instanceId}/status`, {
    headers: api.headers,
  });
  expect(res.status).toBe(200);
  const variables = (
    res.body as { instance: { variables: { name: string; defaultValue: unknown }[] } }
  ).instance.variables;
  return variables.find((v) => v.name === name)?.defaultValue;
}

async function check(testCase: Case): Promise<void> {
  const result = await runActionProcess(api, testCase.spec);
  expect(result.error, JSON.stringify(result.error)).toBeNull();
  expect(result.status).toBe(50);
  if (testCase.outputs) expect(result.outputs).toEqual(testCase.outputs);
  if (testCase.writesBack) {
    const position = Object.keys(testCase.spec.variables ?? {}).indexOf(
      testCase.writesBack.setting,
    );
    expect(await inputVariable(result.instanceId, `in${position}`)).toEqual(
      testCase.writesBack.value,
    );
  }
}

/** Runs a spec expected to fail; answers what its error port received. */
async function failure(spec: ActionProcessSpec): Promise<ActionProcessResult['error'] & object> {
  const result = await runActionProcess(api, spec);
  expect(result.status).toBe(50);
  expect(result.error).not.toBeNull();
  return result.error!;
}

function coversFamily(cases: Case[], family: readonly { template: { id: string } }[]) {
  const run = new Set(cases.map((c) => c.spec.templateId));
  return family.map((a) => a.template.id).filter((id) => !run.has(id));
}

// ----- text and strings -----

const STRING_CASES: Case[] = [
  {
    behaviour: 'Between lists the pieces between two markers',
    spec: {
      templateId: BETWEEN_IDS.Template,
      settings: {
        [BETWEEN_IDS.Source]: 'Hi {name}, your {item} ships',
        [BETWEEN_IDS.Start]: '{',
        [BETWEEN_IDS.End]: '}',
        [BETWEEN_IDS.IncludeStart]: 'true',
      },
      outputs: { pieces: { setting: BETWEEN_IDS.Result, type: 'String', list: true } },
    },
    outputs: { pieces: ['{name', '{item'] },
  },
  {
    behaviour: 'Check Boolean lets a true value through when true is expected',
    spec: {
      templateId: CHECK_BOOLEAN_IDS.Template,
      variables: { [CHECK_BOOLEAN_IDS.Value]: { value: true, type: 'Boolean' } },
      settings: { [CHECK_BOOLEAN_IDS.Expected]: 'true' },
    },
    outputs: {},
  },
  {
    behaviour: 'Concatenate appends the second text to the first',
    spec: {
      templateId: CONCATENATE_IDS.Template,
      variables: { [CONCATENATE_IDS.First]: { value: 'Ada', type: 'String' } },
      settings: { [CONCATENATE_IDS.Second]: ' Lovelace' },
      outputs: text('joined', CONCATENATE_IDS.Result),
    },
    outputs: { joined: 'Ada Lovelace' },
  },
  {
    behaviour: 'Contains finds a text ignoring case when asked',
    spec: {
      templateId: STRING_CONTAINS_IDS.Template,
      settings: {
        [STRING_CONTAINS_IDS.Source]: 'Invoice PAID',
        [STRING_CONTAINS_IDS.Search]: 'paid',
        [STRING_CONTAINS_IDS.IgnoreCase]: true,
      },
      outputs: { found: { setting: STRING_CONTAINS_IDS.Result, type: 'Boolean' } },
    },
    outputs: { found: true },
  },
  {
    behaviour: 'Ends With compares the ending exactly',
    spec: {
      templateId: ENDS_WITH_IDS.Template,
      settings: { [ENDS_WITH_IDS.Source]: 'scan.PDF', [ENDS_WITH_IDS.Suffix]: '.pdf' },
      outputs: { ends: { setting: ENDS_WITH_IDS.Result, type: 'Boolean' } },
    },
    outputs: { ends: false },
  },
  {
    behaviour: 'Get Index answers the zero-based position of a text',
    spec: {
      templateId: STRING_GET_INDEX_IDS.Template,
      settings: { [STRING_GET_INDEX_IDS.Source]: 'a-b-c', [STRING_GET_INDEX_IDS.Search]: 'b' },
      outputs: { at: { setting: STRING_GET_INDEX_IDS.Result, type: 'Integer' } },
    },
    outputs: { at: 2 },
  },
  {
    behaviour: 'Join joins a list of texts with a separator',
    spec: {
      templateId: JOIN_IDS.Template,
      variables: { [JOIN_IDS.List]: { value: ['x', 'y', 'z'], type: 'String', list: true } },
      settings: { [JOIN_IDS.Separator]: ' | ' },
      outputs: text('joined', JOIN_IDS.Result),
    },
    outputs: { joined: 'x | y | z' },
  },
  {
    behaviour: 'Length counts the characters of a text',
    spec: {
      templateId: STRING_LENGTH_IDS.Template,
      settings: { [STRING_LENGTH_IDS.Input]: 'Sluice' },
      outputs: { length: { setting: STRING_LENGTH_IDS.Result, type: 'Integer' } },
    },
    outputs: { length: 6 },
  },
  {
    behaviour: 'Normalize Diacritics strips accents',
    spec: {
      templateId: NORMALIZE_DIACRITICS_IDS.Template,
      settings: { [NORMALIZE_DIACRITICS_IDS.Input]: 'Școală Țară' },
      outputs: text('plain', NORMALIZE_DIACRITICS_IDS.Result),
    },
    outputs: { plain: 'Scoala Tara' },
  },
  {
    behaviour: 'Null Or Empty is true for a null variable',
    spec: {
      templateId: NULL_OR_EMPTY_IDS.Template,
      variables: { [NULL_OR_EMPTY_IDS.Input]: { value: null, type: 'String' } },
      outputs: { empty: { setting: NULL_OR_EMPTY_IDS.Result, type: 'Boolean' } },
    },
    outputs: { empty: true },
  },
  {
    behaviour: 'RegEx Extract lists every match, ignoring case by default',
    spec: {
      templateId: REGEX_EXTRACT_IDS.Template,
      settings: {
        [REGEX_EXTRACT_IDS.Source]: 'Call 0722-111-222 or 0733-444-555',
        [REGEX_EXTRACT_IDS.Pattern]: '\\d{4}-\\d{3}-\\d{3}',
      },
      outputs: { phones: { setting: REGEX_EXTRACT_IDS.Result, type: 'String', list: true } },
    },
    outputs: { phones: ['0722-111-222', '0733-444-555'] },
  },
  {
    behaviour: 'RegEx Replace rewrites matches with group references',
    spec: {
      templateId: REGEX_REPLACE_IDS.Template,
      settings: {
        [REGEX_REPLACE_IDS.Source]: 'Lovelace, Ada',
        [REGEX_REPLACE_IDS.Pattern]: '^(\\w+), (\\w+)$',
        [REGEX_REPLACE_IDS.Replacement]: '$2 $1',
      },
      outputs: text('name', REGEX_REPLACE_IDS.Result),
    },
    outputs: { name: 'Ada Lovelace' },
  },
  {
    behaviour: 'RegEx Validate tells whether a value matches',
    spec: {
      templateId: REGEX_VALIDATE_IDS.Template,
      settings: {
        [REGEX_VALIDATE_IDS.Value]: 'RO49AAAA1B31007593840000',
        [REGEX_VALIDATE_IDS.Pattern]: '^RO\\d{2}[A-Z]{4}[A-Z0-9]{16}$',
        [REGEX_VALIDATE_IDS.IgnoreCase]: 'false',
      },
      outputs: { valid: { setting: REGEX_VALIDATE_IDS.Result, type: 'Boolean' } },
    },
    outputs: { valid: true },
  },
  {
    behaviour: 'Replace replaces every occurrence literally',
    spec: {
      templateId: REPLACE_IDS.Template,
      settings: {
        [REPLACE_IDS.Source]: '1.000.000',
        [REPLACE_IDS.Search]: '.',
        [REPLACE_IDS.Replacement]: ',',
      },
      outputs: text('result', REPLACE_IDS.Result),
    },
    outputs: { result: '1,000,000' },
  },
  {
    behaviour: 'Replace EOL turns typed escapes into line breaks with its default option',
    spec: {
      templateId: REPLACE_EOL_IDS.Template,
      settings: { [REPLACE_EOL_IDS.Source]: 'line 1\\nline 2' },
      outputs: text('result', REPLACE_EOL_IDS.Result),
    },
    outputs: { result: 'line 1\nline 2' },
  },
  {
    behaviour: 'Split cuts a text at a separator',
    spec: {
      templateId: SPLIT_IDS.Template,
      settings: { [SPLIT_IDS.Source]: 'a;b;;c', [SPLIT_IDS.Separator]: ';' },
      outputs: { parts: { setting: SPLIT_IDS.Result, type: 'String', list: true } },
    },
    outputs: { parts: ['a', 'b', '', 'c'] },
  },
  {
    behaviour: 'Starts With compares the beginning exactly',
    spec: {
      templateId: STARTS_WITH_IDS.Template,
      settings: { [STARTS_WITH_IDS.Source]: 'INV-7', [STARTS_WITH_IDS.Prefix]: 'INV-' },
      outputs: { starts: { setting: STARTS_WITH_IDS.Result, type: 'Boolean' } },
    },
    outputs: { starts: true },
  },
  {
    behaviour: 'Substring answers the text from a position',
    spec: {
      templateId: SUBSTRING_IDS.Template,
      settings: { [SUBSTRING_IDS.Source]: 'INV-2024', [SUBSTRING_IDS.Position]: '4' },
      outputs: text('year', SUBSTRING_IDS.Result),
    },
    outputs: { year: '2024' },
  },
  {
    behaviour: 'Take From Left takes the first characters',
    spec: {
      templateId: TAKE_FROM_LEFT_IDS.Template,
      settings: { [TAKE_FROM_LEFT_IDS.Source]: 'ROU-123', [TAKE_FROM_LEFT_IDS.Count]: 3 },
      outputs: text('code', TAKE_FROM_LEFT_IDS.Result),
    },
    outputs: { code: 'ROU' },
  },
  {
    behaviour: 'Take From Middle takes characters from a position',
    spec: {
      templateId: TAKE_FROM_MIDDLE_IDS.Template,
      settings: {
        [TAKE_FROM_MIDDLE_IDS.Source]: '2024-03-15',
        [TAKE_FROM_MIDDLE_IDS.Start]: 5,
        [TAKE_FROM_MIDDLE_IDS.Length]: 2,
      },
      outputs: text('month', TAKE_FROM_MIDDLE_IDS.Result),
    },
    outputs: { month: '03' },
  },
  {
    behaviour: 'Take From Right takes the last characters',
    spec: {
      templateId: TAKE_FROM_RIGHT_IDS.Template,
      settings: { [TAKE_FROM_RIGHT_IDS.Source]: 'ROU-123', [TAKE_FROM_RIGHT_IDS.Count]: 3 },
      outputs: text('number', TAKE_FROM_RIGHT_IDS.Result),
    },
    outputs: { number: '123' },
  },
  {
    behaviour: 'To Lower lower-cases a text',
    spec: {
      templateId: TO_LOWER_IDS.Template,
      settings: { [TO_LOWER_IDS.Input]: 'MiXeD' },
      outputs: text('lower', TO_LOWER_IDS.Result),
    },
    outputs: { lower: 'mixed' },
  },
  {
    behaviour: 'To Sentence Case capitalises sentences',
    spec: {
      templateId: TO_SENTENCE_CASE_IDS.Template,
      settings: { [TO_SENTENCE_CASE_IDS.Input]: 'HELLO. HOW ARE YOU?' },
      outputs: text('sentence', TO_SENTENCE_CASE_IDS.Result),
    },
    outputs: { sentence: 'Hello. How are you?' },
  },
  {
    behaviour: 'To Title Case capitalises words',
    spec: {
      templateId: TO_TITLE_CASE_IDS.Template,
      settings: { [TO_TITLE_CASE_IDS.Input]: 'the quick brown fox' },
      outputs: text('title', TO_TITLE_CASE_IDS.Result),
    },
    outputs: { title: 'The Quick Brown Fox' },
  },
  {
    behaviour: 'To Upper upper-cases a text',
    spec: {
      templateId: TO_UPPER_IDS.Template,
      settings: { [TO_UPPER_IDS.Input]: 'MiXeD' },
      outputs: text('upper', TO_UPPER_IDS.Result),
    },
    outputs: { upper: 'MIXED' },
  },
  {
    behaviour: 'Trim removes white space at both ends',
    spec: {
      templateId: TRIM_IDS.Template,
      variables: { [TRIM_IDS.Input]: { value: '  padded\n', type: 'String' } },
      outputs: text('trimmed', TRIM_IDS.Result),
    },
    outputs: { trimmed: 'padded' },
  },
  {
    behaviour: 'Trim End removes white space at the end',
    spec: {
      templateId: TRIM_END_IDS.Template,
      variables: { [TRIM_END_IDS.Input]: { value: '  padded  ', type: 'String' } },
      outputs: text('trimmed', TRIM_END_IDS.Result),
    },
    outputs: { trimmed: '  padded' },
  },
  {
    behaviour: 'Trim Start removes white space at the start',
    spec: {
      templateId: TRIM_START_IDS.Template,
      variables: { [TRIM_START_IDS.Input]: { value: '  padded  ', type: 'String' } },
      outputs: text('trimmed', TRIM_START_IDS.Result),
    },
    outputs: { trimmed: 'padded  ' },
  },
  {
    behaviour: 'URL Decode decodes percent-encoding',
    spec: {
      templateId: URL_DECODE_IDS.Template,
      settings: { [URL_DECODE_IDS.Input]: 'Ana%20%26%20Ion' },
      outputs: text('decoded', URL_DECODE_IDS.Result),
    },
    outputs: { decoded: 'Ana & Ion' },
  },
  {
    behaviour: 'URL Encode percent-encodes a text',
    spec: {
      templateId: URL_ENCODE_IDS.Template,
      settings: { [URL_ENCODE_IDS.Input]: 'Ana & Ion' },
      outputs: text('encoded', URL_ENCODE_IDS.Result),
    },
    outputs: { encoded: 'Ana%20%26%20Ion' },
  },
];

describe('text actions in a process', () => {
  it('cover every action of the family', () => {
    expect(coversFamily(STRING_CASES, STRING_ACTIONS)).toEqual([]);
  });

  for (const testCase of STRING_CASES) it(testCase.behaviour, () => check(testCase));

  it('an invalid regular expression lands on the error port naming the setting', async () => {
    const error = await failure({
      templateId: REGEX_VALIDATE_IDS.Template,
      settings: { [REGEX_VALIDATE_IDS.Value]: 'abc', [REGEX_VALIDATE_IDS.Pattern]: '[a-' },
      outputs: { valid: { setting: REGEX_VALIDATE_IDS.Result, type: 'Boolean' } },
    });
    expect(error).toMatchObject({ code: 'validation' });
    expect(error.message).toMatch(/^"Regular expression" is not a valid regular expression/);
  });

  it('a catastrophically backtracking pattern fails at its time budget instead of hanging', async () => {
    const started = Date.now();
    const error = await failure({
      templateId: REGEX_EXTRACT_IDS.Template,
      settings: {
        [REGEX_EXTRACT_IDS.Source]: `${'a'.repeat(64)}!`,
        [REGEX_EXTRACT_IDS.Pattern]: '^(a+)+$',
      },
      outputs: { found: { setting: REGEX_EXTRACT_IDS.Result, type: 'String', list: true } },
    });
    expect(error).toMatchObject({ code: 'regex.timeout' });
    expect(error.message).toContain('did not finish within 2 s');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('Check Boolean sends an unexpected value to the error port', async () => {
    const error = await failure({
      templateId: CHECK_BOOLEAN_IDS.Template,
      variables: { [CHECK_BOOLEAN_IDS.Value]: { value: false, type: 'Boolean' } },
      settings: { [CHECK_BOOLEAN_IDS.Expected]: 'true' },
    });
    expect(error).toMatchObject({
      code: 'check.failed',
      message: '"Value to check" is false, but the check expects true.',
    });
  });
});

// ----- lists -----

const people = [
  { id: 1, name: 'Ada', city: 'Cluj', score: 7 },
  { id: 2, name: 'Bob', city: 'Iasi', score: 9 },
  { id: 3, name: 'ada', city: 'Cluj', score: 9 },
];

const LIST_CASES: Case[] = [
  {
    behaviour: 'Add appends an element to the list variable itself',
    spec: {
      templateId: LIST_ADD_IDS.Template,
      variables: { [LIST_ADD_IDS.List]: json([1, 'two']) },
      settings: { [LIST_ADD_IDS.Item]: 'three' },
    },
    writesBack: { setting: LIST_ADD_IDS.List, value: [1, 'two', 'three'] },
  },
  {
    behaviour: 'Concatenate joins two lists',
    spec: {
      templateId: LIST_CONCATENATE_IDS.Template,
      variables: {
        [LIST_CONCATENATE_IDS.First]: json([1, 2]),
        [LIST_CONCATENATE_IDS.Second]: json([{ a: 3 }]),
      },
      outputs: { all: { setting: LIST_CONCATENATE_IDS.Result, type: 'Json', list: true } },
    },
    outputs: { all: [1, 2, { a: 3 }] },
  },
  {
    behaviour: 'Contains finds an object in a list',
    spec: {
      templateId: LIST_CONTAINS_IDS.Template,
      variables: {
        [LIST_CONTAINS_IDS.List]: json(people),
        [LIST_CONTAINS_IDS.Item]: json(people[1], false),
      },
      outputs: { found: { setting: LIST_CONTAINS_IDS.Result, type: 'Boolean' } },
    },
    outputs: { found: true },
  },
  {
    behaviour: 'DeDuplicate keeps first occurrences and reports the rest',
    spec: {
      templateId: DEDUPLICATE_IDS.Template,
      variables: { [DEDUPLICATE_IDS.List]: json(['a', 'b', 'a', 'c', 'b']) },
      outputs: {
        unique: { setting: DEDUPLICATE_IDS.Unique, type: 'Json', list: true },
        duplicates: { setting: DEDUPLICATE_IDS.Duplicates, type: 'Json', list: true },
        correlation: { setting: DEDUPLICATE_IDS.Correlation, type: 'Json', list: true },
      },
    },
    outputs: {
      unique: ['a', 'b', 'c'],
      duplicates: ['a', 'b'],
      correlation: [
        { original: 'a', duplicates: ['a'] },
        { original: 'b', duplicates: ['b'] },
      ],
    },
  },
  {
    behaviour: 'Filter keeps the data models whose field matches',
    spec: {
      templateId: FILTER_IDS.Template,
      variables: { [FILTER_IDS.List]: json(people) },
      settings: {
        [FILTER_IDS.Config]: JSON.stringify({
          FieldMatches: [{ FieldName: 'city', MatchType: 'Exact', FilterExpression: 'Cluj' }],
        }),
      },
      outputs: { kept: { setting: FILTER_IDS.Result, type: 'Json', list: true } },
    },
    outputs: { kept: [people[0], people[2]] },
  },
  {
    behaviour: 'Find Duplicates correlates similar data models by id',
    spec: {
      templateId: FIND_DUPLICATES_IDS.Template,
      variables: { [FIND_DUPLICATES_IDS.List]: json(people) },
      settings: {
        [FIND_DUPLICATES_IDS.Config]: JSON.stringify({
          IdField: 'id',
          FieldMatches: [{ FieldName: 'name', MatchType: 'Similar' }],
        }),
      },
      outputs: {
        unique: { setting: FIND_DUPLICATES_IDS.Unique, type: 'Json', list: true },
        correlation: { setting: FIND_DUPLICATES_IDS.Correlation, type: 'Json', list: true },
      },
    },
    outputs: {
      unique: [people[0], people[1]],
      correlation: [{ original: 1, duplicates: [3] }],
    },
  },
  {
    behaviour: 'First N Elements takes the smallest elements when sorted ascending',
    spec: {
      templateId: FIRST_N_IDS.Template,
      variables: { [FIRST_N_IDS.List]: json([5, 3, 9, 1]) },
      settings: { [FIRST_N_IDS.Sorted]: '2', [FIRST_N_IDS.Count]: 2 },
      outputs: { first: { setting: FIRST_N_IDS.Result, type: 'Json', list: true } },
    },
    outputs: { first: [1, 3] },
  },
  {
    behaviour: 'Get Element answers the element at a position',
    spec: {
      templateId: GET_ELEMENT_IDS.Template,
      variables: { [GET_ELEMENT_IDS.List]: json(people) },
      settings: { [GET_ELEMENT_IDS.Index]: 2 },
      outputs: { element: { setting: GET_ELEMENT_IDS.Result, type: 'Json' } },
    },
    outputs: { element: people[2] },
  },
  {
    behaviour: 'Get Index answers the position of an element',
    spec: {
      templateId: LIST_GET_INDEX_IDS.Template,
      variables: { [LIST_GET_INDEX_IDS.List]: json(['x', 'y', 'z']) },
      settings: { [LIST_GET_INDEX_IDS.Item]: 'z' },
      outputs: { at: { setting: LIST_GET_INDEX_IDS.Result, type: 'Integer' } },
    },
    outputs: { at: 2 },
  },
  {
    behaviour: 'Has Elements lets a non-empty list through',
    spec: {
      templateId: HAS_ELEMENTS_IDS.Template,
      variables: { [HAS_ELEMENTS_IDS.List]: json([0]) },
    },
    outputs: {},
  },
  {
    behaviour: 'Last N Elements takes the last elements as listed',
    spec: {
      templateId: LAST_N_IDS.Template,
      variables: { [LAST_N_IDS.List]: json([5, 3, 9, 1]) },
      settings: { [LAST_N_IDS.Sorted]: 1, [LAST_N_IDS.Count]: 3 },
      outputs: { last: { setting: LAST_N_IDS.Result, type: 'Json', list: true } },
    },
    outputs: { last: [3, 9, 1] },
  },
  {
    behaviour: 'Length counts the elements of a list',
    spec: {
      templateId: LIST_LENGTH_IDS.Template,
      variables: { [LIST_LENGTH_IDS.List]: json(people) },
      outputs: { count: { setting: LIST_LENGTH_IDS.Result, type: 'Json' } },
    },
    outputs: { count: 3 },
  },
  {
    behaviour: 'List Difference keeps what the second list lacks',
    spec: {
      templateId: LIST_DIFFERENCE_IDS.Template,
      variables: {
        [LIST_DIFFERENCE_IDS.First]: json([1, 2, 3, 4]),
        [LIST_DIFFERENCE_IDS.Second]: json([2, 4]),
      },
      outputs: { rest: { setting: LIST_DIFFERENCE_IDS.Result, type: 'Json', list: true } },
    },
    outputs: { rest: [1, 3] },
  },
  {
    behaviour: 'List Intersection keeps what both lists hold',
    spec: {
      templateId: LIST_INTERSECTION_IDS.Template,
      variables: {
        [LIST_INTERSECTION_IDS.First]: json(['a', 'b', 'c']),
        [LIST_INTERSECTION_IDS.Second]: json(['c', 'a']),
      },
      outputs: { both: { setting: LIST_INTERSECTION_IDS.Result, type: 'Json', list: true } },
    },
    outputs: { both: ['a', 'c'] },
  },
  {
    behaviour: 'List To String writes a list as JSON text',
    spec: {
      templateId: LIST_TO_STRING_IDS.Template,
      variables: { [LIST_TO_STRING_IDS.List]: json([1, 'a']) },
      outputs: text('text', LIST_TO_STRING_IDS.Result),
    },
    outputs: { text: '[1,"a"]' },
  },
  {
    behaviour: 'Remove removes an element from the list variable itself',
    spec: {
      templateId: LIST_REMOVE_IDS.Template,
      variables: { [LIST_REMOVE_IDS.List]: json(['a', 'b', 'a']) },
      settings: { [LIST_REMOVE_IDS.Item]: 'a' },
    },
    writesBack: { setting: LIST_REMOVE_IDS.List, value: ['b', 'a'] },
  },
  {
    behaviour: 'Simple Filter keeps the values matching a pattern',
    spec: {
      templateId: SIMPLE_FILTER_IDS.Template,
      variables: { [SIMPLE_FILTER_IDS.List]: json(['a@x.ro', 'nope', 'b@y.ro']) },
      settings: {
        [SIMPLE_FILTER_IDS.Config]: '{"MatchType":"RegEx","FilterExpression":"@\\\\w+\\\\.ro$"}',
      },
      outputs: { kept: { setting: SIMPLE_FILTER_IDS.Result, type: 'Json', list: true } },
    },
    outputs: { kept: ['a@x.ro', 'b@y.ro'] },
  },
  {
    behaviour: 'Sort sorts the list variable itself',
    spec: {
      templateId: LIST_SORT_IDS.Template,
      variables: { [LIST_SORT_IDS.List]: json([3, '10', 1]) },
      settings: { [LIST_SORT_IDS.Order]: 'DESC' },
    },
    writesBack: { setting: LIST_SORT_IDS.List, value: ['10', 3, 1] },
  },
  {
    behaviour: 'Sort Data Model sorts data models by several fields',
    spec: {
      templateId: SORT_DATA_MODEL_IDS.Template,
      variables: { [SORT_DATA_MODEL_IDS.List]: json(people) },
      settings: {
        [SORT_DATA_MODEL_IDS.Config]: {
          IdField: 'id',
          Sort: [
            { Field: 'score', OrderType: 'Desc' },
            { Field: 'name', OrderType: 'Asc' },
          ],
        },
      },
    },
    writesBack: { setting: SORT_DATA_MODEL_IDS.List, value: [people[2], people[1], people[0]] },
  },
  {
    behaviour: 'Sublist takes a slice of a list',
    spec: {
      templateId: SUBLIST_IDS.Template,
      variables: { [SUBLIST_IDS.List]: json(['a', 'b', 'c', 'd']) },
      settings: { [SUBLIST_IDS.Start]: 1, [SUBLIST_IDS.Length]: 2 },
      outputs: { slice: { setting: SUBLIST_IDS.Result, type: 'Json', list: true } },
    },
    outputs: { slice: ['b', 'c'] },
  },
];

describe('list actions in a process', () => {
  it('cover every action of the family', () => {
    expect(coversFamily(LIST_CASES, LIST_ACTIONS)).toEqual([]);
  });

  for (const testCase of LIST_CASES) it(testCase.behaviour, () => check(testCase));

  it('a position outside the list lands on the error port with its reason', async () => {
    const error = await failure({
      templateId: GET_ELEMENT_IDS.Template,
      variables: { [GET_ELEMENT_IDS.List]: json(['a', 'b']) },
      settings: { [GET_ELEMENT_IDS.Index]: 5 },
      outputs: { element: { setting: GET_ELEMENT_IDS.Result, type: 'Json' } },
    });
    expect(error).toMatchObject({
      code: 'validation',
      message: '"Position (from 0)" must be between 0 and 1 (the list has 2 elements); got 5.',
    });
  });

  it('Has Elements sends an empty list to the error port', async () => {
    const error = await failure({
      templateId: HAS_ELEMENTS_IDS.Template,
      variables: { [HAS_ELEMENTS_IDS.List]: json([]) },
    });
    expect(error).toMatchObject({
      code: 'check.failed',
      message: '"List to check" has no elements.',
    });
  });
});

// ----- math and numbers -----

const numbers = (value: unknown[]) => json(value);
const result = (setting: string, type: 'Json' | 'Integer' | 'Double' | 'Float' = 'Json') => ({
  result: { setting, type },
});

const NUMBER_CASES: Case[] = [
  {
    behaviour: 'Add adds two numbers',
    spec: {
      templateId: ADD_NUMBERS_IDS.Template,
      settings: { [ADD_NUMBERS_IDS.First]: 2, [ADD_NUMBERS_IDS.Second]: '3.5' },
      outputs: result(ADD_NUMBERS_IDS.Result),
    },
    outputs: { result: 5.5 },
  },
  {
    behaviour: 'Arithmetic Mean averages a list',
    spec: {
      templateId: ARITHMETIC_MEAN_IDS.Template,
      variables: { [ARITHMETIC_MEAN_IDS.List]: numbers([2, 4, 9]) },
      outputs: result(ARITHMETIC_MEAN_IDS.Result),
    },
    outputs: { result: 5 },
  },
  {
    behaviour: 'Divide divides exactly',
    spec: {
      templateId: DIVIDE_IDS.Template,
      settings: { [DIVIDE_IDS.Numerator]: 7, [DIVIDE_IDS.Denominator]: 2 },
      outputs: result(DIVIDE_IDS.Result),
    },
    outputs: { result: 3.5 },
  },
  {
    behaviour: 'List Correlation answers Pearson’s coefficient',
    spec: {
      templateId: LIST_CORRELATION_IDS.Template,
      variables: {
        [LIST_CORRELATION_IDS.First]: { value: [1, 2, 3], type: 'Double', list: true },
        [LIST_CORRELATION_IDS.Second]: { value: [10, 20, 30], type: 'Double', list: true },
      },
      outputs: result(LIST_CORRELATION_IDS.Result, 'Double'),
    },
    outputs: { result: 1 },
  },
  {
    behaviour: 'List Mode answers the most frequent element',
    spec: {
      templateId: LIST_MODE_IDS.Template,
      variables: { [LIST_MODE_IDS.List]: json(['x', 'y', 'y']) },
      outputs: result(LIST_MODE_IDS.Result),
    },
    outputs: { result: 'y' },
  },
  {
    behaviour: 'List Standard Deviation answers the sample deviation',
    spec: {
      templateId: LIST_STANDARD_DEVIATION_IDS.Template,
      variables: {
        [LIST_STANDARD_DEVIATION_IDS.List]: { value: [1, 3], type: 'Double', list: true },
      },
      outputs: result(LIST_STANDARD_DEVIATION_IDS.Result, 'Double'),
    },
    outputs: { result: Math.SQRT2 },
  },
  {
    behaviour: 'List Variance answers the sample variance',
    spec: {
      templateId: LIST_VARIANCE_IDS.Template,
      variables: { [LIST_VARIANCE_IDS.List]: { value: [1, 3], type: 'Double', list: true } },
      outputs: result(LIST_VARIANCE_IDS.Result, 'Double'),
    },
    outputs: { result: 2 },
  },
  {
    behaviour: 'Max answers the largest number',
    spec: {
      templateId: MAX_IDS.Template,
      variables: { [MAX_IDS.List]: numbers([4, 11, 2]) },
      outputs: result(MAX_IDS.Result),
    },
    outputs: { result: 11 },
  },
  {
    behaviour: 'Median answers the middle number',
    spec: {
      templateId: MEDIAN_IDS.Template,
      variables: { [MEDIAN_IDS.List]: numbers([4, 1, 3, 2]) },
      outputs: result(MEDIAN_IDS.Result),
    },
    outputs: { result: 2.5 },
  },
  {
    behaviour: 'Min answers the smallest number',
    spec: {
      templateId: MIN_IDS.Template,
      variables: { [MIN_IDS.List]: numbers([4, -11, 2]) },
      outputs: result(MIN_IDS.Result),
    },
    outputs: { result: -11 },
  },
  {
    behaviour: 'Modulo answers the remainder',
    spec: {
      templateId: MODULO_IDS.Template,
      settings: { [MODULO_IDS.First]: 17, [MODULO_IDS.Second]: 5 },
      outputs: result(MODULO_IDS.Result, 'Integer'),
    },
    outputs: { result: 2 },
  },
  {
    behaviour: 'Multiply multiplies two numbers',
    spec: {
      templateId: MULTIPLY_IDS.Template,
      settings: { [MULTIPLY_IDS.First]: '1.5', [MULTIPLY_IDS.Second]: 4 },
      outputs: result(MULTIPLY_IDS.Result),
    },
    outputs: { result: 6 },
  },
  {
    behaviour: 'Round rounds halves away from zero',
    spec: {
      templateId: ROUND_IDS.Template,
      settings: { [ROUND_IDS.Number]: 2.345, [ROUND_IDS.Digits]: 2 },
      outputs: result(ROUND_IDS.Result, 'Double'),
    },
    outputs: { result: 2.35 },
  },
  {
    behaviour: 'Round Down rounds towards minus infinity',
    spec: {
      templateId: ROUND_DOWN_IDS.Template,
      settings: { [ROUND_DOWN_IDS.Number]: 2.349, [ROUND_DOWN_IDS.Digits]: 2 },
      outputs: result(ROUND_DOWN_IDS.Result, 'Double'),
    },
    outputs: { result: 2.34 },
  },
  {
    behaviour: 'Round Up rounds towards plus infinity',
    spec: {
      templateId: ROUND_UP_IDS.Template,
      settings: { [ROUND_UP_IDS.Number]: 2.341, [ROUND_UP_IDS.Digits]: 2 },
      outputs: result(ROUND_UP_IDS.Result, 'Double'),
    },
    outputs: { result: 2.35 },
  },
  {
    behaviour: 'String To Number parses a grouped number',
    spec: {
      templateId: STRING_TO_NUMBER_IDS.Template,
      settings: { [STRING_TO_NUMBER_IDS.Text]: '1,250.75' },
      outputs: result(STRING_TO_NUMBER_IDS.Result),
    },
    outputs: { result: 1250.75 },
  },
  {
    behaviour: 'Subtract subtracts the second number from the first',
    spec: {
      templateId: SUBTRACT_IDS.Template,
      settings: { [SUBTRACT_IDS.First]: 10, [SUBTRACT_IDS.Second]: 12 },
      outputs: result(SUBTRACT_IDS.Result),
    },
    outputs: { result: -2 },
  },
  {
    behaviour: 'Sum adds up a list',
    spec: {
      templateId: SUM_IDS.Template,
      variables: { [SUM_IDS.List]: numbers([1, '2', 3]) },
      outputs: result(SUM_IDS.Result),
    },
    outputs: { result: 6 },
  },
  {
    behaviour: 'Temperature Converter converts Celsius to Fahrenheit',
    spec: {
      templateId: TEMPERATURE_IDS.Template,
      settings: {
        [TEMPERATURE_IDS.Temperature]: '37',
        [TEMPERATURE_IDS.From]: 'Celsius',
        [TEMPERATURE_IDS.To]: 'Fahrenheit',
      },
      outputs: result(TEMPERATURE_IDS.Result, 'Float'),
    },
    outputs: { result: 98.6 },
  },
];

describe('number actions in a process', () => {
  it('cover every action of the family', () => {
    expect(coversFamily(NUMBER_CASES, NUMBER_ACTIONS)).toEqual([]);
  });

  for (const testCase of NUMBER_CASES) it(testCase.behaviour, () => check(testCase));

  it('a division by zero lands on the error port with a clear message', async () => {
    const error = await failure({
      templateId: DIVIDE_IDS.Template,
      settings: { [DIVIDE_IDS.Numerator]: 1, [DIVIDE_IDS.Denominator]: 0 },
      outputs: result(DIVIDE_IDS.Result),
    });
    expect(error).toMatchObject({
      code: 'validation',
      message: '"Denominator" is zero; a number cannot be divided by zero.',
    });
  });

  it('a list holding text that is no number lands on the error port naming the element', async () => {
    const error = await failure({
      templateId: SUM_IDS.Template,
      variables: { [SUM_IDS.List]: numbers([1, 'two']) },
      outputs: result(SUM_IDS.Result),
    });
    expect(error.message).toBe('"Numbers" must hold only numbers; element 1 is "two".');
  });
});
