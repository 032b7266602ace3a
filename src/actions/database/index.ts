// The SQL database actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';
import { executeCommandAction, executeCommandV1Action } from './execute-command.action.js';
import {
  executeQueryAction,
  executeQueryV1Action,
  executeQueryV2Action,
} from './execute-query.action.js';

export const DATABASE_ACTIONS: readonly ActionDefinition[] = [
  executeCommandAction,
  executeCommandV1Action,
  executeQueryAction,
  executeQueryV1Action,
  executeQueryV2Action,
];
