// Owns the Temperature Converter action: a temperature from one scale to another (Celsius,
// Fahrenheit, Kelvin, Rankine, by the names PROCESIO's selects store, in any case). Results are
// rounded to 10 decimals so 100 °C reads 212 °F, not 212.00000000000003.
import { DataTypeIds } from '../../domain/data-types/types.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readNumber, readOption, type Inputs } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import type { TemplateSetting } from '../../flow/template-catalog.js';
import { output, requiredInput, roundTo } from './number-values.js';

export const TEMPERATURE_IDS = {
  Template: '4ccb74e4-17df-a74f-b673-0b62875eda02',
  To: '42e08931-f4a6-814c-a112-913d01d7b346',
  From: '68643d62-bede-b54b-9868-c2c8c971d1d6',
  Temperature: '3dae1989-c8e2-ef40-af48-d97c3dfa656f',
  Result: '6db806d5-5d30-ad48-8e69-d1eb5f15cca6',
} as const;

/** Each scale as Kelvin = value × factor + offset. */
const SCALES = {
  celsius: { factor: 1, offset: 273.15 },
  fahrenheit: { factor: 5 / 9, offset: 273.15 - (32 * 5) / 9 },
  kelvin: { factor: 1, offset: 0 },
  rankine: { factor: 5 / 9, offset: 0 },
} as const;
type Scale = keyof typeof SCALES;

const FLOAT = DataTypeIds.Float;
const to = requiredInput(TEMPERATURE_IDS.To, 'To scale', DataTypeIds.String, 'select');
const from = requiredInput(TEMPERATURE_IDS.From, 'From scale', DataTypeIds.String, 'select');
const temperature = requiredInput(TEMPERATURE_IDS.Temperature, 'Temperature', FLOAT, 'text');
const result = output(TEMPERATURE_IDS.Result, 'Converted temperature', FLOAT);

function readScale(inputs: Inputs, setting: TemplateSetting): Scale {
  const name = readOption(inputs, setting, ['Celsius', 'Fahrenheit', 'Kelvin', 'Rankine'] as const);
  return name.toLowerCase() as Scale;
}

export const temperatureConverterAction: ActionDefinition = {
  template: actionTemplate(TEMPERATURE_IDS.Template, 'Temperature Converter', [
    to,
    from,
    temperature,
    result,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const value = readNumber(inputs, temperature);
    const source = SCALES[readScale(inputs, from)];
    const target = SCALES[readScale(inputs, to)];
    const kelvin = value * source.factor + source.offset;
    if (kelvin < -1e-9)
      throw invalidInput(
        temperature,
        `is below absolute zero (${value} is ${roundTo(kelvin, 10, 'nearest')} K).`,
      );
    const converted = (kelvin - target.offset) / target.factor;
    return { [result.id]: roundTo(converted, 10, 'nearest') };
  },
};
