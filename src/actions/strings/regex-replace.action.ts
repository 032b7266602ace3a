// Owns the RegEx Replace action: every match of a pattern replaced, with .NET replacement syntax
// ($1, ${name}, $&, $$). Patterns run under the limits and time budget of ./regex.ts.
import type { ActionDefinition } from '../action.js';
import { readBoolean, readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { compilePattern, expandReplacement, findMatches } from './regex.js';
import { checkBox, output, textInput } from './text-actions.js';

export const REGEX_REPLACE_IDS = {
  Template: '3a43f0c8-577e-4aa0-9b69-1cf45bd3b251',
  Result: 'ba562219-4a2e-453a-92d4-c91622c05c90',
  Pattern: 'cfaebe2f-56b3-416e-bdc4-385fab840db2',
  Source: 'cd6e454e-9b14-4c72-9370-e795249c55d9',
  Replacement: 'e306f360-5d19-40b9-8910-9d1226375ff1',
  IgnoreCase: 'd7c6c3c2-9b8c-4f1d-8958-68d98ac59c89',
} as const;

const result = output(REGEX_REPLACE_IDS.Result, 'Result');
const pattern = textInput(REGEX_REPLACE_IDS.Pattern, 'Regular expression');
const source = textInput(REGEX_REPLACE_IDS.Source, 'Text');
const replacement = textInput(REGEX_REPLACE_IDS.Replacement, 'Replace with', undefined, {
  isRequired: false,
});
const ignoreCase = checkBox(REGEX_REPLACE_IDS.IgnoreCase, 'Ignore case', 'True');

export const regexReplaceAction: ActionDefinition = {
  template: actionTemplate(REGEX_REPLACE_IDS.Template, 'RegEx Replace', [
    result,
    pattern,
    source,
    replacement,
    ignoreCase,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const compiled = compilePattern(
      readText(inputs, pattern),
      readBoolean(inputs, ignoreCase, true),
      pattern,
    );
    const text = readText(inputs, source);
    const template = readText(inputs, replacement);
    const [matches = []] = await findMatches(compiled, [text], { textSetting: source });
    let replaced = '';
    let from = 0;
    for (const match of matches) {
      replaced += text.slice(from, match.index) + expandReplacement(template, match, text);
      from = match.index + (match.groups[0] ?? '').length;
    }
    return { [result.id]: replaced + text.slice(from) };
  },
};
