// Owns the Sort Data Model action: a list of data models sorted by the configuration's Sort
// criteria ({Field: dot path, OrderType: Asc|Desc}, the first deciding, the next breaking ties),
// then by IdField, written back to the list's own variable. Values order as in ./list-values.ts.
import { DataTypeIds } from '../../domain/data-types/types.js';
import { renderText } from '../../flow/placeholders.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { invalidInput, readList } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';
import { compareValues, listInOut, parseOrder } from './list-values.js';
import { arrayProperty, objectItems, property, readConfig, valueAt } from './matching.js';

export const SORT_DATA_MODEL_IDS = {
  Template: '4addad21-ae56-43e5-aef6-5d09d8c82108',
  Config: '1ef71a58-67aa-4984-a910-81672b227cfe',
  List: '5e087df3-cf25-44c6-974d-6873817e29a0',
} as const;

const config = setting(
  SORT_DATA_MODEL_IDS.Config,
  'Sort configuration (JSON)',
  'code-editor',
  SettingDirections.Input,
  DataTypeIds.Json,
  { isRequired: true },
);
const list = listInOut(SORT_DATA_MODEL_IDS.List, 'List to sort');

export const sortDataModelAction: ActionDefinition = {
  template: actionTemplate(SORT_DATA_MODEL_IDS.Template, 'Sort Data Model', [config, list]),
  effectful: false,
  async execute({ inputs }) {
    const items = readList(inputs, list);
    const settings = readConfig(inputs, config)!;
    const criteria = objectItems(arrayProperty(settings, 'Sort', config), 'Sort', config).map(
      (criterion, i) => {
        const field = property(criterion, 'Field');
        if (typeof field !== 'string' || field === '')
          throw invalidInput(config, `has Sort item ${i + 1} without a Field.`);
        const orderValue = property(criterion, 'OrderType');
        const order =
          orderValue === undefined || orderValue === null
            ? 'asc'
            : parseOrder(renderText(orderValue));
        if (!order)
          throw invalidInput(
            config,
            `has Sort item ${i + 1} with an OrderType other than Asc or Desc.`,
          );
        return { field, sign: order === 'asc' ? 1 : -1 };
      },
    );
    if (criteria.length === 0) throw invalidInput(config, 'has no Sort criteria.');
    const idField = property(settings, 'IdField');
    if (typeof idField === 'string' && idField !== '') criteria.push({ field: idField, sign: 1 });
    const sorted = [...items].sort((a, b) => {
      for (const { field, sign } of criteria) {
        const order = compareValues(valueAt(a, field), valueAt(b, field));
        if (order !== 0) return sign * order;
      }
      return 0;
    });
    return { [list.id]: sorted };
  },
};
