// Owns Is Weekday: whether a date falls Monday to Friday, in UTC.
import { datePartAction } from './date-part.js';

export const IS_WEEKDAY_IDS = {
  Template: '40e66ce3-e5d6-46fb-b1f8-0d01289f25ba',
  Date: '55e6ea16-9598-4608-a3dc-85a6ce8c2fbb',
  Result: 'aebfa327-1577-4999-946d-590b68086563',
} as const;

export const isWeekdayAction = datePartAction({
  templateId: IS_WEEKDAY_IDS.Template,
  name: 'Is Weekday',
  input: { id: IS_WEEKDAY_IDS.Date, label: 'Date' },
  output: { id: IS_WEEKDAY_IDS.Result, label: 'Monday to Friday?', type: 'Boolean' },
  part: (date) => date.weekday <= 5,
});
