// The HTTP / API actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';
import { callApiAction, callApiV3Action } from './call-api.action.js';

export const HTTP_ACTIONS: readonly ActionDefinition[] = [callApiAction, callApiV3Action];
