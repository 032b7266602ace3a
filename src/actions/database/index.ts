// The sQL database actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';

export const DATABASE_ACTIONS: readonly ActionDefinition[] = [];
