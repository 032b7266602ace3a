// The list actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';
import { listLengthAction } from './length.action.js';

export const LIST_ACTIONS: readonly ActionDefinition[] = [listLengthAction];
