// Owns Update DateTime: a date moved by a whole number of years, months, days, hours, minutes or
// seconds (negative moves back). Months and years keep the day, clamped to the month's last day.
import type { DurationLikeObject } from 'luxon';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readNumber, readOption } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readDateTime, writeDateTime } from './date-values.js';

export const UPDATE_DATETIME_IDS = {
  Template: 'a77c754f-5d85-4350-87bc-658e91b96b98',
  Amount: 'b0386732-57b9-45ad-af4c-5d2d33c4bfab',
  Unit: '274e2c4b-d7db-4536-9efe-6eddd6e96729',
  Date: '25404ae9-6843-4f68-8cf6-a042cb2adaf0',
  Result: 'd02a14ff-4429-4411-a3a3-cc3a6ac3b30a',
} as const;

/** The Unit Of Time select's option values. */
const UNITS: Record<number, keyof DurationLikeObject> = {
  1: 'years',
  2: 'months',
  3: 'days',
  4: 'hours',
  5: 'minutes',
  6: 'seconds',
};

const { Input, Output } = SettingDirections;
const { Integer: INTEGER, DateTime: DATETIME } = DataTypeIds;
const ids = UPDATE_DATETIME_IDS;
const required = { isRequired: true } as const;

const amount = setting(ids.Amount, 'Amount to add', 'number', Input, INTEGER, {
  isRequired: true,
  defaultValue: '0',
});
const unit = setting(ids.Unit, 'Unit', 'select', Input, INTEGER, required);
const date = setting(ids.Date, 'Date and time', 'date-time', Input, DATETIME, required);
const result = setting(ids.Result, 'Moved date', 'datatype', Output, DATETIME, required);

export const updateDateTimeAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Update DateTime', [amount, unit, date, result]),
  effectful: false,
  async execute({ inputs }) {
    const start = readDateTime(inputs, date);
    const which = UNITS[readOption(inputs, unit, [1, 2, 3, 4, 5, 6])]!;
    return { [result.id]: writeDateTime(start.plus({ [which]: readNumber(inputs, amount) })) };
  },
};
