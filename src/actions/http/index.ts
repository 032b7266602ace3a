// The hTTP / API actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';

export const HTTP_ACTIONS: readonly ActionDefinition[] = [];
