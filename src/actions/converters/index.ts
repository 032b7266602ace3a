// The converters: encodings, hashes, HMAC, encryption of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';
import { base64ToStringAction } from './base64-to-string.action.js';
import { decryptAes256Action } from './decrypt-aes256.action.js';
import { encryptAes256Action } from './encrypt-aes256.action.js';
import { hashMacAction } from './hash-mac.action.js';
import { hashAction } from './hash.action.js';
import { objectToStringAction } from './object-to-string.action.js';
import { stringToBase64Action } from './string-to-base64.action.js';

export const CONVERTER_ACTIONS: readonly ActionDefinition[] = [
  base64ToStringAction,
  decryptAes256Action,
  encryptAes256Action,
  hashAction,
  hashMacAction,
  objectToStringAction,
  stringToBase64Action,
];
