// Owns Is Weekend: whether a date falls on a Saturday or Sunday, in UTC.
import { datePartAction } from './date-part.js';

export const IS_WEEKEND_IDS = {
  Template: '87775be3-30a2-4f02-bc02-5731d83d1218',
  Result: '8998621b-fee6-4b0b-b13b-4d4a29bae09a',
  Date: 'f4cdcd79-df34-46d1-9a84-821cca66e3f5',
} as const;

export const isWeekendAction = datePartAction({
  templateId: IS_WEEKEND_IDS.Template,
  name: 'Is Weekend',
  input: { id: IS_WEEKEND_IDS.Date, label: 'Date' },
  output: { id: IS_WEEKEND_IDS.Result, label: 'Saturday or Sunday?', type: 'Boolean' },
  outputFirst: true,
  part: (date) => date.weekday >= 6,
});
