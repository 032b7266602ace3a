// The date and time actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';
import { dateDifferenceAction } from './date-difference.action.js';
import { dateFromStringAction } from './date-from-string.action.js';
import { dateTimeToStringAction } from './datetime-to-string.action.js';
import { formatDateTimeAction } from './format-datetime.action.js';
import { getDayOfWeekAction } from './get-day-of-week.action.js';
import { getDayAction } from './get-day.action.js';
import { getHourAction } from './get-hour.action.js';
import { getMinuteAction } from './get-minute.action.js';
import { getMonthAction } from './get-month.action.js';
import { getWeekNumberAction } from './get-week-number.action.js';
import { getYearAction } from './get-year.action.js';
import { isWeekdayAction } from './is-weekday.action.js';
import { isWeekendAction } from './is-weekend.action.js';
import { parseExactDateTimeAction } from './parse-exact-datetime.action.js';
import { parseOleDateAction } from './parse-ole-date.action.js';
import { stringToDateTimeAction } from './string-to-datetime.action.js';
import { timeDifferenceAction } from './time-difference.action.js';
import { timezoneConverterAction } from './timezone-converter.action.js';
import { todayAction } from './today.action.js';
import { updateDateTimeAction } from './update-datetime.action.js';
import { utcNowAction } from './utc-now.action.js';

export const DATE_ACTIONS: readonly ActionDefinition[] = [
  dateDifferenceAction,
  dateFromStringAction,
  dateTimeToStringAction,
  formatDateTimeAction,
  getDayAction,
  getDayOfWeekAction,
  getHourAction,
  getMinuteAction,
  getMonthAction,
  getWeekNumberAction,
  getYearAction,
  isWeekdayAction,
  isWeekendAction,
  parseOleDateAction,
  stringToDateTimeAction,
  parseExactDateTimeAction,
  timeDifferenceAction,
  timezoneConverterAction,
  todayAction,
  updateDateTimeAction,
  utcNowAction,
];
