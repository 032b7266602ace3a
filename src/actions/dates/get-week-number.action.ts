// Owns Get Week Number: the week of the year of a date (UTC) as .NET's Calendar.GetWeekOfYear
// counts it: weeks start on Sunday or Monday, and week 1 is the week of January 1, the first
// full week, or the first week with at least four days of the year (days before it belong to the
// previous year's last week; unlike ISO-8601, late December never counts as week 1).
import type { DateTime } from 'luxon';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readOption } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readDateTime } from './date-values.js';

export const GET_WEEK_NUMBER_IDS = {
  Template: '8e9cf826-1f25-44ea-a404-cd5d6fa2ef49',
  Result: '5efeff63-8073-4438-bfeb-e5b00db53216',
  Rule: '0770356e-3297-4dbb-86e6-3aba5bed7fbf',
  FirstDay: 'b9a7bea9-9a8b-4979-adbb-497904779b15',
  Date: '118132b7-1e2a-4741-bea6-fb407b9e7391',
} as const;

/** First Week Rule options: FirstDay 1, FirstFullWeek 2, FirstFourDayWeek 3. */
export type WeekRule = 1 | 2 | 3;

/**
 * The week of the year; `firstDay` 0 = Sunday, 1 = Monday. Days before week 1 count in the last
 * week of the year before.
 */
export function weekOfYear(date: DateTime, rule: WeekRule, firstDay: 0 | 1): number {
  const dayIndex = date.ordinal - 1;
  // Days between the start of the week holding January 1 and January 1 itself.
  const lead = (date.startOf('year').weekday - firstDay + 7) % 7;
  if (rule === 1) return Math.floor((dayIndex + lead) / 7) + 1;
  const fullDays = rule === 2 ? 7 : 4;
  const firstWeekCounts = lead === 0 || 7 - lead >= fullDays;
  const sinceWeekOne = firstWeekCounts ? dayIndex + lead : dayIndex - (7 - lead);
  if (sinceWeekOne >= 0) return Math.floor(sinceWeekOne / 7) + 1;
  return weekOfYear(date.startOf('year').minus({ days: 1 }), rule, firstDay);
}

const { Input, Output } = SettingDirections;
const { Integer: INTEGER, DateTime: DATETIME } = DataTypeIds;
const ids = GET_WEEK_NUMBER_IDS;
const required = { isRequired: true } as const;

const result = setting(ids.Result, 'Week number', 'datatype', Output, INTEGER, required);
const rule = setting(ids.Rule, 'First week of the year', 'select', Input, INTEGER, required);
const firstDay = setting(ids.FirstDay, 'Weeks start on', 'select', Input, INTEGER, required);
const date = setting(ids.Date, 'Date', 'date-time', Input, DATETIME, required);

export const getWeekNumberAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Get Week Number', [result, rule, firstDay, date]),
  effectful: false,
  async execute({ inputs }) {
    const day = readDateTime(inputs, date);
    const which = readOption(inputs, rule, [1, 2, 3] as const);
    // Option 1 = Sunday, 2 = Monday; luxon numbers Sunday 7, which `% 7` turns into 0.
    const start = readOption(inputs, firstDay, [1, 2] as const) === 1 ? 0 : 1;
    return { [result.id]: weekOfYear(day, which, start) };
  },
};
