// The jSON and XML actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';

export const JSON_ACTIONS: readonly ActionDefinition[] = [];
