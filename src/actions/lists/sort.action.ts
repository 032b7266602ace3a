// Owns the list Sort action: a list sorted ascending or descending (the order of
// ./list-values.ts), written back to the list's own variable. Equal elements keep their order.
import type { ActionDefinition } from '../action.js';
import { readList } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import { setting } from '../template-builders.js';
import { compareValues, listInOut, readOrder } from './list-values.js';

export const LIST_SORT_IDS = {
  Template: '56674795-78a6-4bc4-a239-67d2e75a7695',
  List: '473cde12-0077-4281-a316-a4088e2eeea6',
  Order: '16c38ae6-5f79-4262-a508-1b5abce22d32',
} as const;

const list = listInOut(LIST_SORT_IDS.List, 'List to sort');
// A select storing "ASC" or "DESC".
const order = setting(
  LIST_SORT_IDS.Order,
  'Order',
  'select',
  SettingDirections.Input,
  DataTypeIds.String,
  {
    isRequired: true,
  },
);

export const listSortAction: ActionDefinition = {
  template: actionTemplate(LIST_SORT_IDS.Template, 'Sort List', [list, order]),
  effectful: false,
  async execute({ inputs }) {
    const direction = readOrder(inputs, order);
    const items = readList(inputs, list);
    const sorted = [...items].sort(
      direction === 'asc' ? compareValues : (a, b) => compareValues(b, a),
    );
    return { [list.id]: sorted };
  },
};
