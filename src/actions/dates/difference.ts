// Owns the shape of Date Difference and Time Difference: how many whole units pass from the
// first date to the second. Negative when the second is earlier; partial units are dropped
// (truncated toward zero).
import type { DateTime, DurationUnit } from 'luxon';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { readOption } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readDateTime } from './date-values.js';

export interface DifferenceIds {
  Template: string;
  Second: string;
  Unit: string;
  First: string;
  Result: string;
}

/** Whole units from `first` to `second`; calendar units follow the calendar, not fixed lengths. */
export function wholeUnitsBetween(first: DateTime, second: DateTime, unit: DurationUnit): number {
  return Math.trunc(second.diff(first, unit).as(unit)) || 0;
}

export function differenceAction(
  name: string,
  ids: DifferenceIds,
  units: Record<number, DurationUnit>,
): ActionDefinition {
  const { Input, Output } = SettingDirections;
  const { Integer: INTEGER, DateTime: DATETIME } = DataTypeIds;
  const required = { isRequired: true } as const;
  const second = setting(ids.Second, 'Second date', 'date-time', Input, DATETIME, required);
  const unit = setting(ids.Unit, 'Unit', 'select', Input, INTEGER, required);
  const first = setting(ids.First, 'First date', 'date-time', Input, DATETIME, required);
  const result = setting(ids.Result, 'Difference', 'datatype', Output, INTEGER, required);
  const choices = Object.keys(units).map(Number);
  return {
    template: actionTemplate(ids.Template, name, [second, unit, first, result]),
    effectful: false,
    async execute({ inputs }) {
      const from = readDateTime(inputs, first);
      const to = readDateTime(inputs, second);
      const which = units[readOption(inputs, unit, choices)]!;
      return { [result.id]: wholeUnitsBetween(from, to, which) };
    },
  };
}
