// Owns Get Day: the day of the month (1–31) of a date, in UTC.
import { datePartAction } from './date-part.js';

export const GET_DAY_IDS = {
  Template: '4a9922d6-046b-49f4-a94a-67b1022773d6',
  Date: '9a126462-2c26-4e2f-8d1f-99fb1ac1e9a6',
  Day: 'ae17ed7d-7b8a-4080-826b-3c5ccf190229',
} as const;

export const getDayAction = datePartAction({
  templateId: GET_DAY_IDS.Template,
  name: 'Get Day',
  input: { id: GET_DAY_IDS.Date, label: 'Date' },
  output: { id: GET_DAY_IDS.Day, label: 'Day of the month', type: 'Integer' },
  part: (date) => date.day,
});
