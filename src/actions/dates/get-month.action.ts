// Owns Get Month: the month (1–12) of a date, in UTC.
import { datePartAction } from './date-part.js';

export const GET_MONTH_IDS = {
  Template: '2ef7c841-afcc-4233-8ba5-5a4b9b758c23',
  Date: '45b6753d-380c-438f-9270-c2cd89f5e24d',
  Month: '96e5a95c-cc75-466a-867a-e73df7f6e518',
} as const;

export const getMonthAction = datePartAction({
  templateId: GET_MONTH_IDS.Template,
  name: 'Get Month',
  input: { id: GET_MONTH_IDS.Date, label: 'Date' },
  output: { id: GET_MONTH_IDS.Month, label: 'Month (1–12)', type: 'Integer' },
  part: (date) => date.month,
});
