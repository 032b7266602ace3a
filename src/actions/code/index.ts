// The script actions run in the sandbox of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';

export const CODE_ACTIONS: readonly ActionDefinition[] = [];
