// Owns the shape shared by the date actions that read one part of a date (Get Day, Get Hour, Is
// Weekend…): one DateTime input, one output computed from its UTC parts.
import type { DateTime } from 'luxon';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { actionTemplate, setting } from '../template-builders.js';
import { readDateTime } from './date-values.js';

export interface DatePartSpec {
  templateId: string;
  name: string;
  input: { id: string; label: string };
  output: { id: string; label: string; type: 'Integer' | 'Boolean' };
  /** PROCESIO's catalogue lists some of these actions output first. */
  outputFirst?: boolean;
  part(date: DateTime): number | boolean;
}

export function datePartAction(spec: DatePartSpec): ActionDefinition {
  const required = { isRequired: true } as const;
  const input = setting(
    spec.input.id,
    spec.input.label,
    'date-time',
    SettingDirections.Input,
    DataTypeIds.DateTime,
    required,
  );
  const output = setting(
    spec.output.id,
    spec.output.label,
    'datatype',
    SettingDirections.Output,
    DataTypeIds[spec.output.type],
    required,
  );
  return {
    template: actionTemplate(
      spec.templateId,
      spec.name,
      spec.outputFirst ? [output, input] : [input, output],
    ),
    effectful: false,
    async execute({ inputs }) {
      return { [output.id]: spec.part(readDateTime(inputs, input)) };
    },
  };
}
