// Owns the List Intersection action: the elements of the first list that are also in the second,
// each once, in first-list order (a set intersection, as LINQ's Intersect gives).
import type { ActionDefinition } from '../action.js';
import { readList } from '../inputs.js';
import { actionTemplate } from '../template-builders.js';
import { distinct, indexOfValue, listInput, output } from './list-values.js';

export const LIST_INTERSECTION_IDS = {
  Template: 'f77f73e5-24b5-3c43-bd7f-138debe409bc',
  Result: '4ea29f35-ea9c-804b-9786-382bdc5b059e',
  Second: '8196577c-6be4-d74f-a812-cf26df18c3ed',
  First: 'a83cf17c-30bd-ca46-947f-dd26414e2181',
} as const;

const result = output(LIST_INTERSECTION_IDS.Result, 'Intersection', undefined, { isList: true });
const second = listInput(LIST_INTERSECTION_IDS.Second, 'Second list', { type: 'any' });
const first = listInput(LIST_INTERSECTION_IDS.First, 'First list', { type: 'any' });

export const listIntersectionAction: ActionDefinition = {
  template: actionTemplate(LIST_INTERSECTION_IDS.Template, 'List Intersection', [
    result,
    second,
    first,
  ]),
  effectful: false,
  async execute({ inputs }) {
    const other = readList(inputs, second);
    const common = distinct(readList(inputs, first)).filter(
      (item) => indexOfValue(other, item) !== -1,
    );
    return { [result.id]: common };
  },
};
