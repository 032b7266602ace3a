// Owns the Node action (PROCESIO template e0fc20c3-…): the Code is the body of an async function
// run in the script sandbox; what it returns is the Single Result, and also the List Result when
// it is a list. As in PROCESIO, an error the code raises is written to the Error output and the
// action completes; running out of time or memory fails the action (API.md §9.6).
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections, type TemplateSetting } from '../../flow/template-catalog.js';
import { runInSandbox, ScriptError } from '../../sandbox/index.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readNumber, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { actionErrorOf, logConsole } from './script-run.js';

export const NODE_IDS = {
  Template: 'e0fc20c3-e333-554c-a062-f64894db51dd',
  Code: '1e6a5523-2091-6c4c-94ac-c7984074673d',
  Timeout: 'd3e52aab-b9d0-2d42-911e-b0e6de177a57',
  SingleResult: '51b9fcdc-b18b-2a40-a73b-fc04657657bc',
  ListResult: '60237e88-e95c-c74c-a130-036964e6fc28',
  Error: '9e0110c9-9ae1-6f46-80c1-ffda425d7282',
} as const;

/** Seconds a run gets when the flow sets no Timeout (PROCESIO's default). */
const DEFAULT_TIMEOUT_SECONDS = 60;

const { Input, Output } = SettingDirections;
const { Object: OBJECT, Integer: INTEGER, String: STRING } = DataTypeIds;

const code: TemplateSetting = Object.freeze({
  ...setting(NODE_IDS.Code, 'Code', 'code-editor', Input, OBJECT, { isRequired: true }),
  language: 'javascript',
  tooltip: 'The body of an async function: return the result.',
});
const timeout: TemplateSetting = Object.freeze({
  ...setting(NODE_IDS.Timeout, 'Timeout', 'number', Input, INTEGER, {
    defaultValue: String(DEFAULT_TIMEOUT_SECONDS),
  }),
  tooltip: 'Timeout in seconds, at most 300 (the server may allow less).',
  limits: { min: 1, max: 300 },
});
const singleResult = setting(NODE_IDS.SingleResult, 'Single Result', 'datatype', Output, OBJECT);
const listResult = setting(NODE_IDS.ListResult, 'List Result', 'datatype', Output, OBJECT, {
  isList: true,
});
const error = setting(NODE_IDS.Error, 'Error', 'datatype', Output, STRING);

export const nodeAction: ActionDefinition = {
  template: Object.freeze({
    ...actionTemplate(NODE_IDS.Template, 'Node', [code, timeout, singleResult, listResult, error]),
    description: 'Runs JavaScript in a sandbox; what the code returns is the result.',
  }),
  // Sandboxed code reaches nothing outside the engine: replaying it after a crash is safe.
  effectful: false,
  async execute(context) {
    const source = readText(context.inputs, code);
    if (source.trim() === '') throw invalidInput(code, 'is required.');
    const seconds = readNumber(context.inputs, timeout, DEFAULT_TIMEOUT_SECONDS);
    if (seconds <= 0)
      throw invalidInput(timeout, `must be greater than 0 seconds; got ${seconds}.`);
    try {
      const result = await runInSandbox(
        { kind: 'body', source, filename: 'node.js' },
        { limits: { timeoutMs: seconds * 1000 }, signal: context.signal },
      );
      logConsole(context, result.logs, result.droppedLogLines);
      return {
        [singleResult.id]: result.value,
        [listResult.id]: Array.isArray(result.value) ? result.value : null,
        [error.id]: null,
      };
    } catch (failure) {
      if (!(failure instanceof ScriptError)) throw failure;
      logConsole(context, failure.details.logs ?? []);
      if (failure.kind !== 'script.error') throw actionErrorOf(failure);
      return { [singleResult.id]: null, [listResult.id]: null, [error.id]: failure.message };
    }
  },
};
