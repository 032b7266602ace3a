// The file actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';

export const FILE_ACTIONS: readonly ActionDefinition[] = [];
