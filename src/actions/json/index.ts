// The JSON and XML actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';
import { extractListAction } from './extract-list.action.js';
import { extractObjectsAction } from './extract-objects.action.js';
import { fileToJsonAction } from './file-to-json.action.js';
import { isValidJsonAction } from './is-valid-json.action.js';
import { jsonToXmlAction } from './json-to-xml.action.js';
import { keyValueAction } from './key-value.action.js';
import { stringToJsonAction } from './string-to-json.action.js';
import { xmlToJsonAction } from './xml-to-json.action.js';

export const JSON_ACTIONS: readonly ActionDefinition[] = [
  extractListAction,
  extractObjectsAction,
  fileToJsonAction,
  isValidJsonAction,
  jsonToXmlAction,
  keyValueAction,
  stringToJsonAction,
  xmlToJsonAction,
];
