// Owns the List Mode action: the element that occurs most often in a non-empty list of any
// values (the equality of ../lists/list-values.ts); on a tie, the one that occurs first.
import { invalidInput, readList } from '../inputs.js';
import { canonicalKey } from '../lists/duplicates.js';
import { aggregateAction, numberListInput, output } from './number-values.js';

export const LIST_MODE_IDS = {
  Template: 'fc081e39-0322-e54d-8957-942a5a6bd0b2',
  List: '5e1185d6-9c2f-764e-ae9f-3900b5744f8b',
  Result: 'b46dd7f2-c5d8-fe47-8bbe-8d2e6f129aeb',
} as const;

export const listModeAction = aggregateAction({
  templateId: LIST_MODE_IDS.Template,
  name: 'List Mode',
  list: numberListInput(LIST_MODE_IDS.List, 'Elements', undefined, 'any'),
  result: output(LIST_MODE_IDS.Result, 'Most frequent element'),
  compute(inputs, list) {
    const items = readList(inputs, list);
    if (items.length === 0) throw invalidInput(list, 'must not be empty.');
    // A map keeps its keys in first-occurrence order, which settles ties.
    const counts = new Map<string, { first: unknown; count: number }>();
    for (const item of items) {
      const key = canonicalKey(item);
      const entry = counts.get(key) ?? { first: item, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
    let best = { first: undefined as unknown, count: 0 };
    for (const entry of counts.values()) if (entry.count > best.count) best = entry;
    return best.first;
  },
});
