// Owns the number Add action: the sum of two numbers of any numeric type (PROCESIO types its
// settings Object for that reason), computed in double precision.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import { ActionError, type ActionDefinition } from '../action.js';
import { readNumber } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';

export const ADD_NUMBERS_IDS = {
  Template: 'fea7cedc-082a-4c17-916d-fa892781e4e0',
  First: 'b3a9874e-a4e8-4d7a-9ea3-89abd19dfd8c',
  Result: '9e68606a-f9af-44a1-a0db-ff9c9fa14ea0',
  Second: '268283fd-f792-4638-8bc1-71d2dc941aab',
} as const;

const { Input, Output } = SettingDirections;
const OBJECT = DataTypeIds.Object;
const required = { isRequired: true } as const;

const first = setting(ADD_NUMBERS_IDS.First, 'First number', 'number', Input, OBJECT, required);
const result = setting(ADD_NUMBERS_IDS.Result, 'Sum', 'datatype', Output, OBJECT, required);
const second = setting(ADD_NUMBERS_IDS.Second, 'Second number', 'number', Input, OBJECT, required);

export const addNumbersAction: ActionDefinition = {
  template: actionTemplate(ADD_NUMBERS_IDS.Template, 'Add Numbers', [first, result, second]),
  effectful: false,
  async execute({ inputs }) {
    const a = readNumber(inputs, first);
    const b = readNumber(inputs, second);
    const sum = a + b;
    // Whole numbers must stay exact (API.md §6.2); a sum past 2^53 would silently round.
    const exact = Number.isInteger(a) && Number.isInteger(b) ? Number.isSafeInteger(sum) : true;
    if (!Number.isFinite(sum) || !exact)
      throw ActionError.of(
        'overflow',
        `The sum of ${a} and ${b} is too large to represent exactly.`,
      );
    return { [result.id]: sum };
  },
};
