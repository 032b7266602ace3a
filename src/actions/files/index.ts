// The file actions of the platform catalogue, in the order the catalogue lists them.
import type { ActionDefinition } from '../action.js';
import { base64ToFileAction } from './base64-to-file.action.js';
import { exportToCsvAction } from './export-to-csv.action.js';
import { fileToBase64Action } from './file-to-base64.action.js';
import { fileToStringAction } from './file-to-string.action.js';
import { listToFileAction } from './list-to-file.action.js';
import { objectToFileAction } from './object-to-file.action.js';
import { readFilesContentAction } from './read-files-content.action.js';
import { readRangeFromCsvAction } from './read-range-from-csv.action.js';

export const FILE_ACTIONS: readonly ActionDefinition[] = [
  base64ToFileAction,
  exportToCsvAction,
  fileToBase64Action,
  fileToStringAction,
  listToFileAction,
  objectToFileAction,
  readFilesContentAction,
  readRangeFromCsvAction,
];
