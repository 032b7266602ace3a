// Owns UTC Now: the current date and time in UTC, to the millisecond.
import { luxon } from '../../connectors/luxon.js';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { actionTemplate, setting } from '../template-builders.js';
import { writeDateTime } from './date-values.js';

export const UTC_NOW_IDS = {
  Template: '7f6de28d-e756-492f-8d89-268aa95306ba',
  Now: 'd32190da-3f64-4fc2-b493-8250dda4b5e4',
} as const;

const now = setting(
  UTC_NOW_IDS.Now,
  'Current date and time (UTC)',
  'datatype',
  SettingDirections.Output,
  DataTypeIds.DateTime,
  { isRequired: true },
);

export const utcNowAction: ActionDefinition = {
  template: actionTemplate(UTC_NOW_IDS.Template, 'UTC Now', [now]),
  effectful: false,
  async execute() {
    return { [now.id]: writeDateTime(luxon().DateTime.utc()) };
  },
};
