// Owns loading luxon, which date actions and schedule times use: it loads with the first date
// computed rather than at every start. Every value of luxon's comes from this one copy.
import type * as Luxon from 'luxon';
import { requireOnce } from './load-once.js';

export const luxon = requireOnce<typeof Luxon>('luxon');
