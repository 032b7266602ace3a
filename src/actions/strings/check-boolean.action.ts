// Owns the Check Boolean action: a guard that lets the flow go on only when a boolean has the
// expected value, and fails (error port) otherwise. It has no output.
import { ActionError, type ActionDefinition } from '../action.js';
import { readBoolean, readOption } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { BOOLEAN, textInput } from './text-actions.js';

export const CHECK_BOOLEAN_IDS = {
  Template: '321e291b-cc48-dc42-b1a1-2b647cc9f9bd',
  Value: 'e6143b0e-b31d-c74a-8d75-9ebd3434879b',
  Expected: '32f901a4-4b50-6a4c-b727-a297b57cadf5',
} as const;

const value = textInput(CHECK_BOOLEAN_IDS.Value, 'Value to check', BOOLEAN);
// A select whose options store "true" and "false".
const expected = textInput(CHECK_BOOLEAN_IDS.Expected, 'Expected value', undefined, {
  type: 'select',
});

export const checkBooleanAction: ActionDefinition = {
  template: actionTemplate(CHECK_BOOLEAN_IDS.Template, 'Check Boolean', [value, expected]),
  effectful: false,
  async execute({ inputs }) {
    const actual = readBoolean(inputs, value);
    const wanted = readOption(inputs, expected, ['true', 'false'] as const);
    if (String(actual) !== wanted)
      throw ActionError.of(
        'check.failed',
        `"${value.name}" is ${actual}, but the check expects ${wanted}.`,
        { details: { settingId: value.id } },
      );
    return {};
  },
};
