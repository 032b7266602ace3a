// Owns Get Year: the year of a date, in UTC.
import { datePartAction } from './date-part.js';

export const GET_YEAR_IDS = {
  Template: 'b6e57097-8947-4cca-b0cf-bafa06459ad9',
  Year: '4bbddb41-45cc-47be-9b74-274e005b4b9e',
  Date: 'c1eaa484-7bff-4b7d-9caa-7d75a5dd274a',
} as const;

export const getYearAction = datePartAction({
  templateId: GET_YEAR_IDS.Template,
  name: 'Get Year',
  input: { id: GET_YEAR_IDS.Date, label: 'Date' },
  output: { id: GET_YEAR_IDS.Year, label: 'Year', type: 'Integer' },
  outputFirst: true,
  part: (date) => date.year,
});
