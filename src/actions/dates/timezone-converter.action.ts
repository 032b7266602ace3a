// Owns Timezone Converter: a wall-clock date and time read in one IANA time zone and written as
// the wall-clock time of the same instant in another, as .NET's TimeZoneInfo.ConvertTime does.
// DateTime values carry no zone, so the result is that wall-clock time stored as a UTC value.
import { luxon } from '../../connectors/luxon.js';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections, type TemplateSetting } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readText, type Inputs } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readDateTime, writeDateTime } from './date-values.js';

export const TIMEZONE_CONVERTER_IDS = {
  Template: '70196517-d20e-5742-b705-0048b685a13c',
  Date: '991deb7b-5ef9-934a-bbd6-51d85a916e69',
  From: '52c9856a-7814-7c42-a1af-622bd26c2464',
  To: '3449f49f-5f37-ce44-882e-1a2c910d8afd',
  Result: 'f2d882a4-f88b-5d41-a258-9c76949ed89b',
} as const;

const { Input, Output } = SettingDirections;
const { String: STRING, DateTime: DATETIME } = DataTypeIds;
const ids = TIMEZONE_CONVERTER_IDS;
const required = { isRequired: true } as const;

const date = setting(ids.Date, 'Date and time', 'date-time', Input, DATETIME, required);
const from = setting(ids.From, 'From time zone', 'select', Input, STRING, required);
const to = setting(ids.To, 'To time zone', 'select', Input, STRING, required);
const result = setting(ids.Result, 'Converted date and time', 'datatype', Output, DATETIME, {
  isRequired: true,
});

function readZone(inputs: Inputs, zoneSetting: TemplateSetting): string {
  const name = readText(inputs, zoneSetting).trim();
  if (name.toUpperCase() === 'UTC') return 'UTC';
  if (!luxon().IANAZone.isValidZone(name))
    throw invalidInput(
      zoneSetting,
      `must be an IANA time zone such as Europe/Bucharest; got ${JSON.stringify(name)}.`,
    );
  return name;
}

export const timezoneConverterAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Timezone Converter', [from, date, to, result]),
  effectful: false,
  async execute({ inputs }) {
    const wall = readDateTime(inputs, date);
    const source = readZone(inputs, from);
    const target = readZone(inputs, to);
    // A wall time skipped by a daylight-saving jump moves forward by the jump, as luxon and
    // most schedulers do.
    const instant = luxon().DateTime.fromObject(wall.toObject(), { zone: source });
    const there = instant.setZone(target);
    return {
      [result.id]: writeDateTime(luxon().DateTime.fromObject(there.toObject(), { zone: 'utc' })),
    };
  },
};
