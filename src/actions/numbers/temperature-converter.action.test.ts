import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import {
  TEMPERATURE_IDS as IDS,
  temperatureConverterAction,
} from './temperature-converter.action.js';

const convert = async (value: unknown, from: string, to: string) =>
  (
    await runAction(temperatureConverterAction, {
      [IDS.Temperature]: value,
      [IDS.From]: from,
      [IDS.To]: to,
    })
  )[IDS.Result];

describe('Temperature Converter', () => {
  it('is pure, under PROCESIO template 4ccb74e4-17df-a74f-b673-0b62875eda02', () => {
    expect(temperatureConverterAction.effectful).toBe(false);
    expect(temperatureConverterAction.template.id).toBe('4ccb74e4-17df-a74f-b673-0b62875eda02');
  });

  it('converts between Celsius, Fahrenheit, Kelvin and Rankine', async () => {
    expect(await convert(100, 'Celsius', 'Fahrenheit')).toBe(212);
    expect(await convert(-40, 'Fahrenheit', 'Celsius')).toBe(-40);
    expect(await convert('0', 'Celsius', 'Kelvin')).toBe(273.15);
    expect(await convert(491.67, 'Rankine', 'celsius')).toBe(0);
    expect(await convert(300, 'Kelvin', 'Kelvin')).toBe(300);
  });

  it('refuses an unknown scale and a temperature below absolute zero', async () => {
    expect(
      await failureOf(temperatureConverterAction, {
        [IDS.Temperature]: 1,
        [IDS.From]: 'Réaumur',
        [IDS.To]: 'Celsius',
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.From } });
    expect(
      await failureOf(temperatureConverterAction, {
        [IDS.Temperature]: -300,
        [IDS.From]: 'Celsius',
        [IDS.To]: 'Kelvin',
      }),
    ).toMatchObject({ type: 'validation', details: { settingId: IDS.Temperature } });
  });
});
