// The math and number actions of the platform catalogue, in the order the catalogue lists them.
// Generate Integer is a utility (../utilities).
import type { ActionDefinition } from '../action.js';
import { addNumbersAction } from './add.action.js';
import { arithmeticMeanAction } from './arithmetic-mean.action.js';
import { divideAction } from './divide.action.js';
import { listCorrelationAction } from './list-correlation.action.js';
import { listModeAction } from './list-mode.action.js';
import { listStandardDeviationAction } from './list-standard-deviation.action.js';
import { listVarianceAction } from './list-variance.action.js';
import { maxAction } from './max.action.js';
import { medianAction } from './median.action.js';
import { minAction } from './min.action.js';
import { moduloAction } from './modulo.action.js';
import { multiplyAction } from './multiply.action.js';
import { roundAction } from './round.action.js';
import { roundDownAction } from './round-down.action.js';
import { roundUpAction } from './round-up.action.js';
import { stringToNumberAction } from './string-to-number.action.js';
import { subtractAction } from './subtract.action.js';
import { sumAction } from './sum.action.js';
import { temperatureConverterAction } from './temperature-converter.action.js';

export const NUMBER_ACTIONS: readonly ActionDefinition[] = [
  addNumbersAction,
  arithmeticMeanAction,
  divideAction,
  listCorrelationAction,
  listModeAction,
  listStandardDeviationAction,
  listVarianceAction,
  maxAction,
  medianAction,
  minAction,
  moduloAction,
  multiplyAction,
  roundAction,
  roundDownAction,
  roundUpAction,
  stringToNumberAction,
  subtractAction,
  sumAction,
  temperatureConverterAction,
];
