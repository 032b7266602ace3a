// Owns Parse OLE Date: an OLE Automation date (days since 1899-12-30, the fraction being the time
// of day, as Excel and COM store dates) read as a UTC date and time, like .NET's FromOADate.
import type { DateTime } from 'luxon';
import { luxon } from '../../connectors/luxon.js';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readNumber } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { writeDateTime } from './date-values.js';

export const PARSE_OLE_DATE_IDS = {
  Template: '32113cd8-b046-9841-ba02-8877edc0c5f3',
  Input: 'ca724944-0e09-ff4f-af12-ea41fa34a055',
  Result: 'ca724944-0e09-ff4f-af12-ea41fa34a066',
} as const;

const DAY_MS = 86_400_000;
// Made at the first run: a luxon DateTime at import would load the ICU locale data (megabytes of
// memory) into every server at start.
let epoch: DateTime | undefined;
const oleEpoch = () =>
  (epoch ??= luxon().DateTime.fromISO('1899-12-30T00:00:00Z', { zone: 'utc' }));
// FromOADate's bounds: years 0100 to 9999.
const MIN_OA = -657435;
const MAX_OA = 2958466;

const { Input, Output } = SettingDirections;
const ids = PARSE_OLE_DATE_IDS;

const input = setting(ids.Input, 'OLE date number', 'text', Input, DataTypeIds.Object, {
  isRequired: true,
});
const result = setting(ids.Result, 'Date', 'datatype', Output, DataTypeIds.DateTime, {
  isRequired: true,
});

export const parseOleDateAction: ActionDefinition = {
  template: actionTemplate(ids.Template, 'Parse OLE Date', [input, result]),
  effectful: false,
  async execute({ inputs }) {
    const value = readNumber(inputs, input);
    if (value <= MIN_OA || value >= MAX_OA)
      throw invalidInput(input, `must lie between ${MIN_OA} and ${MAX_OA}; got ${value}.`);
    // Before 1899-12-30 the whole days count back but the fraction still counts forward.
    const days = Math.trunc(value);
    const time = Math.abs(value - days);
    const offset = Math.round(days * DAY_MS + time * DAY_MS);
    return { [result.id]: writeDateTime(oleEpoch().plus({ milliseconds: offset })) };
  },
};
