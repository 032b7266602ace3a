// Owns the Javascript action (PROCESIO template e7a35dad-…): the Code runs in the script sandbox
// and the value it gives `setOutput(v)` reaches the Output as `{"result": v}` (API.md §9.6).
// Process variables reach the code only through `<%N%>` placeholders, which the engine replaces
// textually before the action runs (strings unquoted, everything else as JSON).
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections, type TemplateSetting } from '../../flow/template-catalog.js';
import { runInSandbox } from '../../sandbox/index.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readText } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { runScript } from './script-run.js';

export const JAVASCRIPT_IDS = {
  Template: 'e7a35dad-8a1b-c147-88d6-16a02d917022',
  Code: 'e2e9cb02-2c4f-ffbe-fa1c-eca96c407944',
  Output: 'e2e9cb02-2c4f-ffbe-fb1c-eca96c407944',
} as const;

/** PROCESIO's starting code, as its designer shows it. */
const DEFAULT_CODE =
  'function run() { \n\t // Your code here; \n\t return "Hello World !"; \n}\n\nsetOutput(run())';

const { Input, Output } = SettingDirections;

const code: TemplateSetting = Object.freeze({
  ...setting(JAVASCRIPT_IDS.Code, 'Code', 'code-editor', Input, DataTypeIds.Object, {
    isRequired: true,
    defaultValue: DEFAULT_CODE,
  }),
  language: 'javascript',
  tooltip: 'Javascript code to be interpreted.',
});
const output: TemplateSetting = Object.freeze({
  ...setting(JAVASCRIPT_IDS.Output, 'Output', 'datatype', Output, DataTypeIds.Json, {
    isRequired: true,
  }),
  tooltip: 'Output after interpreting the code.',
});

export const javascriptAction: ActionDefinition = {
  template: Object.freeze({
    ...actionTemplate(JAVASCRIPT_IDS.Template, 'Javascript', [code, output]),
    description: 'Runs JavaScript in a sandbox; the value given to setOutput(v) is the output.',
  }),
  // Sandboxed code reaches nothing outside the engine: replaying it after a crash is safe.
  effectful: false,
  async execute(context) {
    const source = readText(context.inputs, code);
    if (source.trim() === '') throw invalidInput(code, 'is required.');
    const result = await runScript(context, () =>
      runInSandbox(
        { kind: 'body', source, filename: 'javascript.js' },
        { setOutput: true, signal: context.signal },
      ),
    );
    return { [output.id]: { result: result.output?.value ?? null } };
  },
};
