// The utilities: ids, random values of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';

export const UTILITY_ACTIONS: readonly ActionDefinition[] = [];
