// Owns Get Minute: the minute (0–59) of a date and time.
import { datePartAction } from './date-part.js';

export const GET_MINUTE_IDS = {
  Template: 'a3dd560e-3daf-467b-b737-2aff30e10b91',
  Date: 'c89d352f-3b10-4fc8-9311-07d220b23cf7',
  Minute: 'bf0cdbe2-9779-4bc0-a97b-a235ddee7bc9',
} as const;

export const getMinuteAction = datePartAction({
  templateId: GET_MINUTE_IDS.Template,
  name: 'Get Minute',
  input: { id: GET_MINUTE_IDS.Date, label: 'Date and time' },
  output: { id: GET_MINUTE_IDS.Minute, label: 'Minute (0–59)', type: 'Integer' },
  part: (date) => date.minute,
});
