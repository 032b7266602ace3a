// The date and time actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';

export const DATE_ACTIONS: readonly ActionDefinition[] = [];
