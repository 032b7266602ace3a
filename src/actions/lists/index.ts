// The list actions of the platform catalogue, in the order the catalogue lists them. Min, Max,
// Sum, Median, Arithmetic Mean and the statistics over lists are math actions (../numbers).
import type { ActionDefinition } from '../action.js';
import { listAddAction } from './add.action.js';
import { listConcatenateAction } from './concatenate.action.js';
import { listContainsAction } from './contains.action.js';
import { deduplicateAction } from './deduplicate.action.js';
import { listDifferenceAction } from './difference.action.js';
import { filterAction } from './filter.action.js';
import { findDuplicatesAction } from './find-duplicates.action.js';
import { firstNAction } from './first-n.action.js';
import { getElementAction } from './get-element.action.js';
import { listGetIndexAction } from './get-index.action.js';
import { hasElementsAction } from './has-elements.action.js';
import { listIntersectionAction } from './intersection.action.js';
import { lastNAction } from './last-n.action.js';
import { listLengthAction } from './length.action.js';
import { listToStringAction } from './list-to-string.action.js';
import { listRemoveAction } from './remove.action.js';
import { simpleFilterAction } from './simple-filter.action.js';
import { listSortAction } from './sort.action.js';
import { sortDataModelAction } from './sort-data-model.action.js';
import { sublistAction } from './sublist.action.js';

export const LIST_ACTIONS: readonly ActionDefinition[] = [
  listAddAction,
  listConcatenateAction,
  listContainsAction,
  deduplicateAction,
  filterAction,
  findDuplicatesAction,
  firstNAction,
  getElementAction,
  listGetIndexAction,
  hasElementsAction,
  lastNAction,
  listLengthAction,
  listDifferenceAction,
  listIntersectionAction,
  listToStringAction,
  listRemoveAction,
  simpleFilterAction,
  listSortAction,
  sortDataModelAction,
  sublistAction,
];
