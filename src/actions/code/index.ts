// The script actions of the platform catalogue, in the order the catalogue lists them. Both run
// user code in the script sandbox (src/sandbox). Python and Ruby are not built.
import type { ActionDefinition } from '../action.js';
import { javascriptAction } from './javascript.action.js';
import { nodeAction } from './node.action.js';

export const CODE_ACTIONS: readonly ActionDefinition[] = [javascriptAction, nodeAction];
