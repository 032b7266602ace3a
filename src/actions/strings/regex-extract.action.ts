// Owns the RegEx Extract action: every non-empty match of a pattern in a text, in order. Patterns
// run under the limits and time budget of ./regex.ts.
import type { ActionDefinition } from '../action.js';
import { readBoolean, readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { compilePattern, findMatches } from './regex.js';
import { checkBox, output, STRING, textInput } from './text-actions.js';

export const REGEX_EXTRACT_IDS = {
  Template: '744a3dc8-d72f-49da-8a95-198dd6c3099d',
  Result: '8c192a9c-36fe-4b33-8a5d-0951621a6d04',
  Source: '9095eab2-aa01-4000-ac21-180377a65977',
  IgnoreCase: '2a322bcc-689e-4abc-9a16-645d2e590344',
  Pattern: '2a650be4-2e1b-4ec9-94a8-9ae76da054b9',
} as const;

const result = output(REGEX_EXTRACT_IDS.Result, 'Matches', STRING, { isList: true });
const source = textInput(REGEX_EXTRACT_IDS.Source, 'Text to search');
const ignoreCase = checkBox(REGEX_EXTRACT_IDS.IgnoreCase, 'Ignore case', 'True');
const pattern = textInput(REGEX_EXTRACT_IDS.Pattern, 'Regular expression');

export const regexExtractAction: ActionDefinition = {
  template: actionTemplate(REGEX_EXTRACT_IDS.Template, 'RegEx Extract', [
    result,
    source,
    ignoreCase,
    pattern,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const compiled = compilePattern(
      readText(inputs, pattern),
      readBoolean(inputs, ignoreCase, true),
      pattern,
    );
    const [matches = []] = await findMatches(compiled, [readText(inputs, source)], {
      textSetting: source,
    });
    // Empty matches (a pattern such as \d* between digits) carry nothing to extract.
    const values = matches.map((match) => match.groups[0] ?? '').filter((value) => value !== '');
    return { [result.id]: values };
  },
};
