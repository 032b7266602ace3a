// The converters: encodings, hashes, HMAC, encryption of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';

export const CONVERTER_ACTIONS: readonly ActionDefinition[] = [];
