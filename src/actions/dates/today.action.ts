// Owns Today: the current date at midnight UTC (the server's clock, in UTC whatever its zone).
import { luxon } from '../../connectors/luxon.js';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { actionTemplate, setting } from '../template-builders.js';
import { writeDateTime } from './date-values.js';

export const TODAY_IDS = {
  Template: 'f5271890-cbcb-4cdc-bc81-9493869e4e01',
  Today: '4bc09f6d-2536-402c-8410-0bc87c8b30b1',
} as const;

const today = setting(
  TODAY_IDS.Today,
  "Today's date (00:00 UTC)",
  'datatype',
  SettingDirections.Output,
  DataTypeIds.DateTime,
  { isRequired: true },
);

export const todayAction: ActionDefinition = {
  template: actionTemplate(TODAY_IDS.Template, 'Today', [today]),
  effectful: false,
  async execute() {
    return { [today.id]: writeDateTime(luxon().DateTime.utc().startOf('day')) };
  },
};
