// The utilities: ids, random values of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';
import { generateGuidAction } from './generate-guid.action.js';
import { generateIntegerAction } from './generate-integer.action.js';
import { generateStringAction } from './generate-string.action.js';

export const UTILITY_ACTIONS: readonly ActionDefinition[] = [
  generateGuidAction,
  generateIntegerAction,
  generateStringAction,
];
