// Owns the RegEx Validate action: whether a pattern matches somewhere in a value (anchor it with
// ^ and $ to require a whole-value match), as .NET's IsMatch answers. Patterns run under the
// limits and time budget of ./regex.ts.
import type { ActionDefinition } from '../action.js';
import { readBoolean, readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { compilePattern, findMatches } from './regex.js';
import { BOOLEAN, checkBox, output, textInput } from './text-actions.js';

export const REGEX_VALIDATE_IDS = {
  Template: '2360beae-8bcb-412d-95dd-a55badd8e9e3',
  Result: '2d1e0893-aec3-491a-9989-6100bf78ecbd',
  IgnoreCase: 'bc26ee94-2e9d-43b6-a82a-0f281c5238e0',
  Pattern: '8581f298-6810-4993-b427-7ea82b19f981',
  Value: 'cbe129c1-dd62-40c8-8c4e-3098de236b67',
} as const;

const result = output(REGEX_VALIDATE_IDS.Result, 'Matches', BOOLEAN);
const ignoreCase = checkBox(REGEX_VALIDATE_IDS.IgnoreCase, 'Ignore case', 'True');
const pattern = textInput(REGEX_VALIDATE_IDS.Pattern, 'Regular expression');
const value = textInput(REGEX_VALIDATE_IDS.Value, 'Value to check');

export const regexValidateAction: ActionDefinition = {
  template: actionTemplate(REGEX_VALIDATE_IDS.Template, 'RegEx Validate', [
    result,
    ignoreCase,
    pattern,
    value,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const compiled = compilePattern(
      readText(inputs, pattern),
      readBoolean(inputs, ignoreCase, true),
      pattern,
    );
    const [matches = []] = await findMatches(compiled, [readText(inputs, value)], {
      textSetting: value,
      firstOnly: true,
    });
    return { [result.id]: matches.length > 0 };
  },
};
