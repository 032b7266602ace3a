// The math and number actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';
import { addNumbersAction } from './add.action.js';

export const NUMBER_ACTIONS: readonly ActionDefinition[] = [addNumbersAction];
