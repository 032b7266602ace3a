// Owns the string Join action: the texts of a list joined with a separator. Elements that are not
// text are rendered as textual substitution renders them (null as an empty text).
import { renderText } from '../../flow/placeholders.js';
import type { ActionDefinition } from '../action.js';
import { readList, readText } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { output, textInput } from './text-actions.js';

export const JOIN_IDS = {
  Template: '9932e1d1-71b6-4616-9bd3-3cbc6d84109c',
  List: '5149aa56-448d-4ea0-9582-fece7cc0698e',
  Separator: 'bc2b7988-9880-4e53-904b-9fb298fd592c',
  Result: '009b81d5-3eaa-4434-87a5-bdc944190d86',
} as const;

const list = textInput(JOIN_IDS.List, 'Texts', undefined, { isList: true });
const separator = textInput(JOIN_IDS.Separator, 'Separator');
const result = output(JOIN_IDS.Result, 'Joined text');

export const joinAction: ActionDefinition = {
  template: actionTemplate(JOIN_IDS.Template, 'Join', [list, separator, result]),
  effectful: false,
  async execute({ inputs }) {
    const texts = readList(inputs, list).map(renderText);
    return { [result.id]: texts.join(readText(inputs, separator)) };
  },
};
