// Owns Get Hour: the hour (0–23) of a date and time, in UTC.
import { datePartAction } from './date-part.js';

export const GET_HOUR_IDS = {
  Template: '1dfe6ff0-08d0-42c4-ac31-ba7c6944d3af',
  Hour: 'a79f2f59-a018-4154-ac8c-c576589554de',
  Date: 'a1364f71-bd03-497c-95b9-1b807865ddce',
} as const;

export const getHourAction = datePartAction({
  templateId: GET_HOUR_IDS.Template,
  name: 'Get Hour',
  input: { id: GET_HOUR_IDS.Date, label: 'Date and time' },
  output: { id: GET_HOUR_IDS.Hour, label: 'Hour (0–23)', type: 'Integer' },
  outputFirst: true,
  part: (date) => date.hour,
});
