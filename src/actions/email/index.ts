// The e-mail actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';
import { sendEmailAction } from './send-email.action.js';

export const EMAIL_ACTIONS: readonly ActionDefinition[] = [sendEmailAction];
