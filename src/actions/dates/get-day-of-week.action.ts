// Owns Get Day Of Week: the weekday of a date (UTC) as a number, in one of three numberings:
// Sunday 1 … Saturday 7, Monday 1 … Sunday 7, or Monday 0 … Sunday 6.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readOption } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readDateTime } from './date-values.js';

export const GET_DAY_OF_WEEK_IDS = {
  Template: '07c90946-0530-4897-9f04-55a478107ec4',
  Numbering: 'e821290e-05bd-4798-b617-d92f88ddd5ce',
  Result: '1664377a-2b33-45b5-b7be-fbc5527ba3a3',
  Date: '41563afe-a787-4827-a831-e9a0ff399a46',
} as const;

/** Numbering option → the number of a luxon weekday (1 = Monday … 7 = Sunday). */
const NUMBERINGS: Record<number, (weekday: number) => number> = {
  1: (weekday) => (weekday % 7) + 1,
  2: (weekday) => weekday,
  3: (weekday) => weekday - 1,
};

const { Input, Output } = SettingDirections;
const { Integer: INTEGER, DateTime: DATETIME } = DataTypeIds;
const ids = GET_DAY_OF_WEEK_IDS;
const required = { isRequired: true } as const;

const numbering = setting(ids.Numbering, 'Numbering', 'select', Input, INTEGER, required);
const result = setting(ids.Result, 'Day number', 'datatype', Output, INTEGER, required);
const date = setting(ids.Date, 'Date', 'date-time', Input, DATETIME, required);

export const getDayOfWeekAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Get Day Of Week', [numbering, result, date]),
  effectful: false,
  async execute({ inputs }) {
    const day = readDateTime(inputs, date);
    const number = NUMBERINGS[readOption(inputs, numbering, [1, 2, 3])]!;
    return { [result.id]: number(day.weekday) };
  },
};
