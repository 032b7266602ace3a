// The text and string actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';
import { concatenateAction } from './concatenate.action.js';
import { replaceAction } from './replace.action.js';
import { toUpperAction } from './to-upper.action.js';
import { toLowerAction } from './to-lower.action.js';

export const STRING_ACTIONS: readonly ActionDefinition[] = [
  concatenateAction,
  replaceAction,
  toUpperAction,
  toLowerAction,
];
